import { defineCommand } from '../command.js';

const SCHEMAS = ['dataops.yml'] as const;

interface SchemaArgs {
  name: (typeof SCHEMAS)[number];
}

export default defineCommand<SchemaArgs>({
  command: 'schema <name>',
  describe: 'Print the JSON schema of a dataops file (for editors: yaml-language-server, VS Code)',
  examples: [
    ['$0 schema dataops.yml > .vscode/dataops.schema.json', 'the schema of dataops.yml, every setting with its default'],
  ],
  builder: (y) => y.positional('name', { choices: SCHEMAS, demandOption: true, describe: 'Which file' }),
  run: async (_args, { out }) => {
    const [{ RULES }, { settingsSchema }] = await Promise.all([import('../../core/rules/catalog.js'), import('../../core/settings-schema.js')]);
    out.print(JSON.stringify(settingsSchema(RULES), null, 2));
  },
});
