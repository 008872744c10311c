import type { Model } from '../../catalog/catalog-types.js';
import { usdToPicodollars } from '../../spec/money.js';
import { formatInteger, formatMs, formatPercent, formatPricePerMillion } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { emptyState } from '../layout.js';

/** The fields of an encoded S:PublicEndpoint the table shows. */
interface EncodedEndpoint {
  provider_name?: unknown;
  tag?: unknown;
  context_length?: unknown;
  max_completion_tokens?: unknown;
  quantization?: unknown;
  pricing?: { prompt?: unknown; completion?: unknown };
  latency_last_30m?: { p50?: unknown } | null;
  throughput_last_30m?: { p50?: unknown } | null;
  uptime_last_1d?: unknown;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A USD-per-token decimal string, as the API writes it, shown per million tokens. */
export function apiPricePerMillion(value: unknown): string {
  const perToken = typeof value === 'string' ? usdToPicodollars(value) : null;
  return perToken === null ? '—' : formatPricePerMillion(perToken);
}

/**
 * Rendered from the endpoints API's own encoding, so the page and `GET /models/{a}/{s}/endpoints`
 * cannot disagree. Data policy is not in that schema; it comes from the same catalog endpoint.
 */
export function renderProvidersTable(model: Model, endpointsData: Record<string, unknown>): SafeHtml {
  const encoded = Array.isArray(endpointsData.endpoints) ? (endpointsData.endpoints as EncodedEndpoint[]) : [];
  if (encoded.length === 0) return emptyState('No provider serves this model: add an endpoint for it in the config file.');
  const rows = encoded.map((endpoint, index) => {
    const catalogEndpoint = model.endpoints[index];
    const maxOutput = numberOrNull(endpoint.max_completion_tokens);
    const throughput = numberOrNull(endpoint.throughput_last_30m?.p50);
    const uptime = numberOrNull(endpoint.uptime_last_1d);
    return html`<tr data-tag="${String(endpoint.tag ?? '')}">
<td>${String(endpoint.provider_name ?? '')}${catalogEndpoint && catalogEndpoint.tag !== catalogEndpoint.provider.slug ? html` <span class="badge">${catalogEndpoint.tag}</span>` : ''}</td>
<td class="num">${formatInteger(numberOrNull(endpoint.context_length) ?? 0)}</td>
<td class="num">${maxOutput === null ? '—' : formatInteger(maxOutput)}</td>
<td class="num">${apiPricePerMillion(endpoint.pricing?.prompt)}</td>
<td class="num">${apiPricePerMillion(endpoint.pricing?.completion)}</td>
<td>${String(endpoint.quantization ?? '—')}</td>
<td>${catalogEndpoint?.provider.dataCollection === 'deny' ? 'No training or storage' : 'May store or train'}</td>
<td class="num">${formatMs(numberOrNull(endpoint.latency_last_30m?.p50))}</td>
<td class="num">${throughput === null ? '—' : `${formatInteger(throughput)} tok/s`}</td>
<td class="num ${uptime === null ? '' : uptime >= 99 ? 'good' : uptime >= 90 ? 'warn' : 'bad'}">${formatPercent(uptime)}</td>
</tr>`;
  });
  return html`<div class="table-wrap"><table id="providers-table"><thead><tr>
<th>Provider</th><th class="num">Context</th><th class="num">Max output</th><th class="num">Input $/M</th><th class="num">Output $/M</th>
<th>Quantization</th><th>Data policy</th><th class="num">Latency p50</th><th class="num">Throughput p50</th><th class="num">Uptime 1d</th>
</tr></thead><tbody>${rows}</tbody></table></div>`;
}
