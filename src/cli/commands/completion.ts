import yargs from 'yargs';
import { defineCommand } from '../command.js';

export default defineCommand({
  command: 'completion',
  describe: 'Print a bash/zsh completion script',
  examples: [
    ['$0 completion >> ~/.bashrc', 'complete dataops commands and flags in bash'],
    ['SHELL=zsh $0 completion >> ~/.zshrc', 'the same for zsh'],
  ],
  run: async () => {
    // yargs writes the script for $SHELL (bash or zsh); it calls back `dataops --get-yargs-completions`.
    yargs([]).scriptName('dataops').completion('__complete', false).showCompletionScript();
  },
});
