import type { GenerationRecord } from '../../store/store-types.js';
import { formatCost, formatInteger, formatMs, formatTimestamp } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { emptyState, renderPage } from '../layout.js';

function outcome(record: GenerationRecord): SafeHtml {
  if (record.errorMessage) return html`<span class="bad">error</span>`;
  if (record.cancelled) return html`<span class="warn">cancelled</span>`;
  return html`<span class="good">${record.finishReason ?? 'ok'}</span>`;
}

/** `/generations`: recent requests, newest first; each opens its full record. */
export function renderGenerationsPage(input: { records: GenerationRecord[]; keyNames: Map<string, string>; nextBefore: number | null; csrfToken: string }): SafeHtml {
  const rows = input.records.map((record) => html`<tr>
<td class="small"><a href="/generations/${record.id}">${formatTimestamp(record.createdAt)}</a></td>
<td class="mono small">${record.model}</td><td>${record.providerName ?? '—'}</td><td>${record.appTitle ?? ''}</td>
<td>${input.keyNames.get(record.apiKeyHash) ?? record.apiKeyHash.slice(0, 12)}</td>
<td class="num">${formatInteger(record.tokensPrompt)} / ${formatInteger(record.tokensCompletion)}</td>
<td class="num">${formatCost(record.totalCost)}</td><td class="num">${formatMs(record.latencyMs)}</td>
<td class="num">${record.attempts.length}</td><td>${outcome(record)}${record.streamed ? html` <span class="badge">stream</span>` : ''}</td>
</tr>`);
  const body = html`<h1>Generations</h1>
${input.records.length === 0 ? emptyState('No requests yet: every chat or completion request through the gateway appears here, with its attempts, tokens and cost.') : html`<div class="table-wrap"><table id="generations-table"><thead><tr><th>Time</th><th>Model</th><th>Provider</th><th>App</th><th>Key</th><th class="num">Tokens in / out</th><th class="num">Cost</th><th class="num">Latency</th><th class="num">Attempts</th><th>Outcome</th></tr></thead><tbody>${rows}</tbody></table></div>`}
${input.nextBefore === null ? '' : html`<p><a href="/generations?before=${input.nextBefore}">Older</a></p>`}`;
  return renderPage({ title: 'Generations', active: 'generations', body, csrfToken: input.csrfToken });
}

/** `/generations/{id}`: one generation's full record, every attempt included. */
export function renderGenerationPage(input: { record: GenerationRecord; keyName: string | undefined; csrfToken: string }): SafeHtml {
  const { record } = input;
  const facts: [string, string | number | SafeHtml][] = [
    ['Id', html`<code>${record.id}</code>`],
    ['Created', formatTimestamp(record.createdAt)],
    ['Key', input.keyName ?? record.apiKeyHash],
    ['Model', record.model],
    ['Provider', record.providerName ?? '—'],
    ['Endpoint', record.endpointId ?? '—'],
    ['API', `${record.apiType}${record.streamed ? ' (streamed)' : ''}`],
    ['Finish reason', `${record.finishReason ?? '—'} (native: ${record.nativeFinishReason ?? '—'})`],
    ['Latency (first token)', formatMs(record.latencyMs)],
    ['Generation time', formatMs(record.generationTimeMs)],
    ['Tokens', `${formatInteger(record.tokensPrompt)} prompt, ${formatInteger(record.tokensCompletion)} completion`],
    ['Native tokens', `${formatInteger(record.nativeTokensPrompt)} prompt, ${formatInteger(record.nativeTokensCompletion)} completion, ${formatInteger(record.nativeTokensReasoning)} reasoning, ${formatInteger(record.nativeTokensCached)} cached`],
    ['Cost', formatCost(record.totalCost)],
    ['Cache discount', formatCost(record.cacheDiscount)],
    ['App', record.appTitle ?? '—'],
    ['Referer', record.httpReferer ?? '—'],
    ['User agent', record.userAgent ?? '—'],
    ['User', record.externalUser ?? '—'],
    ['Session', record.sessionId ?? '—'],
    ['Cancelled', record.cancelled ? 'yes' : 'no'],
    ['Error', record.errorMessage ?? '—'],
  ];
  const body = html`<p class="small"><a href="/generations">Generations</a></p><h1>Generation</h1>
<div class="table-wrap"><table id="generation-record"><tbody>${facts.map(([label, value]) => html`<tr><th>${label}</th><td>${value}</td></tr>`)}</tbody></table></div>
<h2>Attempts</h2>
<div class="table-wrap"><table id="generation-attempts"><thead><tr><th>#</th><th>Provider</th><th>Endpoint</th><th>Upstream model</th><th class="num">Status</th><th class="num">Latency</th><th>Error</th></tr></thead><tbody>
${record.attempts.map((attempt, index) => html`<tr><td>${index + 1}</td><td>${attempt.providerName}</td><td class="mono small">${attempt.endpointId}</td><td class="mono small">${attempt.model}</td>
<td class="num ${attempt.status === 200 ? 'good' : 'bad'}">${attempt.status ?? 'no response'}</td><td class="num">${formatMs(attempt.latencyMs)}</td><td>${attempt.errorKind ? `${attempt.errorKind}: ` : ''}${attempt.errorMessage ?? ''}</td></tr>`)}
</tbody></table></div>
<p class="small"><a href="/api/v1/generation?id=${record.id}">JSON: GET /api/v1/generation?id=${record.id}</a> (needs a key)</p>`;
  return renderPage({ title: 'Generation', active: 'generations', body, csrfToken: input.csrfToken });
}
