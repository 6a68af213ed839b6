import type { ObjectInfo, WorkspaceListResponse } from '../../core/workspace-api.js';
import type { Transport } from './transport.js';

export class WorkspaceFilesApi {
  constructor(private readonly http: Transport) {}

  getStatus(path: string): Promise<ObjectInfo> {
    return this.http.json('GET', '/api/2.0/workspace/get-status', { query: { path } });
  }

  async list(path: string): Promise<ObjectInfo[]> {
    return (await this.http.json<WorkspaceListResponse>('GET', '/api/2.0/workspace/list', { query: { path } })).objects ?? [];
  }

  mkdirs(path: string): Promise<void> {
    return this.http.json('POST', '/api/2.0/workspace/mkdirs', { body: { path } });
  }

  delete(path: string, options: { recursive?: boolean } = {}): Promise<void> {
    return this.http.json('POST', '/api/2.0/workspace/delete', { body: { path, recursive: options.recursive ?? false } });
  }

  /** Uploads a file. Without `overwrite` an existing file is an error (409), which deploy locks rely on. */
  importFile(path: string, content: Uint8Array, options: { overwrite?: boolean } = {}): Promise<void> {
    const encoded = path.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');
    return this.http.json('POST', `/api/2.0/workspace-files/import-file/${encoded}`, {
      query: { overwrite: options.overwrite ?? false },
      rawBody: content,
    });
  }

  export(path: string): Promise<Buffer> {
    return this.http.bytes('GET', '/api/2.0/workspace/export', { query: { path, direct_download: true } });
  }
}
