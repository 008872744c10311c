import type { EndpointStatistics } from '../../spec/usage-statistics.js';
import type { Endpoint, Provider } from '../../catalog/catalog-types.js';
import { formatMs, formatPercent } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { emptyState, renderPage } from '../layout.js';

export interface ProviderEntry {
  provider: Provider;
  endpoints: { endpoint: Endpoint; modelName: string; statistics: EndpointStatistics }[];
}

function health(statistics: EndpointStatistics): SafeHtml {
  const uptime = statistics.uptimeLast30m ?? statistics.uptimeLast1d;
  if (uptime === null) return html`<span class="muted">no traffic</span>`;
  if (uptime >= 99) return html`<span class="good">healthy</span>`;
  if (uptime >= 90) return html`<span class="warn">degraded</span>`;
  return html`<span class="bad">failing</span>`;
}

/** `/providers`: each provider with its endpoints and their health. */
export function renderProvidersPage(input: { entries: ProviderEntry[]; csrfToken?: string | undefined }): SafeHtml {
  const sections = input.entries.map(({ provider, endpoints }) => html`<section id="provider-${provider.slug}">
<h2>${provider.name} <span class="muted small mono">${provider.slug}</span></h2>
<p class="small muted">${provider.dataCollection === 'deny' ? 'Does not store or train on prompts.' : 'May store or train on prompts.'}
${provider.statusPageUrl ? html` <a href="${provider.statusPageUrl}" rel="noopener noreferrer">Status page</a>` : ''}</p>
${endpoints.length === 0 ? emptyState('No model in the catalog uses this provider.') : html`<div class="table-wrap"><table class="provider-endpoints"><thead><tr><th>Model</th><th>Upstream model</th><th>Health</th><th class="num">Uptime 5m</th><th class="num">Uptime 30m</th><th class="num">Uptime 1d</th><th class="num">Latency p50</th></tr></thead><tbody>
${endpoints.map(({ endpoint, modelName, statistics }) => html`<tr><td><a href="/${endpoint.modelId}">${modelName}</a>${endpoint.tag !== provider.slug ? html` <span class="badge">${endpoint.tag}</span>` : ''}</td><td class="mono">${endpoint.upstreamModel}</td><td>${health(statistics)}</td>
<td class="num">${formatPercent(statistics.uptimeLast5m)}</td><td class="num">${formatPercent(statistics.uptimeLast30m)}</td><td class="num">${formatPercent(statistics.uptimeLast1d)}</td><td class="num">${formatMs(statistics.latencyLast30m?.p50)}</td></tr>`)}
</tbody></table></div>`}
</section>`);
  const body = html`<h1>Providers</h1><p class="muted">Health is the share of attempts answered without a server error, rate limit or timeout.</p>
${input.entries.length === 0 ? emptyState('No providers are configured.') : sections}`;
  return renderPage({ title: 'Providers', active: 'providers', body, csrfToken: input.csrfToken });
}
