import { defineCommand } from '../command.js';
import { varOption, varsOf, type VarArgs } from '../options.js';

interface ResolveArgs extends VarArgs {
  target?: string;
  output: 'json' | 'text';
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
    varOption(y)
      .option('target', { alias: 't', type: 'string', describe: 'Target to resolve (default: DATABRICKS_BUNDLE_TARGET, the default target, or the only one)' })
      .option('output', { alias: 'o', choices: ['json', 'text'] as const, default: 'json' as const, describe: 'Output format (json: the configuration; text: diagnostics only)' })
      .option('include-locations', { type: 'boolean', default: false, hidden: true, describe: 'Add __locations (file, line, column of every value) to the output' }),
  run: async (args, { out, project }) => {
    const { formatBundleDiagnostic } = await import('../../ui/bundle-diagnostics.js');
    const resolved = await project.resolve(args.target, varsOf(args), { includeLocations: args['include-locations'] });
    out.debug(`current user from ${(await project.identity()).source}`);
    out.debug(`git details from ${(await project.git()).source}`);
    for (const d of resolved.diagnostics) out.info(formatBundleDiagnostic(d) + '\n');
    const { offlineLookupWarnings } = await import('../../core/bundle/lookups.js');
    for (const warning of offlineLookupWarnings([resolved])) out.warn(warning);
    if (resolved.loaded && args.output === 'json') out.print(resolved.toJson());
    return resolved.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  },
});
