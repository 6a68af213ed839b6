import { html, type Html } from './html.js';

const STYLE = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #59636e; --line: #d0d7de; --accent: #0b5cad; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, summary:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
header { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; padding: .6rem 1rem; border-bottom: 1px solid var(--line); background: #f6f8fa; }
header .brand { font-weight: 600; color: var(--fg); text-decoration: none; }
header nav { display: flex; flex-wrap: wrap; gap: .25rem .9rem; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: .5rem; top: .5rem; background: #fff; padding: .25rem .5rem; z-index: 1; }
/* Ids and paths are long words: anywhere inside the content they wrap rather than widen the page. */
main { padding: 1rem; max-width: 1200px; margin: 0 auto; overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; margin: .25rem 0 .75rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .2rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f6f8fa; border: 1px solid var(--line); padding: .6rem; overflow-x: auto; max-width: 100%; white-space: pre-wrap; font-size: 13px; }
.state { font-weight: 600; }
.state.SUCCESS, .state.COMPLETED, .state.RUNNING-ok, .state.SUCCEEDED { color: var(--ok); }
.state.FAILED, .state.UPSTREAM_FAILED, .state.INTERNAL_ERROR, .state.ERROR { color: var(--bad); }
.state.CANCELED, .state.EXCLUDED, .state.WARN { color: var(--warn); }
.muted { color: var(--muted); }
.grid { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: .75rem; }
.widget { border: 1px solid var(--line); border-radius: 6px; padding: .6rem; min-width: 0; }
.widget h3 { font-size: 1rem; margin: 0 0 .4rem; }
.counter { font-size: 2rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.chart { width: 100%; min-height: 240px; }
.side { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: .75rem; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .6rem; min-width: 0; }
@media (max-width: 700px) { .grid { grid-template-columns: minmax(0, 1fr); } .grid .widget { grid-column: auto !important; } }
`;

export interface PageLinks {
  workspaceId: string;
}

/** The frame every page shares: a skip link, the navigation and the page's content. */
export function page(title: string, content: Html, options: { head?: Html; scripts?: Html } = {}): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · dataops local</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
${options.head}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<a class="brand" href="/">dataops local</a>
<nav aria-label="Workspace">
<a href="/#jobs">Jobs</a>
<a href="/#pipelines">Pipelines</a>
<a href="/#dashboards">Dashboards</a>
<a href="/#warehouses">SQL warehouses</a>
<a href="/#sandboxes">Sandboxes</a>
<a href="/guard">Same-named objects</a>
</nav>
</header>
<main id="main">
${content}
</main>
${options.scripts}
</body>
</html>
`.text;
}

/** A table that scrolls on its own on a narrow screen, so the page never does. */
export function table(head: readonly string[], rows: readonly Html[], empty: string): Html {
  if (rows.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<div class="scroll"><table><thead><tr>${head.map((cell) => html`<th scope="col">${cell}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function state(text: string | undefined): Html {
  return html`<span class="state ${text ?? ''}">${text ?? '—'}</span>`;
}

export function when(ms: number | undefined): string {
  return ms ? new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '—';
}

export function duration(ms: number | undefined): string {
  if (ms === undefined || ms < 0) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
