import { bundleActionOptions, runBundleAction, type BundleActionArgs } from '../bundle-action.js';
import { defineCommand } from '../command.js';

export default defineCommand<BundleActionArgs>({
  command: 'destroy <target>',
  describe: 'Destroy what the bundle deployed to a target: a sandbox without questions; staging and production need --yes and the deploy identity rules',
  examples: [
    ['$0 destroy sandbox', "remove this branch's sandbox"],
    ['CI=true $0 destroy staging --yes', 'remove the staging deployment from CI'],
  ],
  builder: bundleActionOptions,
  run: (args, ctx) => runBundleAction('destroy', args, ctx),
});
