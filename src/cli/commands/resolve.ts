import { UsageError } from '../../core/errors.js';
import { defineCommand } from '../command.js';

interface ResolveArgs {
  target?: string;
  output: 'json' | 'text';
  var?: string[];
  'include-locations': boolean;
}

export default defineCommand<ResolveArgs>({
  command: 'resolve',
  describe: 'Print the resolved configuration of a bundle target, offline, as `databricks bundle validate -o json` does',
  examples: [
    ['$0 resolve -t dev -o json', 'the merged, interpolated configuration of target dev'],
    ['$0 resolve -t prod --var warehouse_id=abc123 | jq .resources.jobs', 'the jobs of prod with a variable set on the command line'],
  ],
  builder: (y) =>
    y
      .option('target', { alias: 't', type: 'string', describe: 'Target to resolve (default: DATABRICKS_BUNDLE_TARGET, the default target, or the only one)' })
      .option('output', { alias: 'o', choices: ['json', 'text'] as const, default: 'json' as const, describe: 'Output format (json: the configuration; text: diagnostics only)' })
      .option('var', { type: 'string', array: true, describe: 'Set a variable: --var name=value (repeatable, comma-separated like the Databricks CLI)' })
      .option('include-locations', { type: 'boolean', default: false, hidden: true, describe: 'Add __locations (file, line, column of every value) to the output' }),
  run: async (args, { out, cwd, env }) => {
    const { loadResolvedTarget } = await import('../../adapters/load-bundle.js');
    const { formatBundleDiagnostic } = await import('../../ui/bundle-diagnostics.js');
    const { resolved, sources } = await loadResolvedTarget({ cwd, target: args.target, vars: parseVars(args.var ?? []), env, includeLocations: args['include-locations'] });
    out.debug(`current user from ${sources.identity}`);
    out.debug(`git details from ${sources.git}`);
    for (const d of resolved.diagnostics) out.info(formatBundleDiagnostic(d) + '\n');
    if (resolved.loaded && args.output === 'json') out.print(resolved.toJson());
    return resolved.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  },
});

/** --var values, split on commas the way the CLI's string-slice flags are (quotes keep commas). */
export function parseVars(values: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const value of values) {
    for (const item of splitCsv(value)) {
      const eq = item.indexOf('=');
      if (eq < 0) throw new UsageError(`unexpected flag value for variable assignment: ${item}`, { hint: 'write --var name=value' });
      out.push([item.slice(0, eq), item.slice(eq + 1)]);
    }
  }
  return out;
}

function splitCsv(text: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"' && current === '') quoted = true;
    else if (c === ',') {
      fields.push(current);
      current = '';
    } else current += c;
  }
  fields.push(current);
  return fields;
}
