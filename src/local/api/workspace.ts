import type {
  ObjectInfo,
  ObjectType,
  WorkspaceDeleteRequest,
  WorkspaceExportResponse,
  WorkspaceImportRequest,
  WorkspaceListResponse,
} from '../../core/workspace-api.js';
import { ApiError, caller, jsonBody, notFound, Reply, requireString } from '../http.js';
import type { StoredObject } from '../state.js';
import type { ApiModule, LocalContext } from './context.js';

const NOTEBOOK_HEADERS: Record<string, { header: string; language: string }> = {
  '.py': { header: '# Databricks notebook source', language: 'PYTHON' },
  '.sql': { header: '-- Databricks notebook source', language: 'SQL' },
  '.scala': { header: '// Databricks notebook source', language: 'SCALA' },
  '.r': { header: '# Databricks notebook source', language: 'R' },
};

/**
 * The workspace file tree. `/Workspace/x` and `/x` name the same object, as on a real
 * workspace; objects are kept under the short form and answered in the caller's form.
 */
export class WorkspaceTree {
  constructor(private readonly context: LocalContext) {}

  private get objects(): Record<string, StoredObject> {
    return this.context.store.state.objects;
  }

  get(path: string): StoredObject | undefined {
    return this.objects[canonical(path)];
  }

  mkdirs(path: string): void {
    const parts = canonical(path).split('/').filter(Boolean);
    let current = '';
    for (const part of parts) {
      current += `/${part}`;
      const existing = this.objects[current];
      if (existing && existing.info.object_type !== 'DIRECTORY') {
        throw new ApiError(400, 'RESOURCE_ALREADY_EXISTS', `Path (${current}) already exists and is not a directory.`);
      }
      if (!existing) this.objects[current] = { info: { path: current, object_type: 'DIRECTORY', object_id: this.context.store.nextId() } };
    }
  }

  /** Writes a file (or notebook); the parent must exist, as the import APIs demand. */
  write(path: string, content: Buffer, overwrite: boolean, extra: Partial<ObjectInfo> = {}): ObjectInfo {
    const { key, type, language } = classify(canonical(path), content);
    const parent = this.objects[parentOf(key)];
    if (!parent || parent.info.object_type !== 'DIRECTORY') {
      throw notFound(`The parent folder (${parentOf(key)}) does not exist.`);
    }
    const existing = this.objects[key];
    if (existing && existing.info.object_type === 'DIRECTORY') {
      throw new ApiError(400, 'RESOURCE_ALREADY_EXISTS', `Path (${key}) already exists as a directory.`);
    }
    if (existing && !overwrite) {
      throw new ApiError(409, 'RESOURCE_ALREADY_EXISTS', `${key} already exists. Set overwrite to true to replace it.`);
    }
    const now = this.context.now();
    const info: ObjectInfo = {
      path: key,
      object_type: type,
      object_id: existing?.info.object_id ?? this.context.store.nextId(),
      size: content.length,
      created_at: existing?.info.created_at ?? now,
      modified_at: now,
      ...(language ? { language } : {}),
      ...extra,
    };
    this.objects[key] = { info, content: content.toString('base64') };
    return info;
  }

  remove(path: string, recursive: boolean): void {
    const key = canonical(path);
    if (!this.objects[key]) throw notFound(`Path (${path}) doesn't exist.`);
    const children = this.childrenOf(key, true);
    if (children.length > 0 && !recursive) throw new ApiError(400, 'DIRECTORY_NOT_EMPTY', `Folder (${path}) is not empty.`);
    for (const child of children) delete this.objects[child];
    delete this.objects[key];
  }

  list(path: string): ObjectInfo[] {
    const key = canonical(path);
    const object = this.objects[key];
    if (!object) throw notFound(`Path (${path}) doesn't exist.`);
    if (object.info.object_type !== 'DIRECTORY') return [object.info];
    return this.childrenOf(key, false)
      .sort()
      .map((child) => this.objects[child]?.info)
      .filter((info): info is ObjectInfo => info !== undefined);
  }

  private childrenOf(key: string, deep: boolean): string[] {
    const prefix = key === '/' ? '/' : `${key}/`;
    return Object.keys(this.objects).filter(
      (candidate) => candidate !== key && candidate.startsWith(prefix) && (deep || !candidate.slice(prefix.length).includes('/')),
    );
  }
}

export const workspaceApi = (tree: WorkspaceTree): ApiModule => (router) => {
  router.on('GET', '/api/2.0/workspace/get-status', (request) => {
    caller(request);
    const path = requireString(request.query.get('path'), 'path');
    const object = tree.get(path);
    if (!object) throw notFound(`Path (${path}) doesn't exist.`);
    return inCallerForm(object.info, path);
  });

  router.on('GET', '/api/2.0/workspace/list', (request): WorkspaceListResponse => {
    caller(request);
    const path = requireString(request.query.get('path'), 'path');
    return { objects: tree.list(path).map((info) => inCallerForm(info, path)) };
  });

  router.on('POST', '/api/2.0/workspace/mkdirs', (request) => {
    caller(request);
    tree.mkdirs(requireString(jsonBody<{ path?: string }>(request).path, 'path'));
    return {};
  });

  router.on('POST', '/api/2.0/workspace/delete', (request) => {
    caller(request);
    const body = jsonBody<WorkspaceDeleteRequest>(request);
    tree.remove(requireString(body.path, 'path'), body.recursive === true);
    return {};
  });

  router.on('GET', '/api/2.0/workspace/export', (request) => {
    caller(request);
    const path = requireString(request.query.get('path'), 'path');
    const object = tree.get(path);
    if (!object) throw notFound(`Path (${path}) doesn't exist.`);
    if (object.info.object_type === 'DIRECTORY') throw new ApiError(400, 'INVALID_PARAMETER_VALUE', `Path (${path}) is a directory.`);
    const content = object.content ?? '';
    if (request.query.get('direct_download') === 'true') {
      return new Reply(200, Buffer.from(content, 'base64'), { 'content-type': 'application/octet-stream' });
    }
    const response: WorkspaceExportResponse = { content, file_type: extensionOf(object.info.path) };
    return response;
  });

  router.on('POST', '/api/2.0/workspace/import', (request) => {
    caller(request);
    const body = jsonBody<WorkspaceImportRequest>(request);
    const path = requireString(body.path, 'path');
    const content = Buffer.from(body.content ?? '', 'base64');
    const isNotebook = body.format === 'SOURCE' || body.format === 'JUPYTER' || (body.format === undefined && body.language !== undefined);
    const extra: Partial<ObjectInfo> = isNotebook ? { object_type: 'NOTEBOOK', ...(body.language ? { language: body.language } : {}) } : {};
    tree.write(path, content, body.overwrite === true, extra);
    return {};
  });

  router.on('GET', '/api/2.0/workspace-files/{path...}', (request) => {
    caller(request);
    const path = `/${request.params.path ?? ''}`;
    const object = tree.get(path);
    if (!object || object.info.object_type === 'DIRECTORY') throw notFound(`Path (${path}) doesn't exist.`);
    return new Reply(200, Buffer.from(object.content ?? '', 'base64'));
  });

  router.on('POST', '/api/2.0/workspace-files/import-file/{path...}', (request) => {
    caller(request);
    const path = `/${requireString(request.params.path, 'path').replace(/^\/+/, '')}`;
    tree.write(path, request.body, request.query.get('overwrite') === 'true');
    return {};
  });
};

/** `/Workspace/Users/x` → `/Users/x`; duplicate and trailing slashes collapse. */
export function canonical(path: string): string {
  const collapsed = `/${path.split('/').filter(Boolean).join('/')}`;
  if (collapsed === '/Workspace') return '/';
  return collapsed.startsWith('/Workspace/') ? collapsed.slice('/Workspace'.length) : collapsed;
}

export function parentOf(key: string): string {
  const index = key.lastIndexOf('/');
  return index <= 0 ? '/' : key.slice(0, index);
}

function inCallerForm(info: ObjectInfo, requested: string): ObjectInfo {
  if (!/^\/+Workspace(\/|$)/.test(requested)) return info;
  return { ...info, path: info.path === '/' ? '/Workspace' : `/Workspace${info.path}` };
}

function extensionOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? path.slice(dot + 1) : '';
}

/** A source file with a notebook header becomes a notebook without its extension, as on upload to a workspace. */
function classify(key: string, content: Buffer): { key: string; type: ObjectType; language?: string } {
  if (key.endsWith('.ipynb')) return { key: key.slice(0, -'.ipynb'.length), type: 'NOTEBOOK', language: 'PYTHON' };
  const extension = `.${extensionOf(key).toLowerCase()}`;
  const notebook = NOTEBOOK_HEADERS[extension];
  if (notebook && content.subarray(0, 64).toString('utf8').startsWith(notebook.header)) {
    return { key: key.slice(0, -extension.length), type: 'NOTEBOOK', language: notebook.language };
  }
  return { key, type: 'FILE' };
}
