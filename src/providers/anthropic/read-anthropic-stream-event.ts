import { anthropicStreamEventSchema } from './anthropic-wire-schemas.js';
import type { AnthropicStreamEvent } from './anthropic-wire-schemas.js';

/** The event types of the Messages stream (https://docs.anthropic.com/en/api/messages-streaming). */
const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
  'ping',
  'error',
]);

/** The deltas of a content block: one per generated token or so, hence the narrow guard below. */
export type AnthropicContentBlockDelta = Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>;

/**
 * One event's JSON data, checked: a known event (validated), `ignored` for an event type
 * this adapter does not know (the API says new types may appear and should be skipped), or
 * `invalid`. Content deltas, the bulk of a stream, go through a narrow hand-written guard
 * instead of the schema; everything else through zod.
 */
export function readAnthropicStreamEvent(value: unknown): AnthropicStreamEvent | 'ignored' | 'invalid' {
  if (typeof value !== 'object' || value === null) return 'invalid';
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') return 'invalid';
  if (!KNOWN_EVENT_TYPES.has(type)) return 'ignored';
  if (type === 'content_block_delta' && isContentBlockDelta(value)) return value;
  const parsed = anthropicStreamEventSchema.safeParse(value);
  return parsed.success ? parsed.data : 'invalid';
}

function isContentBlockDelta(value: object): value is AnthropicContentBlockDelta {
  const event = value as { index?: unknown; delta?: unknown };
  if (typeof event.index !== 'number' || !Number.isInteger(event.index)) return false;
  const delta = event.delta as { type?: unknown; text?: unknown; partial_json?: unknown; thinking?: unknown; signature?: unknown } | null | undefined;
  if (typeof delta !== 'object' || delta === null) return false;
  switch (delta.type) {
    case 'text_delta':
      return typeof delta.text === 'string';
    case 'input_json_delta':
      return typeof delta.partial_json === 'string';
    case 'thinking_delta':
      return typeof delta.thinking === 'string';
    case 'signature_delta':
      return typeof delta.signature === 'string';
    default:
      // Other delta types (citations_delta…) are left to the schema.
      return false;
  }
}
