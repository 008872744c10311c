import { formatCost } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import type { CreditSummary } from '../ui-data-source.js';

/** `/credits`: the balance when credits are on; otherwise says they are off and shows usage. */
export function renderCreditsPage(input: { credits: CreditSummary; csrfToken: string }): SafeHtml {
  const { credits } = input;
  const body = credits.enabled
    ? html`<h1>Credits</h1><div class="facts"><div><b>Balance</b>${formatCost(credits.totalCredits - credits.totalUsage)}</div><div><b>Credits added</b>${formatCost(credits.totalCredits)}</div><div><b>Used</b>${formatCost(credits.totalUsage)}</div></div>
<p class="muted">Top-ups from this page arrive with the credits ledger; until then add credits with the store's tools.</p>`
    : html`<h1>Credits</h1><p class="empty">Credits are not enabled on this gateway: requests are limited only by each key's spending limit. Usage so far: <b>${formatCost(credits.totalUsage)}</b>.</p>`;
  return renderPage({ title: 'Credits', active: 'credits', body, csrfToken: input.csrfToken });
}
