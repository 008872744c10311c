import type { Catalog } from '../../catalog/catalog-types.js';
import { formatInteger, formatTokens } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { emptyState, renderPage } from '../layout.js';
import type { RankingPeriod, Rankings } from '../ui-data-source.js';

const PERIODS: [RankingPeriod, string][] = [['day', 'Today (24 h)'], ['week', 'This week'], ['month', 'This month']];

/** `/rankings`: top models and apps by tokens over a day, week or month. */
export function renderRankingsPage(input: { catalog: Catalog; period: RankingPeriod; rankings: Rankings; csrfToken?: string | undefined }): SafeHtml {
  const { rankings } = input;
  const periods = html`<p>${PERIODS.map(([period, label], index) => html`${index > 0 ? ' · ' : ''}${period === input.period ? html`<b>${label}</b>` : html`<a href="/rankings?period=${period}">${label}</a>`}`)}</p>`;
  const models = rankings.models.length === 0
    ? emptyState('No requests in this period yet: rankings count the tokens of every request that went through this gateway.')
    : html`<div class="table-wrap"><table id="rankings-models"><thead><tr><th>#</th><th>Model</th><th class="num">Tokens</th><th class="num">Requests</th></tr></thead><tbody>
${rankings.models.map((entry, index) => {
  const model = input.catalog.models.get(entry.modelId);
  return html`<tr><td>${index + 1}</td><td>${model ? html`<a href="/${model.id}">${model.name}</a> <span class="muted small mono">${model.id}</span>` : entry.modelId}</td><td class="num">${formatTokens(entry.tokens)}</td><td class="num">${formatInteger(entry.requests)}</td></tr>`;
})}</tbody></table></div>`;
  const apps = rankings.apps.length === 0
    ? emptyState('No named app in this period: apps are named by the X-Title and HTTP-Referer headers of their requests.')
    : html`<div class="table-wrap"><table id="rankings-apps"><thead><tr><th>#</th><th>App</th><th class="num">Tokens</th><th class="num">Requests</th></tr></thead><tbody>
${rankings.apps.map((app, index) => html`<tr><td>${index + 1}</td><td>${app.url ? html`<a href="${app.url}" rel="nofollow noopener noreferrer" target="_blank">${app.name}</a>` : app.name}</td><td class="num">${formatTokens(app.tokens)}</td><td class="num">${formatInteger(app.requests)}</td></tr>`)}
</tbody></table></div>`;
  const body = html`<h1>Rankings</h1>${periods}<div class="grid2"><section><h2>Top models</h2>${models}</section><section><h2>Top apps</h2>${apps}</section></div>`;
  return renderPage({ title: 'Rankings', active: 'rankings', body, csrfToken: input.csrfToken });
}
