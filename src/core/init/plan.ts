/** Which files `dataops init` writes, and whether it may: it never overwrites without --force. */
import { UsageError } from '../errors.js';
import type { ProjectFile } from './render.js';

export type FileAction = 'create' | 'overwrite';

export interface PlannedFile extends ProjectFile {
  action: FileAction;
}

/** How many conflicting paths the error names before it says "and N more". */
const SHOWN_CONFLICTS = 8;

/**
 * Every file of the project with what writing it does. Without `force`, an existing file stops
 * everything before anything is written, so a project is never left half-made.
 */
export function planFiles(files: readonly ProjectFile[], existing: ReadonlySet<string>, force: boolean, directory: string): PlannedFile[] {
  const conflicts = files.filter((file) => existing.has(file.path)).map((file) => file.path);
  if (conflicts.length > 0 && !force) {
    const shown = conflicts.slice(0, SHOWN_CONFLICTS).join(', ');
    const more = conflicts.length > SHOWN_CONFLICTS ? ` and ${conflicts.length - SHOWN_CONFLICTS} more` : '';
    throw new UsageError(`${directory} already has ${conflicts.length === 1 ? 'a file' : `${conflicts.length} files`} of the blueprint (${shown}${more}); nothing was written`, {
      hint: 'pick an empty directory, or pass --force to overwrite them (commit your work first)',
    });
  }
  return files.map((file) => ({ ...file, action: existing.has(file.path) ? 'overwrite' : 'create' }));
}

/**
 * The three commands to run next, from where `init` ran. Deploying needs a git branch (the
 * sandbox namespace is per user and branch), so a directory outside git starts with `git init`.
 */
export function nextCommands(relativeDirectory: string, inGitRepository: boolean): string[] {
  const enter = [relativeDirectory === '' || relativeDirectory === '.' ? [] : [`cd ${shellWord(relativeDirectory)}`], inGitRepository ? [] : ['git init -b main']].flat();
  const validate = [...enter, 'dataops validate'].join(' && ');
  return [validate, 'task db-deploy:sandbox', 'task test:integration'];
}

/** A path as one shell word: quoted only when it needs to be. */
function shellWord(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
