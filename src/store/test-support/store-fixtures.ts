import { createHash } from 'node:crypto';
import type { ApiKeyRecord, GenerationRecord } from '../store-types.js';

/** Realistic records for the store conformance suites; overrides change one field at a time. */

/** The SHA-256 hex a real key's plaintext would be stored under. */
export function hashOfPlaintext(plaintext: string): string {
  return createHash('sha256').update(plaintext).digest('hex');
}

/** 13 March 2025, 09:30 UTC: a Thursday, so the week (from Monday) starts on the 10th. */
export const THURSDAY_MORNING = Date.UTC(2025, 2, 13, 9, 30);

/** An inference key with a $25 weekly limit that expires at the end of 2025. */
export function makeKey(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    hash: hashOfPlaintext('sk-sb-v1-3f9a1c7e5b2d4860a1f3c5e7b9d1f3a5c7e9b1d3f5a7c9e1'),
    name: 'Production backend',
    label: 'sk-sb-v1-3f9...9e1',
    disabled: false,
    isManagement: false,
    limit: 25_000_000_000_000n,
    limitReset: 'weekly',
    expiresAt: Date.UTC(2025, 11, 31, 23, 59, 59),
    createdAt: Date.UTC(2025, 2, 1, 8, 0),
    updatedAt: Date.UTC(2025, 2, 1, 8, 0),
    ...overrides,
  };
}

/**
 * A streamed chat generation of thudm/glm-4-32b that fell back from a 503 at zephyr to a 200
 * at acme: 1234 prompt and 56 completion tokens at $0.24 per million tokens each
 * (240,000 picodollars per token), so (1234 + 56) × 240,000 = 309,600,000 picodollars.
 */
export function makeGeneration(overrides: Partial<GenerationRecord> = {}): GenerationRecord {
  return {
    id: 'gen-1741858200-Qm7xT2vLpR9sK4nW',
    upstreamId: 'chatcmpl-8d2f61b0a4e94c7f',
    createdAt: THURSDAY_MORNING,
    apiKeyHash: makeKey().hash,
    model: 'thudm/glm-4-32b',
    providerName: 'Acme',
    providerSlug: 'acme',
    endpointId: 'acme/thudm/glm-4-32b',
    apiType: 'chat',
    streamed: true,
    cancelled: false,
    finishReason: 'stop',
    nativeFinishReason: 'stop',
    latencyMs: 412,
    generationTimeMs: 1830,
    tokensPrompt: 1234,
    tokensCompletion: 56,
    nativeTokensPrompt: 1234,
    nativeTokensCompletion: 56,
    nativeTokensReasoning: 0,
    nativeTokensCached: 0,
    nativeTokensCacheWrite: 0,
    numMediaPrompt: 0,
    totalCost: 309_600_000n,
    cacheDiscount: 0n,
    appTitle: 'Switchboard Playground',
    httpReferer: 'https://playground.example.com/',
    appCategories: null,
    userAgent: 'OpenAI/JS 6.49.0',
    externalUser: null,
    sessionId: null,
    errorMessage: null,
    attempts: [
      {
        providerName: 'Zephyr',
        providerSlug: 'zephyr',
        endpointId: 'zephyr/thudm/glm-4-32b',
        model: 'thudm/glm-4-32b',
        status: 503,
        latencyMs: 87,
        errorKind: 'upstream_unavailable',
        errorMessage: 'Service Unavailable',
      },
      {
        providerName: 'Acme',
        providerSlug: 'acme',
        endpointId: 'acme/thudm/glm-4-32b',
        model: 'thudm/glm-4-32b',
        status: 200,
        latencyMs: 412,
      },
    ],
    ...overrides,
  };
}
