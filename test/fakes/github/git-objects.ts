import { createHash } from 'node:crypto';

/**
 * Git's own object encoding, so that the fake GitHub's blobs, trees and commits have the ids
 * git gives them and a test can write them into a real repository (`git hash-object -w`)
 * under the same SHAs. Files are regular (mode 100644): the fake keeps no modes.
 */
export interface GitObject {
  type: 'blob' | 'tree' | 'commit';
  body: Buffer;
  sha: string;
}

export function gitObject(type: GitObject['type'], body: Buffer): GitObject {
  const sha = createHash('sha1').update(`${type} ${body.length}\0`).update(body).digest('hex');
  return { type, body, sha };
}

export function blobObject(content: string): GitObject {
  return gitObject('blob', Buffer.from(content, 'utf8'));
}

/** The root tree of `path → blob sha`, and every subtree it needs, innermost first. */
export function treeObjects(files: ReadonlyMap<string, string>): GitObject[] {
  const made: GitObject[] = [];
  const build = (entries: Array<[string[], string]>): GitObject => {
    const children = new Map<string, Array<[string[], string]>>();
    const rows: Array<{ name: string; mode: string; sha: string }> = [];
    for (const [parts, sha] of entries) {
      const [first = '', ...rest] = parts;
      if (rest.length === 0) rows.push({ name: first, mode: '100644', sha });
      else children.set(first, [...(children.get(first) ?? []), [rest, sha]]);
    }
    for (const [name, inner] of children) rows.push({ name, mode: '40000', sha: build(inner).sha });
    // git orders entries by name, a tree's name compared as if it ended with '/'.
    const key = (row: { name: string; mode: string }): string => (row.mode === '40000' ? `${row.name}/` : row.name);
    rows.sort((a, b) => (Buffer.compare(Buffer.from(key(a)), Buffer.from(key(b)))));
    const body = Buffer.concat(rows.map((row) => Buffer.concat([Buffer.from(`${row.mode} ${row.name}\0`), Buffer.from(row.sha, 'hex')])));
    const tree = gitObject('tree', body);
    made.push(tree);
    return tree;
  };
  build([...files].map(([file, sha]) => [file.split('/'), sha]));
  return made;
}

export interface CommitFields {
  tree: string;
  parents: readonly string[];
  author: { name: string; email: string };
  /** RFC 3339; git keeps whole seconds. */
  date: string;
  message: string;
}

export function commitObject(fields: CommitFields): GitObject {
  const seconds = Math.floor(Date.parse(fields.date) / 1000);
  const person = `${fields.author.name} <${fields.author.email}> ${seconds} +0000`;
  const message = fields.message.endsWith('\n') ? fields.message : `${fields.message}\n`;
  const body = [`tree ${fields.tree}`, ...fields.parents.map((p) => `parent ${p}`), `author ${person}`, `committer ${person}`, '', message].join('\n');
  return gitObject('commit', Buffer.from(body, 'utf8'));
}
