import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One file the fake release host serves; `truncate` sends a Content-Length it never fulfils. */
export interface ServedFile {
  body: Buffer;
  truncate?: boolean;
}

/**
 * A release host on 127.0.0.1 with GitHub's layout: `/download/v<version>/<asset>`,
 * and `/latest/download/<asset>` redirecting to the latest version as github.com does.
 */
export class ReleaseServer {
  readonly files = new Map<string, ServedFile>();
  readonly requests: string[] = [];
  latest: string | undefined;
  private server: Server | undefined;

  publish(version: string, assets: Record<string, Buffer | ServedFile>): void {
    for (const [name, file] of Object.entries(assets)) {
      this.files.set(`/download/v${version}/${name}`, Buffer.isBuffer(file) ? { body: file } : file);
    }
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    this.requests.push(url);
    const latest = /^\/latest\/download\/(.+)$/.exec(url);
    if (latest && this.latest) {
      res.writeHead(302, { location: `/download/v${this.latest}/${latest[1]}` }).end();
      return;
    }
    const file = this.files.get(url);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.body.length) });
    if (file.truncate) {
      res.write(file.body.subarray(0, Math.floor(file.body.length / 2)));
      res.destroy();
      return;
    }
    res.end(file.body);
  }
}

/** A release asset as scripts/build.mjs --release packs it: a .tar.xz of these files (fastest xz level). */
export function tarXz(files: Record<string, Buffer>): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dataops-asset-'));
  try {
    for (const [name, body] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, 'in', name)), { recursive: true });
      writeFileSync(path.join(dir, 'in', name), body, { mode: 0o755 });
    }
    const tar = spawnSync('tar', ['-C', path.join(dir, 'in'), '-cJf', path.join(dir, 'out.tar.xz'), ...Object.keys(files)], { env: { ...process.env, XZ_OPT: '-0' } });
    if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
    return readFileSync(path.join(dir, 'out.tar.xz'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
