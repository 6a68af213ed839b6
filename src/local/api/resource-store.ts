import { ApiError, notFound } from '../http.js';
import type { StoredResource } from '../state.js';
import type { LocalContext } from './context.js';

/** One collection of the generic resource store (`schemas`, `apps`…), created on first use. */
export function collection(context: LocalContext, name: string): Record<string, StoredResource> {
  const all = (context.store.state.resources ??= {});
  return (all[name] ??= {});
}

/** The object under `key`, or the 404 the real service answers. */
export function mustFind(items: Record<string, StoredResource>, key: string | undefined, what: string, code = 'RESOURCE_DOES_NOT_EXIST'): StoredResource {
  const found = items[key ?? ''];
  if (!found) throw code === 'RESOURCE_DOES_NOT_EXIST' ? notFound(`${what} '${key}' does not exist.`) : new ApiError(404, code, `${what} '${key}' does not exist.`);
  return found;
}

/** 409 RESOURCE_ALREADY_EXISTS (or the service's own code): names these services keep unique. */
export function alreadyExists(message: string, code = 'RESOURCE_ALREADY_EXISTS', status = 409): ApiError {
  return new ApiError(status, code, message);
}

/** A body field as text, '' when absent. */
export function field(body: StoredResource, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}
