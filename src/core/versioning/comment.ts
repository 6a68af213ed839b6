import type { VersionPreview } from './preview.js';

/** Hidden in the comment's Markdown; finds the one comment to update. */
export const PREVIEW_MARKER = '<!-- dataops:version-preview -->';

/** The pull request comment that says what merging (squash, title as the message) will release. */
export function renderPreviewComment(preview: VersionPreview, title: string): string {
  const lines = [PREVIEW_MARKER, '### Release preview', ''];
  const from = preview.current ? `from ${preview.current}` : 'the first release';
  if (!preview.next) {
    lines.push(`Merging this pull request as \`${title}\` makes **no release**: no \`fix:\`, \`feat:\` or breaking change since ${preview.current ?? 'the start'}.`);
  } else {
    lines.push(`Merging this pull request as \`${title}\` makes the next release **${preview.tag}** (${describeBump(preview)}, ${from}).`);
    lines.push('', '<details><summary>Changelog release-please will write</summary>', '', preview.changelog, '', '</details>');
  }
  lines.push('', '<sub>Computed by `dataops version` with release-please\'s own rules; updated on every push.</sub>');
  return lines.join('\n');
}

export function describeBump(preview: VersionPreview): string {
  if (preview.bump === 'initial') return 'initial release';
  return preview.bump ? `${preview.bump} bump` : 'no bump';
}
