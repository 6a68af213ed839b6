import kleur from 'kleur';
import { formatLocation, type SourceLocation } from '../core/errors.js';
import { formatAnnotation, formatMask, isGitHubActions, type Annotation } from './github.js';
import { redact, registerSecret, SECRET_ENV_VARS } from './redact.js';

/** How a command talks to people (stderr) and machines (stdout). */
export interface OutputOptions {
  json: boolean;
  verbose: boolean;
  color: boolean;
  env: NodeJS.ProcessEnv;
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface Step {
  /** Marks the step done; the elapsed time is printed beside it. */
  succeed(text?: string): void;
  fail(text?: string): void;
  update(text: string): void;
}

export class Output {
  readonly json: boolean;
  readonly verbose: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly github: boolean;
  private readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  private readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** A person watches stderr: spinners redraw in place instead of printing lines. */
  readonly interactive: boolean;

  constructor(options: OutputOptions) {
    this.json = options.json;
    this.verbose = options.verbose;
    this.env = options.env;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    this.github = isGitHubActions(options.env);
    this.interactive = this.stderr.isTTY === true && !options.env.CI;
    kleur.enabled = options.color && shouldColor(options.env, this.stderr.isTTY === true);
    for (const name of SECRET_ENV_VARS) this.secret(options.env[name]);
  }

  /** Registers a secret so no later output shows it; masks it in GitHub Actions logs too. */
  secret(value: string | undefined): void {
    if (registerSecret(value) && this.github && value !== undefined) this.stderr.write(formatMask(value) + '\n');
  }

  /** Machine output: a JSON document on stdout. */
  result(data: unknown): void {
    this.stdout.write(redact(JSON.stringify(data, null, 2)) + '\n');
  }

  /** Plain text meant for stdout (a table, a script), not progress. */
  print(text: string): void {
    this.stdout.write(redact(text) + (text.endsWith('\n') ? '' : '\n'));
  }

  info(text: string): void {
    this.stderr.write(redact(text) + '\n');
  }

  /** A line of `DATAOPS_TRACE` output on stderr, for whoever asked to see what the program does. */
  trace(text: string): void {
    this.stderr.write(`dataops-trace: ${redact(text)}\n`);
  }

  debug(text: string): void {
    if (this.verbose) this.stderr.write(kleur.dim(redact(text)) + '\n');
  }

  warn(text: string, location?: SourceLocation): void {
    this.stderr.write(kleur.yellow('warning: ') + redact(text) + locationSuffix(location) + '\n');
    if (this.github) this.annotate({ level: 'warning', message: text, ...annotationPlace(location) });
  }

  error(text: string, location?: SourceLocation, hint?: string): void {
    this.stderr.write(kleur.red().bold('error: ') + redact(text) + locationSuffix(location) + '\n');
    if (hint) this.stderr.write(kleur.cyan('hint: ') + redact(hint) + '\n');
    if (this.github) this.annotate({ level: 'error', message: text, ...annotationPlace(location) });
  }

  /**
   * A GitHub annotation (only in GitHub Actions; elsewhere the human text says it). Workflow
   * commands go to stderr, which the runner reads as it reads stdout, so stdout stays pure JSON.
   */
  annotate(annotation: Annotation): void {
    if (this.github) this.stderr.write(formatAnnotation(annotation) + '\n');
  }

  /**
   * A long-running step: an ora spinner on an interactive terminal, plain lines in CI
   * or when stderr is not a terminal. ora is loaded only when a spinner will show.
   */
  async step(text: string): Promise<Step> {
    const started = Date.now();
    const took = (): string => kleur.dim(` (${formatDuration(Date.now() - started)})`);
    if (this.interactive) {
      const { default: ora } = await import('ora');
      const spinner = ora({ text: redact(text), stream: this.stderr }).start();
      return {
        succeed: (t) => spinner.succeed(redact(t ?? text) + took()),
        fail: (t) => spinner.fail(redact(t ?? text) + took()),
        update: (t) => {
          spinner.text = redact(t);
        },
      };
    }
    this.stderr.write(`- ${redact(text)}\n`);
    return {
      succeed: (t) => this.stderr.write(`${kleur.green('✔')} ${redact(t ?? text)}${took()}\n`),
      fail: (t) => this.stderr.write(`${kleur.red('✖')} ${redact(t ?? text)}${took()}\n`),
      update: (t) => this.debug(t),
    };
  }
}

export function shouldColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0';
  return isTTY && env.TERM !== 'dumb';
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${Math.round((ms % 60_000) / 1000)}s`;
}

function locationSuffix(location: SourceLocation | undefined): string {
  return location ? kleur.dim(` (${formatLocation(location)})`) : '';
}

function annotationPlace(location: SourceLocation | undefined): Pick<Annotation, 'file' | 'line' | 'column'> {
  if (!location) return {};
  return { file: location.file, line: location.line, column: location.column };
}
