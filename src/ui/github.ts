import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { redact } from './redact.js';

/** GitHub Actions workflow commands and files, used when GITHUB_ACTIONS=true. */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  file?: string;
  line?: number;
  column?: number;
  title?: string;
}

export function isGitHubActions(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

// Workflow command values need %, CR and LF escaped, properties also : and ,.
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatAnnotation(a: Annotation): string {
  const props: string[] = [];
  if (a.file !== undefined) props.push(`file=${escapeProperty(a.file)}`);
  if (a.line !== undefined) props.push(`line=${a.line}`);
  if (a.column !== undefined) props.push(`col=${a.column}`);
  if (a.title !== undefined) props.push(`title=${escapeProperty(a.title)}`);
  const head = props.length > 0 ? `::${a.level} ${props.join(',')}::` : `::${a.level}::`;
  return head + escapeData(redact(a.message));
}

/** `::add-mask::` line that hides a value in every later log line of the job. */
export function formatMask(value: string): string {
  return `::add-mask::${escapeData(value)}`;
}

/** Appends Markdown to the job's step summary, when the runner provides the file. */
export function appendStepSummary(env: NodeJS.ProcessEnv, markdown: string): boolean {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, redact(markdown) + EOL);
  return true;
}

/** Sets a step output (`name=value`, multi-line values with a heredoc delimiter). */
export function setOutput(env: NodeJS.ProcessEnv, name: string, value: string): boolean {
  const file = env.GITHUB_OUTPUT;
  if (!file) return false;
  const safe = redact(value);
  if (safe.includes('\n')) {
    const delimiter = `dataops_${Math.random().toString(36).slice(2)}`;
    appendFileSync(file, `${name}<<${delimiter}${EOL}${safe}${EOL}${delimiter}${EOL}`);
  } else {
    appendFileSync(file, `${name}=${safe}${EOL}`);
  }
  return true;
}
