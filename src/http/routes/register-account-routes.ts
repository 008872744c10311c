import { encodeActivityItem } from '../../api/account/encode-activity.js';
import { encodeGeneration } from '../../api/account/encode-generation.js';
import { encodeCurrentKey, encodeManagedKey } from '../../api/account/encode-key.js';
import {
  createKeyBodySchema,
  expiresAtToMs,
  limitToPicodollars,
  updateKeyBodySchema,
} from '../../api/account/key-request-schema.js';
import { parseBody } from '../../api/shared/parse-body.js';
import { GatewayError } from '../../spec/errors.js';
import { picodollarsToUsd } from '../../spec/money.js';
import type { ApiKeyRecord, KeyPatch } from '../../store/store-types.js';
import type { AddRoute } from '../create-app.js';
import { readJsonBody, sendJson, type Exchange } from '../exchange.js';
import { readCreditBalance } from '../../metering/credit-balance.js';
import { parseUsdAmount } from '../../metering/usd-amount.js';
import { addCreditsBodySchema } from '../../api/account/credits-request-schema.js';
import type { GatewayContext } from '../gateway-context.js';

const HASH = /^[0-9a-f]{64}$/;
const DAY_MS = 86_400_000;

/** OpenRouter's window is the last 30 completed UTC days; today so far is included too. */
function activityWindow(nowMs: number): { sinceDay: string; untilDay: string } {
  return { sinceDay: new Date(nowMs - 30 * DAY_MS).toISOString().slice(0, 10), untilDay: new Date(nowMs).toISOString().slice(0, 10) };
}

function isDay(text: string): boolean {
  const at = Date.parse(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(at) && new Date(at).toISOString().startsWith(text);
}

/** Keys, credits and generation records: `/key`, `/keys`, `/credits`, `/generation`. */
export function registerAccountRoutes(addRoute: AddRoute, context: GatewayContext): void {
  const { authenticator, keys, store } = context;
  const managedKey = async (record: ApiKeyRecord): Promise<Record<string, unknown>> => {
    const report = await keys.usage(record);
    return encodeManagedKey(record, report.usage, report.usedAgainstLimit);
  };
  const findManagedKey = async (hash: string): Promise<ApiKeyRecord> => {
    const record = HASH.test(hash) ? await store.keys.getKey(hash) : undefined;
    if (!record || record.isManagement) throw new GatewayError('not_found', `API key ${hash} not found`);
    return record;
  };

  const bodyLimit = context.settings.bodyLimitBytes;

  addRoute('GET', '/api/v1/key', async ({ request, response }) => {
    const { key } = await authenticator.authenticate(request.headers.authorization);
    const report = await keys.usage(key);
    sendJson(response, 200, { data: encodeCurrentKey(key, report.usage, report.usedAgainstLimit) });
  });

  addRoute('GET', '/api/v1/generation', async ({ request, response, query }) => {
    const { key } = await authenticator.authenticate(request.headers.authorization);
    const id = query.id;
    if (!id) throw new GatewayError('bad_request', 'id: query parameter is required (a generation id such as gen-…)');
    const record = await context.generations.get(id);
    // A key sees its own generations; a management key sees all.
    if (!record || (!key.isManagement && record.apiKeyHash !== key.hash)) throw new GatewayError('not_found', `Generation ${id} not found`);
    sendJson(response, 200, { data: encodeGeneration(record) });
  });

  const sendBalance = async (response: Exchange['response']): Promise<void> => {
    const balance = await readCreditBalance(store, context.generations);
    sendJson(response, 200, { data: { total_credits: picodollarsToUsd(balance.totalCredits), total_usage: picodollarsToUsd(balance.totalUsage) } });
  };

  // The org's balance is the management's business (OpenRouter's spec: management key required).
  addRoute('GET', '/api/v1/credits', async ({ request, response }) => {
    const { key } = await authenticator.authenticate(request.headers.authorization);
    if (!key.isManagement) throw new GatewayError('forbidden', 'Only management keys can read the credit balance');
    await sendBalance(response);
  });

  // A top-up: `{"amount": 25, "note": "invoice 1042"}` (USD).
  addRoute('POST', '/api/v1/credits', async ({ request, response }) => {
    await authenticator.authenticateManagement(request.headers.authorization);
    const body = parseBody(addCreditsBodySchema, await readJsonBody(request, bodyLimit));
    const parsed = parseUsdAmount(body.amount, 'amount', { positive: true });
    if (!parsed.ok) throw new GatewayError('bad_request', parsed.message);
    await store.credits.addCredits(parsed.amount, context.now(), body.note ?? null);
    await context.ledger.creditsChanged();
    await sendBalance(response);
  });

  // The calling key's usage by day, model and endpoint; every key's for a management key.
  addRoute('GET', '/api/v1/activity', async ({ request, response, query }) => {
    const { key } = await authenticator.authenticate(request.headers.authorization);
    const window = activityWindow(context.now());
    let sinceDay = window.sinceDay;
    let untilDay = window.untilDay;
    if (query.date !== undefined) {
      if (!isDay(query.date) || query.date < sinceDay || query.date > untilDay) {
        throw new GatewayError('bad_request', `date: expected a UTC day (YYYY-MM-DD) from ${sinceDay} to ${untilDay}, got ${JSON.stringify(query.date)}`);
      }
      sinceDay = untilDay = query.date;
    }
    if (query.group_by !== undefined && query.group_by !== 'workspace') throw new GatewayError('bad_request', 'group_by: the only grouping is "workspace"');
    let apiKeyHash: string | undefined = key.isManagement ? undefined : key.hash;
    if (query.api_key_hash !== undefined) {
      if (!HASH.test(query.api_key_hash)) throw new GatewayError('bad_request', 'api_key_hash: expected a SHA-256 hex key hash, as the keys API returns');
      if (!key.isManagement && query.api_key_hash !== key.hash) throw new GatewayError('forbidden', "Only management keys can read other keys' activity");
      apiKeyHash = query.api_key_hash;
    }
    const rows = await context.stats.activity({ sinceDay, untilDay, ...(apiKeyHash !== undefined ? { apiKeyHash } : {}) });
    const workspace = query.group_by === 'workspace' ? 'default' : undefined;
    const data = rows
      // Requests no endpoint served cost nothing and name no provider.
      .filter((row) => row.endpointId !== '')
      .map((row) => encodeActivityItem(row, context.catalog.models.get(row.model)?.canonicalSlug ?? row.model, workspace));
    sendJson(response, 200, { data });
  });

  addRoute('GET', '/api/v1/keys', async ({ request, response, query }) => {
    await authenticator.authenticateManagement(request.headers.authorization);
    const offset = Math.max(0, Number.parseInt(query.offset ?? '0', 10) || 0);
    const records = await store.keys.listKeys({ includeDisabled: query.include_disabled === 'true', includeManagement: false, offset, limit: 100 });
    sendJson(response, 200, { data: await Promise.all(records.map(managedKey)) });
  });

  addRoute('POST', '/api/v1/keys', async ({ request, response }) => {
    await authenticator.authenticateManagement(request.headers.authorization);
    const body = parseBody(createKeyBodySchema, await readJsonBody(request, bodyLimit));
    const { plaintext, record } = await keys.create({
      name: body.name,
      limit: limitToPicodollars(body.limit ?? null),
      limitReset: body.limit_reset ?? null,
      expiresAt: expiresAtToMs(body.expires_at ?? null),
      isManagement: false,
    });
    sendJson(response, 201, { data: await managedKey(record), key: plaintext });
  });

  addRoute('GET', '/api/v1/keys/:hash', async ({ request, response, params }) => {
    await authenticator.authenticateManagement(request.headers.authorization);
    sendJson(response, 200, { data: await managedKey(await findManagedKey(params.hash ?? '')) });
  });

  addRoute('PATCH', '/api/v1/keys/:hash', async ({ request, response, params }) => {
    await authenticator.authenticateManagement(request.headers.authorization);
    const existing = await findManagedKey(params.hash ?? '');
    const body = parseBody(updateKeyBodySchema, await readJsonBody(request, bodyLimit));
    const patch: KeyPatch = {};
    if (body.name !== undefined) patch.name = body.name;
    if (body.disabled !== undefined) patch.disabled = body.disabled;
    if (body.limit !== undefined) patch.limit = limitToPicodollars(body.limit);
    if (body.limit_reset !== undefined) patch.limitReset = body.limit_reset;
    if (body.expires_at !== undefined) patch.expiresAt = expiresAtToMs(body.expires_at);
    const updated = await keys.update(existing.hash, patch);
    authenticator.invalidate(existing.hash);
    if (!updated) throw new GatewayError('not_found', `API key ${existing.hash} not found`);
    sendJson(response, 200, { data: await managedKey(updated) });
  });

  addRoute('DELETE', '/api/v1/keys/:hash', async ({ request, response, params }) => {
    await authenticator.authenticateManagement(request.headers.authorization);
    const existing = await findManagedKey(params.hash ?? '');
    await store.keys.deleteKey(existing.hash);
    authenticator.invalidate(existing.hash);
    sendJson(response, 200, { deleted: true });
  });
}
