import type { GenerationRecord } from '../../store/store-types.js';

let sequence = 0;

/**
 * A realistic generation record: thudm/glm-4-32b at $0.24/$0.24 per million tokens,
 * 1234 prompt + 567 completion tokens = 1801 * 240,000 = 432,240,000 picodollars.
 */
export function makeGenerationRecord(overrides: Partial<GenerationRecord> = {}): GenerationRecord {
  sequence += 1;
  return {
    id: `gen-1751976000-test${String(sequence).padStart(16, '0')}`,
    upstreamId: `chatcmpl-${sequence}`,
    createdAt: Date.parse('2025-07-08T12:00:00.000Z'),
    apiKeyHash: 'a'.repeat(64),
    model: 'thudm/glm-4-32b',
    providerName: 'DeepInfra',
    providerSlug: 'deepinfra',
    endpointId: 'thudm/glm-4-32b@deepinfra',
    apiType: 'chat',
    streamed: true,
    cancelled: false,
    finishReason: 'stop',
    nativeFinishReason: 'stop',
    latencyMs: 412,
    generationTimeMs: 3_180,
    tokensPrompt: 1234,
    tokensCompletion: 567,
    nativeTokensPrompt: 1234,
    nativeTokensCompletion: 567,
    nativeTokensReasoning: 0,
    nativeTokensCached: 0,
    nativeTokensCacheWrite: 0,
    numMediaPrompt: 0,
    totalCost: 432_240_000n,
    cacheDiscount: 0n,
    appTitle: 'Switchboard tests',
    httpReferer: 'https://example.test',
    appCategories: null,
    userAgent: 'openai-node/6.49.0',
    externalUser: null,
    sessionId: null,
    errorMessage: null,
    attempts: [
      {
        providerName: 'DeepInfra',
        providerSlug: 'deepinfra',
        endpointId: 'thudm/glm-4-32b@deepinfra',
        model: 'thudm/glm-4-32b',
        status: 200,
        latencyMs: 412,
      },
    ],
    ...overrides,
  };
}
