import { describe, expect, it } from 'vitest';
import type { GenerationRecord } from '../store/store-types.js';
import { decodeGenerationRecord, decodeJournalHeader, encodeGenerationRecord, encodeJournalHeader } from './record-journal-codec.js';
import { makeGenerationRecord } from './test-support/generation-record-factory.js';

/** Every field set, each to a value no other field has, strings with what JSON must escape. */
const FULL: GenerationRecord = {
  id: 'gen-1751976000-Qm7xT2vLpR9sK4nW',
  upstreamId: 'chatcmpl-8d2f61b0a4e94c7f',
  createdAt: 1_751_976_000_123,
  apiKeyHash: 'c'.repeat(64),
  model: 'anthropic/claude-sonnet-4',
  providerName: 'Anthropic "direct"',
  providerSlug: 'anthropic',
  endpointId: 'anthropic/claude-sonnet-4@anthropic',
  apiType: 'messages',
  streamed: true,
  cancelled: true,
  finishReason: 'length',
  nativeFinishReason: 'max_tokens',
  latencyMs: 412,
  generationTimeMs: 3_180,
  tokensPrompt: 1234,
  tokensCompletion: 567,
  nativeTokensPrompt: 1300,
  nativeTokensCompletion: 600,
  nativeTokensReasoning: 128,
  nativeTokensCached: 1024,
  nativeTokensCacheWrite: 64,
  numMediaPrompt: 2,
  // Beyond 2^63 and negative: money is never squeezed through a double.
  totalCost: 123_456_789_012_345_678_901n,
  cacheDiscount: -9_007_199_254_740_993n,
  appTitle: 'Tab\there, newline\nthere, emoji 🚀, line separator \u2028',
  httpReferer: 'https://example.test/path?q="x"&y=\\',
  appCategories: 'programming,cli',
  userAgent: 'openai-node/6.49.0',
  externalUser: 'user-42',
  sessionId: 'session-7',
  errorMessage: 'upstream said:\r\n{"error":"overloaded"} \u0000 \ud800',
  attempts: [
    { providerName: 'Zephyr', providerSlug: 'zephyr', endpointId: 'z/1', model: 'm/1', status: null, latencyMs: 87, errorKind: 'connection', errorMessage: 'ECONNRESET' },
    { providerName: 'Acme', providerSlug: 'acme', endpointId: 'a/1', model: 'm/1', status: 503, latencyMs: 12, errorKind: 'upstream_unavailable' },
    { providerName: 'Anthropic', providerSlug: 'anthropic', endpointId: 'anthropic/1', model: 'm/1', status: 200, latencyMs: 412 },
  ],
};

/** The same with every nullable field null and no attempts. */
const SPARSE: GenerationRecord = {
  ...FULL,
  id: 'gen-1751976000-sparse',
  upstreamId: null,
  providerName: null,
  providerSlug: null,
  endpointId: null,
  apiType: 'completions',
  streamed: false,
  cancelled: false,
  finishReason: null,
  nativeFinishReason: null,
  latencyMs: null,
  generationTimeMs: null,
  totalCost: 0n,
  cacheDiscount: 0n,
  appTitle: null,
  httpReferer: null,
  appCategories: null,
  userAgent: null,
  externalUser: null,
  sessionId: null,
  errorMessage: null,
  attempts: [],
};

function roundTrip(record: GenerationRecord): GenerationRecord {
  const decoded = decodeGenerationRecord(encodeGenerationRecord(record).slice(0, -1));
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.record;
}

describe('record journal codec', () => {
  it('round-trips every field exactly: bigints, negatives, escapes, attempts with and without error fields', () => {
    expect(roundTrip(FULL)).toStrictEqual(FULL);
    const typical = makeGenerationRecord();
    expect(roundTrip(typical)).toStrictEqual(typical);
  });

  it('round-trips nulls, false flags and an empty attempt list', () => {
    expect(roundTrip(SPARSE)).toStrictEqual(SPARSE);
  });

  it('round-trips arbitrary UTF-16 strings (quotes, backslashes, controls, pairs and lone surrogates)', () => {
    const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f', 'é', '\u2028', '\ud83d', '\ude80', '🚀', '\uffff'];
    let seed = 7;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 2000; round += 1) {
      let value = '';
      for (let index = Math.floor(random() * 12); index > 0; index -= 1) value += alphabet[Math.floor(random() * alphabet.length)];
      const record = { ...SPARSE, appTitle: value, errorMessage: value, id: value };
      expect(roundTrip(record)).toStrictEqual(record);
    }
  });

  it('writes one line ending in a newline, whatever the strings hold', () => {
    const line = encodeGenerationRecord(FULL);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    // The hand-written encoder produces valid JSON (what the decoder parses).
    expect(() => JSON.parse(line)).not.toThrow();
  });

  it('rejects a torn line, another version and a field of the wrong type, saying which', () => {
    const line = encodeGenerationRecord(FULL).slice(0, -1);
    for (const cut of [1, 10, line.length / 2, line.length - 1]) {
      expect(decodeGenerationRecord(line.slice(0, Math.floor(cut)))).toMatchObject({ ok: false });
    }
    expect(decodeGenerationRecord(line.replace(/^\[1,/, '[2,'))).toEqual({ ok: false, reason: 'not a version 1 record (an array of 34 fields)' });
    expect(decodeGenerationRecord(line.replace('"123456789012345678901"', '123456789012345678901'))).toEqual({ ok: false, reason: 'field 24: expected picodollars as a decimal string' });
    expect(decodeGenerationRecord(line.replace('"messages"', '"embeddings"'))).toEqual({ ok: false, reason: 'field 9: expected chat, completions or messages' });
    expect(decodeGenerationRecord(line.replace('"ECONNRESET"', '42'))).toEqual({ ok: false, reason: 'attempt 0: field 7: expected a string or null' });
    expect(decodeGenerationRecord('{"switchboard_journal":1}')).toMatchObject({ ok: false });
  });

  it('writes and reads the segment header, and refuses anything else as one', () => {
    const header = encodeJournalHeader({ store: 'postgres://db:5432/switchboard?schema=s1', pid: 4242 });
    expect(header.endsWith('\n')).toBe(true);
    expect(decodeJournalHeader(header.slice(0, -1))).toEqual({ store: 'postgres://db:5432/switchboard?schema=s1', pid: 4242 });
    expect(decodeJournalHeader(header.slice(0, 20))).toBeNull();
    expect(decodeJournalHeader(encodeGenerationRecord(FULL))).toBeNull();
  });
});
