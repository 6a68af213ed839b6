/** Arguments of the Databricks CLI's bundle commands, built in one place. */
import { varFlagArgs, type Vars } from '../bundle/var-flags.js';

export type { Vars } from '../bundle/var-flags.js';

export function bundleArgs(command: 'deploy' | 'summary' | 'destroy' | 'plan', target: string, vars: Vars, options: { autoApprove?: boolean; planFile?: string } = {}): string[] {
  const args = ['bundle', command, '-t', target, ...varFlagArgs(vars)];
  if (command === 'summary' || command === 'plan') args.push('-o', 'json');
  if (options.planFile) args.push('--plan', options.planFile);
  if (options.autoApprove) args.push('--auto-approve');
  return args;
}

/** `bundle deployment bind`: the deployment state takes an existing object for the resource `key`. */
export function bindArgs(key: string, id: string, target: string, vars: Vars): string[] {
  return ['bundle', 'deployment', 'bind', key, id, '-t', target, ...varFlagArgs(vars), '--auto-approve'];
}
