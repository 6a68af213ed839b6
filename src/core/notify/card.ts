import { STATUS_LOOK, type CardColor, type NotifyStatus } from './status.js';

/** Where the notification comes from: a GitHub Actions run, when there is one. */
export interface RunContext {
  repository?: string;
  ref?: string;
  /** Short commit SHA. */
  commit?: string;
  actor?: string;
  workflow?: string;
  runUrl?: string;
  pullRequestUrl?: string;
}

export interface Notification {
  status: NotifyStatus;
  /** Use the ChatOps `/release` texts instead of the deployment ones. */
  fastTrack: boolean;
  title?: string;
  message?: string;
  bundle?: string;
  environment?: string;
  version?: string;
  run: RunContext;
}

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  size?: 'Large';
  weight?: 'Bolder';
  color?: CardColor;
}

export interface FactSet {
  type: 'FactSet';
  facts: Array<{ title: string; value: string }>;
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

/** The subset of Adaptive Card 1.4 that notifications use. */
export interface AdaptiveCard {
  $schema: string;
  type: 'AdaptiveCard';
  version: '1.4';
  /** Teams-only: use the whole width of the channel, so the facts do not wrap early. */
  msteams: { width: 'Full' };
  body: Array<TextBlock | FactSet>;
  actions?: OpenUrlAction[];
}

export function buildCard(n: Notification): AdaptiveCard {
  const look = STATUS_LOOK[n.status];
  const heading = n.fastTrack ? look.fastTrack.heading : look.heading;
  const title = n.title ?? (n.bundle ? `${heading}: ${n.bundle}` : heading);
  const message = n.message ?? (n.fastTrack ? look.fastTrack.text : undefined);

  const body: AdaptiveCard['body'] = [{ type: 'TextBlock', text: title, wrap: true, size: 'Large', weight: 'Bolder', color: look.color }];
  if (message) body.push({ type: 'TextBlock', text: message, wrap: true });
  const facts = factsOf(n);
  if (facts.length > 0) body.push({ type: 'FactSet', facts });

  const actions: OpenUrlAction[] = [];
  if (n.run.runUrl) actions.push({ type: 'Action.OpenUrl', title: 'View run', url: n.run.runUrl });
  if (n.run.pullRequestUrl) actions.push({ type: 'Action.OpenUrl', title: 'View pull request', url: n.run.pullRequestUrl });

  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    msteams: { width: 'Full' },
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

function factsOf(n: Notification): FactSet['facts'] {
  const known: Array<[string, string | undefined]> = [
    ['Bundle', n.bundle],
    ['Environment', n.environment],
    ['Version', n.version],
    ['Status', n.status],
    ['Repository', n.run.repository],
    ['Ref', n.run.ref],
    ['Commit', n.run.commit],
    ['Actor', n.run.actor],
    ['Workflow', n.run.workflow],
  ];
  return known.filter((fact): fact is [string, string] => Boolean(fact[1])).map(([title, value]) => ({ title, value }));
}
