/** What guard and drift leave in GitHub Actions: annotations on the YAML lines and a step summary. */
import type { GuardAnnotation } from '../core/guard/render.js';
import type { Output } from '../ui/output.js';

export async function publishToGitHub(out: Output, env: NodeJS.ProcessEnv, annotations: readonly GuardAnnotation[], summary: string, repoPrefix: string): Promise<void> {
  if (!out.github) return;
  const { appendStepSummary } = await import('../ui/github.js');
  for (const a of annotations) out.annotate({ ...a, ...(a.file && repoPrefix ? { file: `${repoPrefix}/${a.file}` } : {}) });
  appendStepSummary(env, summary);
}
