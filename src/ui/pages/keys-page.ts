import type { KeyUsageReport } from '../../metering/api-key-service.js';
import type { ApiKeyRecord } from '../../store/store-types.js';
import { formatCost, formatTimestamp } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { emptyState, renderPage } from '../layout.js';

export interface KeysPageInput {
  keys: { record: ApiKeyRecord; usage: KeyUsageReport }[];
  csrfToken: string;
  /** Right after creation: the plaintext, shown this once and never stored. */
  created?: { name: string; plaintext: string };
  error?: string;
}

/** `/keys`: create keys (plaintext shown once), disable or enable them, see their usage. */
export function renderKeysPage(input: KeysPageInput): SafeHtml {
  const csrf = html`<input type="hidden" name="csrf" value="${input.csrfToken}">`;
  const created = input.created
    ? html`<div class="notice" role="status"><p>Key <b>${input.created.name}</b> created. Copy it now: it is shown only once.</p>
<div class="copy-row"><code class="plaintext" id="new-key">${input.created.plaintext}</code><button type="button" class="secondary" data-copy="#new-key" hidden>Copy</button></div></div>`
    : '';
  const rows = input.keys.map(({ record, usage }) => html`<tr data-hash="${record.hash}">
<td>${record.name}<div class="muted small mono">${record.label}</div></td>
<td>${record.disabled ? html`<span class="bad">disabled</span>` : html`<span class="good">active</span>`}</td>
<td class="num">${record.limit === null ? 'none' : formatCost(record.limit)}${record.limitReset ? html` <span class="muted small">/${record.limitReset}</span>` : ''}</td>
<td class="num">${formatCost(usage.usage.daily)}</td><td class="num">${formatCost(usage.usage.weekly)}</td><td class="num">${formatCost(usage.usage.monthly)}</td><td class="num">${formatCost(usage.usage.total)}</td>
<td class="small">${formatTimestamp(record.createdAt)}</td>
<td><form method="post" action="/keys/${record.hash}/${record.disabled ? 'enable' : 'disable'}">${csrf}<button type="submit" class="secondary">${record.disabled ? 'Enable' : 'Disable'}</button></form></td>
</tr>`);
  const body = html`<h1>API keys</h1>${created}
${input.error ? html`<p class="error" role="alert">${input.error}</p>` : ''}
<form method="post" action="/keys" class="filters" id="create-key">${csrf}
<label>Name<input name="name" required maxlength="100" placeholder="e.g. backend-prod"></label>
<label>Limit (USD, optional)<input name="limit" inputmode="decimal" placeholder="e.g. 25"></label>
<label>Limit resets<select name="limit_reset"><option value="">never</option><option value="daily">daily</option><option value="weekly">weekly</option><option value="monthly">monthly</option></select></label>
<button type="submit">Create key</button></form>
${input.keys.length === 0 ? emptyState('No API keys yet: create one above, then use it as the Bearer token of any OpenAI or OpenRouter client.') : html`<div class="table-wrap"><table id="keys-table"><thead><tr><th>Name</th><th>State</th><th class="num">Limit</th><th class="num">Today</th><th class="num">This week</th><th class="num">This month</th><th class="num">Total</th><th>Created</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>`}`;
  return renderPage({ title: 'Keys', active: 'keys', body, csrfToken: input.csrfToken });
}
