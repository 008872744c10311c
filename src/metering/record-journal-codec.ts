import { jsonText as text, nullableJsonNumber as nullableNumber, nullableJsonText as nullableText } from '../spec/json-text.js';
import type { AttemptRecord, GenerationRecord } from '../store/store-types.js';

/**
 * One generation record as one journal line: a JSON array in a fixed field order, written by
 * hand (string concatenation; strings through JSON.stringify, which escapes newlines, so a line
 * never holds a raw one), money as decimal strings (exact beyond 2^53), times as unix ms, an
 * absent optional attempt field as null. The first element is the format's version. Decoding
 * checks every field before the record is trusted: a torn or foreign line is an error value.
 */

const VERSION = 1;
/** The version, 32 record fields, the attempts. */
const FIELDS = 34;

function encodeAttempt(attempt: AttemptRecord): string {
  return `[${text(attempt.providerName)},${text(attempt.providerSlug)},${text(attempt.endpointId)},${text(attempt.model)},${nullableNumber(attempt.status)},${attempt.latencyMs},${nullableText(attempt.errorKind)},${nullableText(attempt.errorMessage)}]`;
}

/** The record's journal line, newline included. */
export function encodeGenerationRecord(record: GenerationRecord): string {
  let attempts = '';
  for (let index = 0; index < record.attempts.length; index += 1) {
    attempts += (index === 0 ? '' : ',') + encodeAttempt(record.attempts[index]!);
  }
  return `[${VERSION},${text(record.id)},${nullableText(record.upstreamId)},${record.createdAt},${text(record.apiKeyHash)},${text(record.model)},`
    + `${nullableText(record.providerName)},${nullableText(record.providerSlug)},${nullableText(record.endpointId)},${text(record.apiType)},`
    + `${record.streamed},${record.cancelled},${nullableText(record.finishReason)},${nullableText(record.nativeFinishReason)},`
    + `${nullableNumber(record.latencyMs)},${nullableNumber(record.generationTimeMs)},${record.tokensPrompt},${record.tokensCompletion},`
    + `${record.nativeTokensPrompt},${record.nativeTokensCompletion},${record.nativeTokensReasoning},${record.nativeTokensCached},`
    + `${record.nativeTokensCacheWrite},${record.numMediaPrompt},"${record.totalCost}","${record.cacheDiscount}",`
    + `${nullableText(record.appTitle)},${nullableText(record.httpReferer)},${nullableText(record.appCategories)},${nullableText(record.userAgent)},`
    + `${nullableText(record.externalUser)},${nullableText(record.sessionId)},${nullableText(record.errorMessage)},[${attempts}]]\n`;
}

export type DecodedLine = { ok: true; record: GenerationRecord } | { ok: false; reason: string };

/** The first line of every segment: which store its records belong to. */
export interface JournalHeader {
  store: string;
  pid: number;
}

export function encodeJournalHeader(header: JournalHeader): string {
  return `{"switchboard_journal":${VERSION},"store":${JSON.stringify(header.store)},"pid":${header.pid}}\n`;
}

/** The header a segment's first line holds, or null when it is not one (torn, or not a journal). */
export function decodeJournalHeader(line: string): JournalHeader | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { switchboard_journal: version, store, pid } = parsed as Record<string, unknown>;
  if (version !== VERSION || typeof store !== 'string' || typeof pid !== 'number' || !Number.isInteger(pid)) return null;
  return { store, pid };
}

/** Thrown inside the decoder only; decodeGenerationRecord turns it into an error value. */
class FieldError extends Error {}

function fail(index: number, expected: string): never {
  throw new FieldError(`field ${index}: expected ${expected}`);
}

function readString(fields: unknown[], index: number): string {
  const value = fields[index];
  return typeof value === 'string' ? value : fail(index, 'a string');
}

function readNullableString(fields: unknown[], index: number): string | null {
  const value = fields[index];
  return value === null || typeof value === 'string' ? value : fail(index, 'a string or null');
}

function readNumber(fields: unknown[], index: number): number {
  const value = fields[index];
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(index, 'a number');
}

function readNullableNumber(fields: unknown[], index: number): number | null {
  return fields[index] === null ? null : readNumber(fields, index);
}

function readBoolean(fields: unknown[], index: number): boolean {
  const value = fields[index];
  return typeof value === 'boolean' ? value : fail(index, 'a boolean');
}

function readMoney(fields: unknown[], index: number): bigint {
  const value = fields[index];
  return typeof value === 'string' && /^-?\d{1,40}$/.test(value) ? BigInt(value) : fail(index, 'picodollars as a decimal string');
}

function readApiType(fields: unknown[], index: number): GenerationRecord['apiType'] {
  const value = fields[index];
  return value === 'chat' || value === 'completions' || value === 'messages' ? value : fail(index, 'chat, completions or messages');
}

function readAttempt(value: unknown, index: number): AttemptRecord {
  try {
    return readAttemptFields(value);
  } catch (error) {
    if (error instanceof FieldError) throw new FieldError(`attempt ${index}: ${error.message}`);
    throw error;
  }
}

function readAttemptFields(value: unknown): AttemptRecord {
  if (!Array.isArray(value) || value.length !== 8) throw new FieldError('expected an attempt of 8 fields');
  const fields = value as unknown[];
  const attempt: AttemptRecord = {
    providerName: readString(fields, 0),
    providerSlug: readString(fields, 1),
    endpointId: readString(fields, 2),
    model: readString(fields, 3),
    status: readNullableNumber(fields, 4),
    latencyMs: readNumber(fields, 5),
  };
  const errorKind = readNullableString(fields, 6);
  const errorMessage = readNullableString(fields, 7);
  if (errorKind !== null) attempt.errorKind = errorKind;
  if (errorMessage !== null) attempt.errorMessage = errorMessage;
  return attempt;
}

/** The record a journal line holds, or why the line is not one (torn, foreign, another version). */
export function decodeGenerationRecord(line: string): DecodedLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not JSON (a torn line?)' };
  }
  if (!Array.isArray(parsed) || parsed.length !== FIELDS || parsed[0] !== VERSION) {
    return { ok: false, reason: `not a version ${VERSION} record (an array of ${FIELDS} fields)` };
  }
  const fields = parsed as unknown[];
  try {
    const attempts = fields[33];
    if (!Array.isArray(attempts)) fail(33, 'a list of attempts');
    const record: GenerationRecord = {
      id: readString(fields, 1),
      upstreamId: readNullableString(fields, 2),
      createdAt: readNumber(fields, 3),
      apiKeyHash: readString(fields, 4),
      model: readString(fields, 5),
      providerName: readNullableString(fields, 6),
      providerSlug: readNullableString(fields, 7),
      endpointId: readNullableString(fields, 8),
      apiType: readApiType(fields, 9),
      streamed: readBoolean(fields, 10),
      cancelled: readBoolean(fields, 11),
      finishReason: readNullableString(fields, 12),
      nativeFinishReason: readNullableString(fields, 13),
      latencyMs: readNullableNumber(fields, 14),
      generationTimeMs: readNullableNumber(fields, 15),
      tokensPrompt: readNumber(fields, 16),
      tokensCompletion: readNumber(fields, 17),
      nativeTokensPrompt: readNumber(fields, 18),
      nativeTokensCompletion: readNumber(fields, 19),
      nativeTokensReasoning: readNumber(fields, 20),
      nativeTokensCached: readNumber(fields, 21),
      nativeTokensCacheWrite: readNumber(fields, 22),
      numMediaPrompt: readNumber(fields, 23),
      totalCost: readMoney(fields, 24),
      cacheDiscount: readMoney(fields, 25),
      appTitle: readNullableString(fields, 26),
      httpReferer: readNullableString(fields, 27),
      appCategories: readNullableString(fields, 28),
      userAgent: readNullableString(fields, 29),
      externalUser: readNullableString(fields, 30),
      sessionId: readNullableString(fields, 31),
      errorMessage: readNullableString(fields, 32),
      attempts: (attempts as unknown[]).map((attempt, index) => readAttempt(attempt, index)),
    };
    return { ok: true, record };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, reason: error.message };
    throw error;
  }
}
