import type { ReasoningDetail } from '../../spec/chat-request.js';

const DETAIL_TYPES: ReadonlySet<string> = new Set(['reasoning.text', 'reasoning.summary', 'reasoning.encrypted']);

/**
 * Keeps the `reasoning_details` entries whose shape we know, each object unchanged (extra
 * fields included) because providers require them echoed back byte for byte on later turns.
 * Entries of unknown type or with mistyped fields are dropped. Undefined when none remain.
 */
export function readReasoningDetails(value: unknown): ReasoningDetail[] | undefined {
  if (!Array.isArray(value)) return undefined;
  let details: ReasoningDetail[] | undefined;
  for (const entry of value) {
    if (isReasoningDetail(entry)) (details ??= []).push(entry);
  }
  return details;
}

function isReasoningDetail(value: unknown): value is ReasoningDetail {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.type === 'string' &&
    DETAIL_TYPES.has(entry.type) &&
    isOptional(entry.text, 'string') &&
    isOptional(entry.summary, 'string') &&
    isOptional(entry.data, 'string') &&
    isOptional(entry.format, 'string') &&
    isOptional(entry.index, 'number') &&
    (entry.signature === undefined || entry.signature === null || typeof entry.signature === 'string') &&
    (entry.id === undefined || entry.id === null || typeof entry.id === 'string')
  );
}

function isOptional(value: unknown, type: 'string' | 'number'): boolean {
  return value === undefined || typeof value === type;
}
