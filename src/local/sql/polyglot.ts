/**
 * The SQL transpiler (polyglot-sql, a WebAssembly build) loaded once, on the first statement.
 * From source its `.wasm` comes from node_modules; inside the single executable it travels
 * gzipped as the asset `polyglot/polyglot_sql.wasm.gz` (scripts/polyglot-assets.mjs).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as sea from 'node:sea';
import { gunzipSync } from 'node:zlib';
import type * as Polyglot from '@polyglot-sql/sdk';

/** The SDK's functions; its manual entry point (`/manual`) is the same API with an init that takes the wasm. */
export type PolyglotSdk = Omit<typeof Polyglot, 'init' | 'default'>;

interface ManualEntry extends PolyglotSdk {
  init(options: { wasmUrl: string | URL }): Promise<void>;
}

const ASSET = 'polyglot/polyglot_sql.wasm.gz';
let loading: Promise<PolyglotSdk> | undefined;

export function loadPolyglot(): Promise<PolyglotSdk> {
  return (loading ??= (async () => {
    // Its type declarations re-export './index' without an extension, which NodeNext cannot follow.
    const sdk = (await import('@polyglot-sql/sdk/manual')) as unknown as ManualEntry;
    // init() takes a URL to fetch, or a module source it instantiates as it is: the bytes,
    // since Node's fetch reads no file: URL and the executable has no file to point at.
    await sdk.init({ wasmUrl: wasmBytes() as unknown as URL });
    return sdk;
  })());
}

function wasmBytes(): Uint8Array {
  if (sea.isSea()) {
    if (!sea.getAssetKeys().includes(ASSET)) throw new Error('this dataops executable was built without the SQL transpiler');
    return gunzipSync(new Uint8Array(sea.getRawAsset(ASSET)));
  }
  return readFileSync(createRequire(import.meta.url).resolve('@polyglot-sql/sdk/polyglot_sql.wasm'));
}
