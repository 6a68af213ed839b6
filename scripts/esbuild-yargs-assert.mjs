// yargs' Node shim imports `assert` for two internal sanity checks (strictEqual and
// notStrictEqual on its own state). Loading Node's assert module compiles 27 built-in modules
// (streams, the diff printer, the call tracker): ≈ 5 ms of every command's start. This plugin
// gives yargs a module with just those two functions; they throw as assert does, with the same
// error name and message, so a broken invariant still stops the parse.
export const yargsAssert = {
  name: 'yargs-assert',
  setup(build) {
    build.onResolve({ filter: /^(node:)?assert$/ }, (args) => {
      if (!/[\\/]yargs[\\/]/.test(args.importer)) return undefined;
      return { path: 'yargs-assert', namespace: 'yargs-assert' };
    });
    build.onLoad({ filter: /.*/, namespace: 'yargs-assert' }, () => ({
      loader: 'js',
      contents: `
        function fail(message, fallback) {
          const error = new Error(message ?? fallback);
          error.name = 'AssertionError';
          error.code = 'ERR_ASSERTION';
          throw error;
        }
        export function strictEqual(actual, expected, message) {
          if (!Object.is(actual, expected)) fail(message, 'Expected values to be strictly equal: ' + String(actual) + ' !== ' + String(expected));
        }
        export function notStrictEqual(actual, expected, message) {
          if (Object.is(actual, expected)) fail(message, 'Expected "actual" to be strictly unequal to: ' + String(expected));
        }
      `,
    }));
  },
};
