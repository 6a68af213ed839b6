import { describe, expect, it } from 'vitest';
import { buildCard, type Notification } from '../../../src/core/notify/card.js';
import { wrapCard } from '../../../src/core/notify/payload.js';
import { NOTIFY_STATUSES } from '../../../src/core/notify/status.js';
import { adaptiveCardProblems } from '../../helpers/webhook-receiver.js';

const FULL_RUN = {
  repository: 'acme/sales-bundle',
  ref: 'feature/login',
  commit: '0123abc',
  actor: 'octocat',
  workflow: 'Production Deployment',
  runUrl: 'https://github.com/acme/sales-bundle/actions/runs/42/attempts/2',
  pullRequestUrl: 'https://github.com/acme/sales-bundle/pull/7',
};

function notification(overrides: Partial<Notification> = {}): Notification {
  return { status: 'Failed', fastTrack: false, bundle: 'sales', environment: 'prod', version: '1.4.0', run: FULL_RUN, ...overrides };
}

type Body = ReturnType<typeof buildCard>['body'];
const texts = (body: Body) => body.flatMap((el) => (el.type === 'TextBlock' ? [el.text] : []));
const facts = (body: Body) => Object.fromEntries(body.flatMap((el) => (el.type === 'FactSet' ? el.facts.map((f) => [f.title, f.value]) : [])));

describe('the notification card', () => {
  it('is an Adaptive Card 1.4 with the seed title, a FactSet of the context and links to the run and the PR', () => {
    const card = buildCard(notification());
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: '❌ Deployment Failed: sales', color: 'Attention', weight: 'Bolder' });
    expect(facts(card.body)).toEqual({
      Bundle: 'sales',
      Environment: 'prod',
      Version: '1.4.0',
      Status: 'Failed',
      Repository: 'acme/sales-bundle',
      Ref: 'feature/login',
      Commit: '0123abc',
      Actor: 'octocat',
      Workflow: 'Production Deployment',
    });
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'View run', url: FULL_RUN.runUrl },
      { type: 'Action.OpenUrl', title: 'View pull request', url: FULL_RUN.pullRequestUrl },
    ]);
  });

  it('colours the title by status', () => {
    const colours = NOTIFY_STATUSES.map((status) => [status, buildCard(notification({ status })).body[0]]);
    expect(Object.fromEntries(colours.map(([s, b]) => [s, (b as { color: string }).color]))).toEqual({
      Failed: 'Attention',
      Succeeded: 'Good',
      Started: 'Accent',
      Cancelled: 'Warning',
    });
  });

  it('uses the ChatOps fast-track texts of the seed for /release', () => {
    expect(texts(buildCard(notification({ status: 'Started', fastTrack: true })).body).slice(0, 2)).toEqual([
      '🚀 Fast-Track Release Initialized: sales',
      'I’m merging this feature and triggering the production release now.',
    ]);
    expect(texts(buildCard(notification({ status: 'Succeeded', fastTrack: true })).body)[0]).toBe('✅ Release Complete: sales');
    expect(texts(buildCard(notification({ status: 'Failed', fastTrack: true })).body)[1]).toContain('Please check GitHub Actions logs.');
  });

  it('takes --title and --message over the defaults', () => {
    const card = buildCard(notification({ title: 'Nightly load', message: 'Table sales.daily is late' }));
    expect(texts(card.body)).toEqual(['Nightly load', 'Table sales.daily is late']);
  });

  it('leaves out facts and buttons it does not know instead of printing empty ones', () => {
    const card = buildCard({ status: 'Succeeded', fastTrack: false, run: {} });
    expect(texts(card.body)).toEqual(['✅ Deployment Succeeded']);
    expect(facts(card.body)).toEqual({ Status: 'Succeeded' });
    expect(card.actions).toBeUndefined();
  });

  it('wraps the card in a Teams message for shape message, and sends it bare for shape card', () => {
    const card = buildCard(notification());
    expect(wrapCard(card, 'message')).toEqual({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
    });
    expect(wrapCard(card, 'card')).toBe(card);
  });

  it('parses without errors or warnings in the adaptivecards library, for every status and text set', () => {
    const variants: Notification[] = NOTIFY_STATUSES.flatMap((status) => [
      notification({ status }),
      notification({ status, fastTrack: true }),
      notification({ status, title: 'T', message: 'line one\nline **two**', run: {} }),
      { status, fastTrack: false, run: {} },
    ]);
    for (const variant of variants) expect(adaptiveCardProblems(buildCard(variant)), JSON.stringify(variant)).toEqual([]);
  });
});
