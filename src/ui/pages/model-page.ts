import { topEndpoint } from '../../api/catalog/encode-model.js';
import type { Model } from '../../catalog/catalog-types.js';
import { chartBlock } from '../chart-block.js';
import { formatDateSeconds, formatInteger, formatPricePerMillion, formatTokens } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { emptyState, renderPage } from '../layout.js';
import type { SampleCode } from '../sample-code.js';
import type { AppUsage, DailyTokens, UptimePoint } from '../ui-data-source.js';
import { renderProvidersTable } from './providers-table.js';

export interface UptimeWindow {
  name: string;
  label: string;
}

export interface ModelPageInput {
  model: Model;
  /** The base model and its static variants (`:free`…), this one included. */
  family: Model[];
  /** `encodeModelEndpoints` output: what `GET /models/{a}/{s}/endpoints` returns as `data`. */
  endpointsData: Record<string, unknown>;
  apps: AppUsage[];
  dailyTokens: DailyTokens[];
  uptime: { label: string; points: UptimePoint[] }[];
  uptimeWindows: UptimeWindow[];
  uptimeWindow: string;
  samples: SampleCode[];
  csrfToken?: string | undefined;
}

/** `/{author}/{slug}`: one model, its providers, apps, activity, uptime and sample code. */
export function renderModelPage(input: ModelPageInput): SafeHtml {
  const { model } = input;
  const top = topEndpoint(model);
  const body = html`<p class="small"><a href="/models">Models</a> / ${model.id.split('/')[0]}</p>
<h1>${model.name}</h1>
<div class="copy-row"><code id="model-slug">${model.id}</code><button type="button" class="secondary" data-copy="#model-slug" hidden>Copy</button></div>
${renderFamily(input)}
<div class="facts">
<div><b>Created</b>${formatDateSeconds(model.created)}</div>
<div><b>Context</b>${formatInteger(model.contextLength)} tokens</div>
<div><b>Input</b>${top ? formatPricePerMillion(top.pricing.prompt) : '—'} /M tokens</div>
<div><b>Output</b>${top ? formatPricePerMillion(top.pricing.completion) : '—'} /M tokens</div>
<div><b>Modalities</b>${model.inputModalities.join(', ')} → ${model.outputModalities.join(', ')}</div>
</div>
<p class="description">${model.description}</p>
<h2 id="providers">Providers</h2>
<p class="muted small">The same figures as <a href="/api/v1/models/${model.id}/endpoints"><code>GET /api/v1/models/${model.id}/endpoints</code></a>. Latency is time to first token; both are medians of the last 30 minutes.</p>
${renderProvidersTable(model, input.endpointsData)}
<h2 id="apps">Apps using this model</h2>
${renderApps(input.apps)}
<h2 id="activity">Activity</h2>
${renderActivity(input.dailyTokens)}
<h2 id="uptime">Uptime</h2>
${renderUptime(input)}
<h2 id="code">Sample code</h2>
<p class="muted small">Set <code>SWITCHBOARD_API_KEY</code> to an API key of this gateway (management pages: Keys).</p>
${renderSamples(input.samples)}`;
  return renderPage({ title: model.name, active: 'models', body, csrfToken: input.csrfToken, charts: true, description: model.description.slice(0, 160) });
}

function renderFamily({ model, family }: ModelPageInput): SafeHtml {
  if (family.length < 2) return html``;
  return html`<p class="small">Variants: ${family.map((member, index) => html`${index > 0 ? ' · ' : ''}${member.id === model.id ? html`<b>${member.id}</b>` : html`<a href="/${member.id}">${member.id}</a>`}`)}</p>`;
}

function renderApps(apps: AppUsage[]): SafeHtml {
  if (apps.length === 0) return emptyState('No app has used this model in the last 7 days. Apps are named by the X-Title and HTTP-Referer headers of their requests.');
  return html`<div class="table-wrap"><table id="apps-table"><thead><tr><th>#</th><th>App</th><th class="num">Tokens this week</th><th class="num">Requests</th></tr></thead><tbody>
${apps.map((app, index) => html`<tr><td>${index + 1}</td><td>${app.url ? html`<a href="${app.url}" rel="nofollow noopener noreferrer" target="_blank">${app.name}</a>` : app.name}</td><td class="num">${formatTokens(app.tokens)}</td><td class="num">${formatInteger(app.requests)}</td></tr>`)}
</tbody></table></div>`;
}

/**
 * How many leading empty entries to drop so a chart starts near its first data, keeping at
 * least `minimum` entries: a fresh gateway's first minutes fill the width, not a sliver.
 */
function leadingEmpty(hasData: boolean[], minimum: number): number {
  const first = hasData.indexOf(true);
  return first === -1 ? 0 : Math.max(0, Math.min(first - 1, hasData.length - minimum));
}

function renderActivity(days: DailyTokens[]): SafeHtml {
  if (days.every((day) => day.prompt === 0 && day.completion === 0)) {
    return emptyState('No tokens in the last 30 days: the chart fills as requests for this model go through the gateway (try `switchboard demo --traffic`).');
  }
  days = days.slice(leadingEmpty(days.map((day) => day.prompt + day.completion > 0), 7));
  const spec = {
    kind: 'bars' as const,
    yFormat: 'tokens' as const,
    x: days.map((day) => Date.parse(`${day.day}T00:00:00Z`) / 1000),
    series: [
      { label: 'Prompt tokens', values: days.map((day) => day.prompt) },
      { label: 'Completion tokens', values: days.map((day) => day.completion) },
    ],
  };
  return chartBlock('chart-activity', 'Tokens per day', spec, formatDay, formatCount);
}

function renderUptime(input: ModelPageInput): SafeHtml {
  const windows = html`<p class="small">${input.uptimeWindows.map((window, index) => html`${index > 0 ? ' · ' : ''}${window.name === input.uptimeWindow ? html`<b>${window.label}</b>` : html`<a href="?uptime=${window.name}#uptime">${window.label}</a>`}`)}</p>`;
  const first = input.uptime[0];
  if (!first || input.uptime.every((series) => series.points.every((point) => point.uptime === null))) {
    return html`${windows}${emptyState('No attempts in this window yet: uptime is the share of requests each provider answered without a server error, rate limit or timeout.')}`;
  }
  const skip = leadingEmpty(first.points.map((_, index) => input.uptime.some((series) => (series.points[index]?.uptime ?? null) !== null)), 15);
  const spec = {
    kind: 'lines' as const,
    yFormat: 'percent' as const,
    x: first.points.slice(skip).map((point) => Math.floor(point.at / 1000)),
    series: input.uptime.map((series) => ({ label: series.label, values: series.points.slice(skip).map((point) => (point.uptime === null ? null : Math.round(point.uptime * 1000) / 10)) })),
  };
  return html`${windows}${chartBlock('chart-uptime', 'Uptime per provider', spec, formatTime, (value) => (value === null ? '—' : `${value}%`))}`;
}

function renderSamples(samples: SampleCode[]): SafeHtml {
  return html`<div class="tabs" data-tabs>
<div role="tablist" aria-label="Sample code" hidden>${samples.map((sample) => html`<button type="button" role="tab" data-tab="${sample.id}" aria-selected="false">${sample.label}</button>`)}</div>
${samples.map((sample) => html`<section data-panel="${sample.id}"><h3 class="tab-title">${sample.label}</h3>
<pre><code id="sample-${sample.id}">${sample.code}</code></pre><button type="button" class="secondary" data-copy="#sample-${sample.id}" hidden>Copy</button></section>`)}
</div>`;
}

function formatDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function formatTime(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function formatCount(value: number | null): string {
  return value === null ? '—' : formatInteger(value);
}
