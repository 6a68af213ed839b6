declare const __DATAOPS_VERSION__: string | undefined;

/** The package version, injected at build time (esbuild and vitest `define`). */
export const VERSION: string = typeof __DATAOPS_VERSION__ === 'string' ? __DATAOPS_VERSION__ : '0.0.0-dev';
