/**
 * Property-based fuzzing of the YAML loader and the resolver, seeded and bounded: generated
 * bundles (hostile key names, references to variables that may be missing or cyclic, anchors,
 * aliases, merge keys, include patterns, deep values) and random edits of their text. Whatever
 * comes in, the resolver answers with diagnostics or an input error (exit 2), never a crash
 * (exit 3), and every error it reports names a file and a line.
 *
 * A failure prints the seed and the shrunk counterexample; rerun it with FUZZ_SEED=<seed>
 * (FUZZ_RUNS=<n> for more cases).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { UsageError } from '../../../src/core/errors.js';
import { parseYamlSource } from '../../../src/core/yaml-source.js';
import { resolve } from './helpers.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

const NAMES = ['a', 'b', 'job', 'x-y', 'name', 'tags', 'toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'default', 'value'];
const name = fc.constantFrom(...NAMES);

const reference = fc.oneof(
  name.map((n) => `\${var.${n}}`),
  name.map((n) => `\${resources.jobs.${n}.name}`),
  fc.constantFrom('${bundle.name}', '${bundle.target}', '${workspace.root_path}', '${bundle.git.branch}', '${var}', '${', '${var.a.b[0]}'),
);

const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  reference,
  fc.array(fc.oneof(reference, fc.string({ maxLength: 4 })), { maxLength: 4 }).map((parts) => parts.join('')),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(name, tie('value'), { maxKeys: 3 })),
}));

const variable = fc.oneof(
  fc.record({ default: scalar }),
  fc.record({ description: fc.string({ maxLength: 8 }) }),
  fc.record({ type: fc.constant('complex'), default: value }),
  fc.record({ lookup: fc.record({ cluster: scalar }) }),
  scalar,
);

const job = fc.record(
  {
    name: scalar,
    tags: fc.dictionary(name, scalar, { maxKeys: 3 }),
    tasks: fc.array(fc.record({ task_key: scalar, notebook_task: fc.record({ notebook_path: scalar }) }, { requiredKeys: [] }), { maxLength: 3 }),
    run_as: fc.record({ service_principal_name: scalar, user_name: scalar }, { requiredKeys: [] }),
    extra: value,
  },
  { requiredKeys: [] },
);

const target = fc.record(
  {
    mode: fc.constantFrom('development', 'production', 'staging', ''),
    default: fc.boolean(),
    variables: fc.dictionary(name, scalar, { maxKeys: 3 }),
    workspace: fc.record({ root_path: scalar, host: fc.constantFrom('https://example.cloud.databricks.com', 'not a url') }, { requiredKeys: [] }),
    resources: fc.record({ jobs: fc.dictionary(name, job, { maxKeys: 2 }) }),
    run_as: fc.record({ service_principal_name: scalar }),
  },
  { requiredKeys: [] },
);

const bundleDoc = fc.record(
  {
    bundle: fc.record({ name: scalar }, { requiredKeys: [] }),
    include: fc.array(fc.constantFrom('resources/*.yml', 'nope.yml', '/etc/*', '[', 'resources/[a-', '*.yml', 'resources/extra.yml'), { maxLength: 2 }),
    variables: fc.dictionary(name, variable, { maxKeys: 4 }),
    resources: fc.record({ jobs: fc.dictionary(name, job, { maxKeys: 3 }) }),
    targets: fc.dictionary(name, target, { maxKeys: 3 }),
    junk: fc.dictionary(name, value, { maxKeys: 2 }),
  },
  { requiredKeys: ['bundle'] },
);

/** Raw YAML the serializer would never write: anchors, aliases, merge keys, tabs, brackets. */
const fragment = fc.constantFrom(
  '&a ', '*a', '<<: *a\n', '<<: [*a, *a]\n', '\t', '[', ']', '{', '}', ': ', '- ', '"', "'", '\n  ', '!!python/object/apply:os.system ["true"]',
  '${var.a}', '${var.__proto__}', '---\n', '%YAML 1.1\n', '? ', '|\n  ', '__proto__: {}\n', 'toString: 1\n', '&b [*b]',
);

/** The text with a few fragments inserted and a few characters deleted at random places. */
const mutated = (text: string) =>
  fc.array(fc.tuple(fc.nat({ max: Math.max(text.length, 1) }), fc.oneof(fragment, fc.constant(''))), { maxLength: 4 }).map((edits) => {
    let out = text;
    for (const [at, insert] of edits) out = insert === '' ? out.slice(0, at) + out.slice(at + 1) : out.slice(0, at) + insert + out.slice(at);
    return out;
  });

const bundleFiles = fc
  .tuple(bundleDoc, fc.option(fc.record({ resources: fc.record({ jobs: fc.dictionary(name, job, { maxKeys: 2 }) }), variables: fc.dictionary(name, variable, { maxKeys: 2 }) }), { nil: undefined }))
  .chain(([root, extra]) => {
    const rootText = stringify(root, { aliasDuplicateObjects: false });
    const extraText = extra === undefined ? undefined : stringify(extra, { aliasDuplicateObjects: false });
    return fc.tuple(fc.oneof(fc.constant(rootText), mutated(rootText)), extraText === undefined ? fc.constant(undefined) : fc.oneof(fc.constant(extraText), mutated(extraText)));
  })
  .map(([rootText, extraText]): Record<string, string> => ({ 'databricks.yml': rootText, ...(extraText === undefined ? {} : { 'resources/extra.yml': extraText }) }));

/** What the resolver did with the bundle, as a person running dataops would see it. */
function outcome(files: Record<string, string>, target: string | undefined): { crash?: unknown; unplaced: string[] } {
  try {
    const result = resolve(files, target === undefined ? {} : { target });
    // A placeless CLI error with a subject is placed by validate at that subject's YAML.
    const unplaced = result.diagnostics.filter((d) => d.severity === 'error' && d.locations.length === 0 && !(d.subject && result.locate(d.subject))).map((d) => d.summary);
    return { unplaced: unplaced.filter((summary) => !PLACELESS.some((pattern) => pattern.test(summary))) };
  } catch (error) {
    if (error instanceof UsageError) return { unplaced: error.location ? [] : [`input error without a place: ${error.message}`] };
    return { crash: error, unplaced: [] };
  }
}

/** Errors about the bundle as a whole or the command line, which no line of a file causes. */
const PLACELESS = [/: no such target\. Available targets: /, /^please specify target$/];

// FUZZ_TALLY=<runs>: instead of stopping at the first counterexample, count every crash and unplaced error over that many cases.
if (process.env.FUZZ_TALLY) {
  it('tally', () => {
    const tally = new Map<string, number>();
    for (const [files, target] of fc.sample(fc.tuple(bundleFiles, fc.option(name, { nil: undefined })), { seed: SEED, numRuns: Number(process.env.FUZZ_TALLY) })) {
      const { crash, unplaced } = outcome(files, target);
      for (const m of crash ? [`CRASH ${String((crash as Error).stack).split('\n').slice(0, 3).join(' | ')}`] : unplaced) {
        const k = m.replace(/\d+/g, 'N').slice(0, 200);
        tally.set(k, (tally.get(k) ?? 0) + 1);
      }
    }
    console.log([...tally].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} ${k}`).join('\n'));
  });
}

describe('fuzzing the loader and resolver', () => {
  it(`never crashes and places every error (seed ${SEED}, ${RUNS} runs)`, () => {
    fc.assert(
      fc.property(bundleFiles, fc.option(name, { nil: undefined }), (files, target) => {
        const { crash, unplaced } = outcome(files, target);
        if (crash) throw crash;
        expect(unplaced).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: false },
    );
  });

  it(`reads every generated text as written without a crash (seed ${SEED}, ${RUNS} runs)`, () => {
    fc.assert(
      fc.property(bundleFiles, (files) => {
        for (const [file, text] of Object.entries(files)) {
          const parsed = parseYamlSource(file, text);
          if (!parsed.ok) expect(parsed.error.location.line).toBeGreaterThan(0);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
