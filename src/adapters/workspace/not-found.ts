import type { WorkspaceClient } from './client.js';
import { WorkspaceApiError } from './transport.js';

/**
 * Whether a failed workspace call means "no such object". The Jobs API answers
 * 400 "Job … does not exist" for a deleted job, not 404, so that counts too.
 */
function isMissingObject(error: unknown): boolean {
  return error instanceof WorkspaceApiError && (error.isNotFound || (error.status === 400 && /does not exist/i.test(error.serverMessage)));
}

/** The call's answer, or `missing` when the object it asked for does not exist; other failures pass through. */
export async function orMissing<T, M>(call: Promise<T>, missing: M): Promise<T | M> {
  try {
    return await call;
  } catch (error) {
    if (isMissingObject(error)) return missing;
    throw error;
  }
}

/** The call's answer, or null when the object does not exist. */
export function orNull<T>(call: Promise<T>): Promise<T | null> {
  return orMissing(call, null);
}

/** A workspace file's text, or undefined when it does not exist. */
export function readWorkspaceText(client: WorkspaceClient, file: string): Promise<string | undefined> {
  return orMissing(
    client.workspace.export(file).then((bytes) => bytes.toString('utf8')),
    undefined,
  );
}
