import { formatCost } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import type { CreditSummary } from '../ui-data-source.js';

/** `/credits`: the balance when credits are on; otherwise says they are off and shows usage. */
export function renderCreditsPage(input: { credits: CreditSummary; csrfToken: string; error?: string }): SafeHtml {
  const { credits } = input;
  const error = input.error ? html`<p class="error" role="alert">${input.error}</p>` : html``;
  const body = credits.enabled
    ? html`<h1>Credits</h1><div class="facts"><div><b>Balance</b>${formatCost(credits.totalCredits - credits.totalUsage)}</div><div><b>Credits added</b>${formatCost(credits.totalCredits)}</div><div><b>Used</b>${formatCost(credits.totalUsage)}</div></div>
<h2>Top up</h2>${error}
<form method="post" action="/credits" class="filters" id="top-up"><input type="hidden" name="csrf" value="${input.csrfToken}"><label>Amount (USD) <input name="amount" inputmode="decimal" required placeholder="25.00"></label><label>Note <input name="note" maxlength="200" placeholder="optional"></label><button type="submit">Add credits</button></form>`
    : html`<h1>Credits</h1><p class="empty">Credits are not enabled on this gateway: requests are limited only by each key's spending limit. Usage so far: <b>${formatCost(credits.totalUsage)}</b>.</p>`;
  return renderPage({ title: 'Credits', active: 'credits', body, csrfToken: input.csrfToken });
}
