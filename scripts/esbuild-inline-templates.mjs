// release-please's changelog (conventional-changelog-writer and -conventionalcommits) reads its
// Handlebars templates from disk next to its own sources at run time. Inside the single
// executable there is no such directory, so the bundle carries the templates' text instead.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const PACKAGES = /[\\/]node_modules[\\/](conventional-changelog-writer|conventional-changelog-conventionalcommits|release-please[\\/]build[\\/]src[\\/]strategies)[\\/][^\\/]+\.js$/;
// readFile(resolve(__dirname, './templates/x.hbs'), 'utf-8'), readFileSync(join(__dirname, 'templates/x.hbs'), 'utf-8'),
// (0, fs_1.readFileSync)((0, path_1.resolve)(__dirname, '../../../templates/x.hbs'), 'utf8')
const READ = /(\(0, fs_1\.readFileSync\)|readFileSync|readFile)\(\s*(?:\(0, path_1\.resolve\)|resolve|join)\(__dirname, '([^']+\.hbs)'\),\s*'utf-?8'\s*\)/g;

export const inlineTemplates = {
  name: 'inline-templates',
  setup(build) {
    build.onLoad({ filter: PACKAGES }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const reads = [...source.matchAll(READ)];
      if (reads.length === 0) return undefined;
      let contents = source;
      for (const [call, reader, file] of reads) {
        const text = JSON.stringify(await readFile(path.resolve(path.dirname(args.path), file), 'utf8'));
        contents = contents.replace(call, reader === 'readFile' ? `Promise.resolve(${text})` : text);
      }
      return { contents, loader: 'js' };
    });
  },
};
