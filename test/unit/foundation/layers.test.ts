import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * DESIGN's layers: imports point down the list cli → local → adapters → ui → core (→ blueprint,
 * the embedded files), never up; core does no I/O; a command never imports another command.
 */
const SRC = path.resolve(__dirname, '../../../src');
const LAYERS = ['cli', 'local', 'adapters', 'ui', 'core', 'blueprint'] as const;
type Layer = (typeof LAYERS)[number];

/** Node modules that reach the world: core must be given what they would do. */
const IO_MODULES = /^(node:)?(fs|fs\/promises|child_process|net|http|https|http2|dgram|dns|tls|worker_threads|cluster|os|readline|process)$|^(zx|undici|@octokit\/|@duckdb\/)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every module a file imports, statically or with import(). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)) found.push(match[1] ?? match[2] ?? '');
  return found;
}

function layerOf(file: string): Layer | undefined {
  const first = path.relative(SRC, file).split(path.sep)[0];
  return LAYERS.find((layer) => layer === first);
}

interface Edge {
  from: string;
  to: string;
}

function edges(): Edge[] {
  return sourceFiles(SRC).flatMap((file) =>
    importsOf(file).map((spec) => ({
      from: path.relative(SRC, file),
      to: spec.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(file), spec)).replace(/\.js$/, '.ts') : spec,
    })),
  );
}

describe('layers', () => {
  const all = edges();

  it('finds the imports it checks', () => {
    expect(all.length).toBeGreaterThan(500);
    expect(all.some((e) => e.from === 'cli/app.ts' && e.to === 'cli/registry.ts')).toBe(true);
  });

  it('imports point down the list only', () => {
    const wrong = all.filter((e) => {
      const from = layerOf(path.join(SRC, e.from));
      const to = e.to.startsWith('node:') || !e.to.includes('/') || !e.to.endsWith('.ts') ? undefined : layerOf(path.join(SRC, e.to));
      return from !== undefined && to !== undefined && LAYERS.indexOf(to) < LAYERS.indexOf(from);
    });
    expect(wrong.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('core does no I/O: no file system, processes, network or clients', () => {
    const wrong = all.filter((e) => e.from.startsWith(`core${path.sep}`) && IO_MODULES.test(e.to));
    expect(wrong.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('a command imports no other command', () => {
    const commands = `cli${path.sep}commands${path.sep}`;
    const wrong = all.filter((e) => e.from.startsWith(commands) && e.to.startsWith(commands));
    expect(wrong.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });
});
