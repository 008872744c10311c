import { html, type SafeHtml } from './html.js';

export type NavSection = 'models' | 'rankings' | 'providers' | 'keys' | 'activity' | 'credits' | 'generations' | 'login' | 'none';

export interface PageOptions {
  title: string;
  active: NavSection;
  body: SafeHtml;
  /** Set when a management session is open: shows its pages and a logout form. */
  csrfToken?: string | undefined;
  /** Loads uPlot (only pages with charts pay for it). */
  charts?: boolean;
  /** For `<meta name="description">`. */
  description?: string;
}

const PUBLIC_LINKS: [NavSection, string, string][] = [
  ['models', '/models', 'Models'],
  ['rankings', '/rankings', 'Rankings'],
  ['providers', '/providers', 'Providers'],
];
const MANAGEMENT_LINKS: [NavSection, string, string][] = [
  ['keys', '/keys', 'Keys'],
  ['activity', '/activity', 'Activity'],
  ['credits', '/credits', 'Credits'],
  ['generations', '/generations', 'Generations'],
];

/**
 * The page shell. Content is server-rendered and complete without scripts; the one script
 * adds copy buttons, tabs, live filtering and the charts.
 */
export function renderPage(options: PageOptions): SafeHtml {
  const link = ([section, href, label]: [NavSection, string, string]): SafeHtml =>
    html`<a href="${href}"${section === options.active ? html` class="active" aria-current="page"` : ''}>${label}</a>`;
  const account = options.csrfToken
    ? html`<form method="post" action="/logout"><input type="hidden" name="csrf" value="${options.csrfToken}"><button class="secondary" type="submit">Log out</button></form>`
    : html`<a href="/login">Log in</a>`;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${options.title} · Switchboard</title>
${options.description ? html`<meta name="description" content="${options.description}">` : ''}
<link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/switchboard.css">
${options.charts ? html`<link rel="stylesheet" href="/assets/uplot.min.css"><script src="/assets/uplot.min.js" defer></script>` : ''}
<script src="/assets/switchboard.js" defer></script>
</head><body>
<header class="top"><a class="brand" href="/models">Switchboard</a>
<nav aria-label="Catalog">${PUBLIC_LINKS.map(link)}</nav>
${options.csrfToken ? html`<nav aria-label="Management">${MANAGEMENT_LINKS.map(link)}</nav>` : ''}
<span class="spacer"></span>${account}</header>
<main>${options.body}</main>
</body></html>`;
}

/** An empty state that says why there is nothing to show yet. */
export function emptyState(reason: string): SafeHtml {
  return html`<p class="empty">${reason}</p>`;
}
