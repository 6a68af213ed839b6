import { invalidParameter } from './http.js';

export interface PageRequest {
  limit: string | null;
  pageToken: string | null;
  defaultLimit: number;
  maxLimit: number;
}

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
  prevPageToken?: string;
}

/** Offset paging behind opaque tokens, with the limits the real list endpoints enforce. */
export function paginate<T>(items: readonly T[], request: PageRequest): Page<T> {
  const limit = request.limit === null || request.limit === '' ? request.defaultLimit : Number(request.limit);
  if (!Number.isInteger(limit) || limit < 0 || limit > request.maxLimit) {
    throw invalidParameter(`limit must be between 0 and ${request.maxLimit}, got ${request.limit}`);
  }
  const size = limit === 0 ? request.defaultLimit : limit;
  const offset = request.pageToken ? decodeToken(request.pageToken) : 0;
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    ...(end < items.length ? { nextPageToken: encodeToken(end) } : {}),
    ...(offset > 0 ? { prevPageToken: encodeToken(Math.max(0, offset - size)) } : {}),
  };
}

function encodeToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeToken(token: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match?.[1]) throw invalidParameter(`Invalid page_token: ${token}`);
  return Number(match[1]);
}
