import { bundleActionOptions, runBundleAction, type BundleActionArgs } from '../bundle-action.js';
import { defineCommand } from '../command.js';

export default defineCommand<BundleActionArgs>({
  command: 'deploy <target>',
  describe: 'Deploy the bundle to a target after the preflight (validate, guard, identity, lock); production only as a service principal in CI',
  examples: [
    ['$0 deploy sandbox', 'your own sandbox for this branch (the namespace is passed as --var namespace=…)'],
    ['CI=true $0 deploy staging', 'what the merge workflow runs'],
    ['$0 deploy prod --break-glass "hotfix for INC-1234"', 'a person deploying production in an emergency: loud, and announced in Teams'],
    ['$0 deploy sandbox --var warehouse_id=abc --json', 'with a bundle variable, and what was deployed as JSON'],
    ['$0 deploy prod --plan plan.json', 'apply exactly the plan reviewed with dataops plan -t prod --out plan.json (refused for another target, commit or state)'],
  ],
  builder: (y) =>
    bundleActionOptions(y).option('plan', {
      type: 'string',
      requiresArg: true,
      describe: 'Apply exactly this reviewed plan (written by dataops plan --out) through databricks bundle deploy --plan; refused when it is of another target, commit or state',
    }),
  run: (args, ctx) => runBundleAction('deploy', args, ctx),
});
