import type { FastifyInstance } from 'fastify';
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
import type { GatewayContext } from '../gateway-context.js';

const HASH = /^[0-9a-f]{64}$/;

/** Keys, credits and generation records: `/key`, `/keys`, `/credits`, `/generation`. */
export function registerAccountRoutes(app: FastifyInstance, context: GatewayContext): void {
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

  app.get('/api/v1/key', async (request) => {
    const { key } = await authenticator.authenticate(request.headers.authorization);
    const report = await keys.usage(key);
    return { data: encodeCurrentKey(key, report.usage, report.usedAgainstLimit) };
  });

  app.get<{ Querystring: { id?: string } }>('/api/v1/generation', async (request) => {
    const { key } = await authenticator.authenticate(request.headers.authorization);
    const id = request.query.id;
    if (!id) throw new GatewayError('bad_request', 'id: query parameter is required (a generation id such as gen-…)');
    const record = await context.generations.get(id);
    // A key sees its own generations; a management key sees all.
    if (!record || (!key.isManagement && record.apiKeyHash !== key.hash)) throw new GatewayError('not_found', `Generation ${id} not found`);
    return { data: encodeGeneration(record) };
  });

  app.get('/api/v1/credits', async (request) => {
    await authenticator.authenticate(request.headers.authorization);
    const [credits, usage] = await Promise.all([store.credits.totalCredits(), store.usage.totalUsage()]);
    return { data: { total_credits: picodollarsToUsd(credits), total_usage: picodollarsToUsd(usage) } };
  });

  app.get<{ Querystring: { include_disabled?: string; offset?: string } }>('/api/v1/keys', async (request) => {
    await authenticator.authenticateManagement(request.headers.authorization);
    const offset = Math.max(0, Number.parseInt(request.query.offset ?? '0', 10) || 0);
    const records = await store.keys.listKeys({ includeDisabled: request.query.include_disabled === 'true', includeManagement: false, offset, limit: 100 });
    return { data: await Promise.all(records.map(managedKey)) };
  });

  app.post('/api/v1/keys', async (request, reply) => {
    await authenticator.authenticateManagement(request.headers.authorization);
    const body = parseBody(createKeyBodySchema, request.body);
    const { plaintext, record } = await keys.create({
      name: body.name,
      limit: limitToPicodollars(body.limit ?? null),
      limitReset: body.limit_reset ?? null,
      expiresAt: expiresAtToMs(body.expires_at ?? null),
      isManagement: false,
    });
    return reply.code(201).send({ data: await managedKey(record), key: plaintext });
  });

  app.get<{ Params: { hash: string } }>('/api/v1/keys/:hash', async (request) => {
    await authenticator.authenticateManagement(request.headers.authorization);
    return { data: await managedKey(await findManagedKey(request.params.hash)) };
  });

  app.patch<{ Params: { hash: string } }>('/api/v1/keys/:hash', async (request) => {
    await authenticator.authenticateManagement(request.headers.authorization);
    const existing = await findManagedKey(request.params.hash);
    const body = parseBody(updateKeyBodySchema, request.body);
    const patch: KeyPatch = {};
    if (body.name !== undefined) patch.name = body.name;
    if (body.disabled !== undefined) patch.disabled = body.disabled;
    if (body.limit !== undefined) patch.limit = limitToPicodollars(body.limit);
    if (body.limit_reset !== undefined) patch.limitReset = body.limit_reset;
    if (body.expires_at !== undefined) patch.expiresAt = expiresAtToMs(body.expires_at);
    const updated = await keys.update(existing.hash, patch);
    authenticator.invalidate(existing.hash);
    if (!updated) throw new GatewayError('not_found', `API key ${existing.hash} not found`);
    return { data: await managedKey(updated) };
  });

  app.delete<{ Params: { hash: string } }>('/api/v1/keys/:hash', async (request) => {
    await authenticator.authenticateManagement(request.headers.authorization);
    const existing = await findManagedKey(request.params.hash);
    await store.keys.deleteKey(existing.hash);
    authenticator.invalidate(existing.hash);
    return { deleted: true };
  });
}
