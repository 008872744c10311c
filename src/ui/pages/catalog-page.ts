import { topEndpoint } from '../../api/catalog/encode-model.js';
import type { Model, Provider } from '../../catalog/catalog-types.js';
import { CONTEXT_CHOICES, PRICE_CHOICES, SORT_CHOICES, searchText, type CatalogQuery } from '../catalog-query.js';
import { formatInteger, formatPricePerMillion, formatTokens } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { emptyState, renderPage } from '../layout.js';

export interface CatalogPageInput {
  models: Model[];
  totalModels: number;
  query: CatalogQuery;
  weeklyTokens: Map<string, number>;
  modalities: string[];
  providers: Provider[];
  csrfToken?: string | undefined;
}

const SORT_LABELS: Record<string, string> = { newest: 'Newest', price: 'Price (low to high)', context: 'Context (high to low)', tokens: 'Tokens this week' };

function option(value: string, label: string, selected: boolean): SafeHtml {
  return html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
}

/** `/models`: every model, filtered on the server by the query string. */
export function renderCatalogPage(input: CatalogPageInput): SafeHtml {
  const { query } = input;
  const filters = html`<form id="catalog-filters" class="filters" method="get" action="/models" role="search">
<label>Search<input type="search" name="q" value="${query.search}" placeholder="Name or slug" maxlength="100"></label>
<label>Input<select name="input">${option('', 'Any', !query.inputModality)}${input.modalities.map((name) => option(name, name, query.inputModality === name))}</select></label>
<label>Output<select name="output">${option('', 'Any', !query.outputModality)}${input.modalities.map((name) => option(name, name, query.outputModality === name))}</select></label>
<label>Context<select name="context">${option('', 'Any', query.minContext === null)}${CONTEXT_CHOICES.map((value) => option(String(value), `≥ ${formatTokens(value)}`, query.minContext === value))}</select></label>
<label>Prompt price<select name="price">${option('', 'Any', !query.price)}${PRICE_CHOICES.map((value) => option(value, value === 'free' ? 'Free' : `≤ $${value}/M`, query.price === value))}</select></label>
<label>Provider<select name="provider">${option('', 'Any', !query.provider)}${input.providers.map((provider) => option(provider.slug, provider.name, query.provider === provider.slug))}</select></label>
<label>Sort<select name="sort">${SORT_CHOICES.map((value) => option(value, SORT_LABELS[value] ?? value, query.sort === value))}</select></label>
<button type="submit">Apply</button> <a href="/models">Reset</a>
</form>`;
  const rows = input.models.map((model) => {
    const top = topEndpoint(model);
    return html`<tr data-search="${searchText(model)}">
<td><a href="/${model.id}">${model.name}</a><div class="muted small mono">${model.id}</div></td>
<td class="num">${formatInteger(model.contextLength)}</td>
<td class="num">${top ? formatPricePerMillion(top.pricing.prompt) : '—'}</td>
<td class="num">${top ? formatPricePerMillion(top.pricing.completion) : '—'}</td>
<td class="num">${formatTokens(input.weeklyTokens.get(model.id) ?? 0)}</td>
</tr>`;
  });
  const table = input.models.length === 0
    ? emptyState(input.totalModels === 0 ? 'The catalog has no models: add some to the config file.' : 'No model matches these filters.')
    : html`<div class="table-wrap"><table id="catalog-table"><thead><tr><th>Model</th><th class="num">Context</th><th class="num">Input $/M</th><th class="num">Output $/M</th><th class="num">Tokens this week</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
  const body = html`<h1>Models</h1>
<p class="muted"><span id="catalog-count">${input.models.length}</span> of ${input.totalModels} models served by this gateway. Prices are per million tokens from the cheapest provider.</p>
${filters}${table}`;
  return renderPage({ title: 'Models', active: 'models', body, csrfToken: input.csrfToken, description: 'Models served by this Switchboard gateway' });
}
