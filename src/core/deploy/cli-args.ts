/** Arguments of the Databricks CLI's bundle commands, built in one place. */

export type Vars = ReadonlyArray<readonly [string, string]>;

function varArgs(vars: Vars): string[] {
  return vars.flatMap(([name, value]) => ['--var', `${name}=${value}`]);
}

export function bundleArgs(command: 'deploy' | 'summary' | 'destroy', target: string, vars: Vars, options: { autoApprove?: boolean } = {}): string[] {
  const args = ['bundle', command, '-t', target, ...varArgs(vars)];
  if (command === 'summary') args.push('-o', 'json');
  if (options.autoApprove) args.push('--auto-approve');
  return args;
}

/** `--var name=value` flags as given on dataops' command line. */
export function parseVarFlags(flags: readonly string[]): Array<[string, string]> | { invalid: string } {
  const vars: Array<[string, string]> = [];
  for (const flag of flags) {
    const at = flag.indexOf('=');
    if (at <= 0) return { invalid: flag };
    vars.push([flag.slice(0, at), flag.slice(at + 1)]);
  }
  return vars;
}
