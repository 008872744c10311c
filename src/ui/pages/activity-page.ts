import type { Catalog } from '../../catalog/catalog-types.js';
import { formatCost, formatInteger, formatTokens } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { emptyState, renderPage } from '../layout.js';
import type { ActivityReport, UsageRow } from '../ui-data-source.js';

export const ACTIVITY_WINDOWS = [1, 7, 30] as const;

function usageTable(id: string, heading: string, rows: UsageRow[], label: (row: UsageRow) => SafeHtml | string): SafeHtml {
  return html`<div class="table-wrap"><table id="${id}"><thead><tr><th>${heading}</th><th class="num">Requests</th><th class="num">Prompt tokens</th><th class="num">Completion tokens</th><th class="num">Cost</th></tr></thead><tbody>
${rows.map((row) => html`<tr><td>${label(row)}</td><td class="num">${formatInteger(row.requests)}</td><td class="num">${formatTokens(row.tokensPrompt)}</td><td class="num">${formatTokens(row.tokensCompletion)}</td><td class="num">${formatCost(row.cost)}</td></tr>`)}
</tbody></table></div>`;
}

/** `/activity`: usage by day, model and key, with cost. */
export function renderActivityPage(input: { catalog: Catalog; days: number; report: ActivityReport; csrfToken: string }): SafeHtml {
  const { report } = input;
  const windows = html`<p>${ACTIVITY_WINDOWS.map((days, index) => html`${index > 0 ? ' · ' : ''}${days === input.days ? html`<b>Last ${days} d</b>` : html`<a href="/activity?days=${days}">Last ${days} d</a>`}`)}</p>`;
  const content = report.total.requests === 0
    ? emptyState('No requests in this window yet: every request through the gateway is counted here, with its tokens and cost.')
    : html`<div class="facts"><div><b>Requests</b>${formatInteger(report.total.requests)}</div><div><b>Tokens</b>${formatTokens(report.total.tokensPrompt + report.total.tokensCompletion)}</div><div><b>Cost</b>${formatCost(report.total.cost)}</div></div>
<h2>By day</h2>${usageTable('activity-by-day', 'Day (UTC)', report.byDay, (row) => row.label)}
<h2>By model</h2>${usageTable('activity-by-model', 'Model', report.byModel, (row) => (input.catalog.models.has(row.group) ? html`<a href="/${row.group}">${row.group}</a>` : row.group))}
<h2>By key</h2>${usageTable('activity-by-key', 'Key', report.byKey, (row) => row.label)}`;
  return renderPage({ title: 'Activity', active: 'activity', body: html`<h1>Activity</h1>${windows}${content}`, csrfToken: input.csrfToken });
}
