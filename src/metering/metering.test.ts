import { describe, expect, it } from 'vitest';
import type { Endpoint, Model } from '../catalog/catalog-types.js';
import type { ChatRequest } from '../spec/chat-request.js';
import { GatewayError } from '../spec/errors.js';
import type { ApiKeyRecord } from '../store/store-types.js';
import { FreeTierLimiter } from './free-tier-limiter.js';
import { GenerationWriter } from './generation-writer.js';
import { InMemorySpendLedger } from './in-memory-spend-ledger.js';
import { Metering } from './metering.js';
import { FakeGenerationStore } from './test-support/fake-generation-store.js';
import { makeGenerationRecord } from './test-support/generation-record-factory.js';

const NOW = Date.parse('2025-07-08T12:00:00Z');

function model(id: string, prompt: bigint, completion: bigint): Model {
  const endpoint = { id: `${id}@acme`, pricing: { prompt, completion, request: 0n, image: 0n }, contextLength: 32_768, maxCompletionTokens: 4096 } as Endpoint;
  return { id, endpoints: [endpoint] } as Model;
}

function key(limit: bigint | null): ApiKeyRecord {
  return { hash: 'k'.repeat(64), name: 'test', label: 'sk-sb-v1-abc...xyz', disabled: false, isManagement: false, limit, limitReset: null, expiresAt: null, createdAt: NOW, updatedAt: NOW };
}

const request = { kind: 'chat', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false, maxTokens: 10, passthrough: {} } as unknown as ChatRequest;

function setup(options: { scope?: 'all_free_models' | 'free_variants'; credits?: boolean } = {}) {
  const writer = new GenerationWriter({ store: new FakeGenerationStore(), logger: { error: () => undefined }, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
  const ledger = new InMemorySpendLedger({
    baselines: { loadKey: async (_hash, _since, track) => track({ total: 0n, byDay: new Map() }), loadTotalUsage: async (track) => track(0n), totalCredits: async () => 0n },
    now: () => NOW,
    reservationTtlMs: 60_000,
  });
  const errors: string[] = [];
  const metering = new Metering({
    writer, ledger, freeTier: new FreeTierLimiter({ requestsPerMinute: 1, requestsPerDay: 10 }, () => NOW), creditsEnabled: options.credits ?? false,
    logger: { error: (_details, message) => errors.push(message) }, now: () => NOW, ...(options.scope ? { freeTierScope: options.scope } : {}),
  });
  return { metering, ledger, writer, errors };
}

const admit = (metering: Metering, key_: ApiKeyRecord, model_: Model) =>
  metering.admit({ key: key_, attempts: [{ model: model_, endpoint: model_.endpoints[0]! }], request, promptTokenUpperBound: 18, countPromptTokens: () => 10 });

describe('Metering', () => {
  const paid = model('thudm/glm-4-32b', 1_000_000n, 1_000_000n);
  const free = model('thudm/glm-4-32b:free', 0n, 0n);
  const local = model('ollama/llama3.2', 0n, 0n);

  it('holds nothing for a key without a limit when credits are off', async () => {
    const { metering } = setup();
    expect((await admit(metering, key(null), paid)).reservation).toBeNull();
  });

  it('holds the worst case against the key limit, settles it once, ignores a second finish', async () => {
    const { metering, ledger, writer, errors } = setup();
    const limited = key(100_000_000n);
    const admission = await admit(metering, limited, paid);
    // (18 prompt + 10 completion) × 1,000,000 picodollars.
    expect(admission.reservation?.amount).toBe(28_000_000n);
    expect(await ledger.reserved(limited.hash)).toBe(28_000_000n);
    const record = makeGenerationRecord({ apiKeyHash: limited.hash, totalCost: 20_000_000n });
    metering.finish(admission, record);
    metering.finish(admission, makeGenerationRecord({ apiKeyHash: limited.hash, totalCost: 20_000_000n }));
    metering.abandon(admission);
    expect(await ledger.reserved(limited.hash)).toBe(0n);
    expect(writer.pendingUsage(limited.hash)).toBe(20_000_000n);
    expect(errors).toEqual(['generation finished twice; the second record is ignored']);
    // 80,000,000 left: two more worst cases fit, a third does not.
    await admit(metering, limited, paid);
    await admit(metering, limited, paid);
    const refused = await admit(metering, limited, paid).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GatewayError);
    expect(refused).toMatchObject({ status: 402, metadata: { limit_source: 'key', max_affordable_tokens: 6 } });
    expect((refused as GatewayError).message).toContain('You requested up to 10 tokens, but can only afford 6.');
  });

  it('abandon frees the hold of a request that ended without a record', async () => {
    const { metering, ledger } = setup();
    const limited = key(100_000_000n);
    const admission = await admit(metering, limited, paid);
    metering.abandon(admission);
    expect(await ledger.reserved(limited.hash)).toBe(0n);
  });

  it('rate-limits free models; free_variants leaves zero-price models without :free alone', async () => {
    const all = setup();
    await admit(all.metering, key(null), local);
    await expect(admit(all.metering, key(null), local)).rejects.toMatchObject({ status: 429, retryAfterSeconds: 60, metadata: { limit: 'free-models-per-minute' } });
    const variants = setup({ scope: 'free_variants' });
    await admit(variants.metering, key(null), local);
    await admit(variants.metering, key(null), local);
    await admit(variants.metering, key(null), free);
    await expect(admit(variants.metering, key(null), free)).rejects.toMatchObject({ status: 429 });
  });

  it('with credits on, a paid request the empty balance cannot cover is refused; a free one is not', async () => {
    const { metering } = setup({ credits: true });
    await expect(admit(metering, key(null), paid)).rejects.toMatchObject({ status: 402, metadata: { limit_source: 'credits' } });
    expect((await admit(metering, key(null), free)).reservation).not.toBeNull();
  });
});
