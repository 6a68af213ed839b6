import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { AdaptiveCard, SerializationContext, Versions } from 'adaptivecards';

export interface ReceivedRequest {
  method: string;
  /** Path and query, as the client sent them. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** When it arrived (ms since the epoch), to check waits between retries. */
  at: number;
}

/** How the receiver answers one request; `hang` never answers (timeouts). */
export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/** Answer of a Teams Workflows webhook that took the message. */
export const ACCEPTED: Reply = { status: 202 };

/**
 * A Teams webhook stand-in on 127.0.0.1 (a real node:http server): records every request
 * and answers from a script of replies, then with `fallback` once the script is used up.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  fallback: Reply = ACCEPTED;
  private script: Reply[] = [];
  private server: Server | undefined;
  private origin = '';

  /** The next requests get these answers, in order. */
  replyWith(...replies: Reply[]): void {
    this.script = [...replies];
  }

  get proxyUrl(): string {
    return this.origin;
  }

  reset(): void {
    this.requests.length = 0;
    this.tunnelled.length = 0;
    this.script = [];
    this.fallback = ACCEPTED;
  }

  /** Hosts asked for through the proxy (CONNECT), in order. */
  readonly tunnelled: string[] = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    // Also an HTTP proxy that tunnels every host to this receiver, so a URL on a real Teams host
    // (`*.environment.api.powerplatform.com`) reaches it: NODE_USE_ENV_PROXY=1 HTTP_PROXY=<proxyUrl>.
    this.server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      this.tunnelled.push(req.url ?? '');
      const upstream = connect(Number(new URL(this.origin).port), '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    return this.origin;
  }

  /** A URL on this receiver, e.g. a Workflows-like path with a `sig` token. */
  url(pathAndQuery: string): string {
    return this.origin + pathAndQuery;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Request bodies parsed as JSON. */
  payloads(): unknown[] {
    return this.requests.map((r) => JSON.parse(r.body) as unknown);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
    const reply = this.script.shift() ?? this.fallback;
    if (reply === 'hang') return;
    res.writeHead(reply.status, reply.headers).end(reply.body ?? '');
  }
}

/**
 * What the official `adaptivecards` library objects to in a card: parse events (unknown
 * types, invalid values) and validation failures (missing required properties, version).
 * The context targets 1.4, so anything newer than the card claims is reported too.
 */
export function adaptiveCardProblems(card: unknown): string[] {
  const parsed = new AdaptiveCard();
  const context = new SerializationContext(Versions.v1_4);
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents) problems.push(event.message);
  return problems;
}

/** The card inside a Teams message, or the payload itself when it is a bare card. */
export function cardOf(payload: unknown): unknown {
  const message = payload as { type?: string; attachments?: Array<{ content?: unknown }> };
  return message.type === 'message' ? message.attachments?.[0]?.content : payload;
}
