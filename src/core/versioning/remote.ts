/** `owner/repo` of a GitHub remote URL (https, ssh or scp-like), or null for anything else. */
export function parseRemoteRepository(url: string): { owner: string; repo: string } | null {
  const match = /^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?[^/:]+[:/](?:\d+\/)?([^/]+)\/([^/]+?)(?:\.git)?\/?$/i.exec(url.trim());
  return match?.[1] && match[2] ? { owner: match[1], repo: match[2] } : null;
}
