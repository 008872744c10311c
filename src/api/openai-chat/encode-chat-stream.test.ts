import { describe, expect, it } from 'vitest';
import { dataEventStreamWriter } from '../shared/stream-writer.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { ChatStreamEncoder } from './encode-chat-stream.js';

const identity = { id: 'gen-1764000000-abcdefghijklmnopqrst', created: 1764000000, model: 'openai/gpt-4o-mini', providerName: 'Open "AI" \\ Inc.' };

const parts: StreamPart[] = [
  { type: 'text-delta', delta: 'Hello' },
  { type: 'text-delta', delta: ', "world"\n' },
  { type: 'reasoning-delta', delta: 'hmm' },
  { type: 'text-delta', delta: 'emoji 😀 and \u2028 and \u0000' },
  { type: 'text-delta', delta: '' },
];

describe('ChatStreamEncoder text-delta fast path', () => {
  it('writes exactly the bytes of the chunk object it stands for', () => {
    const fast = dataEventStreamWriter(new ChatStreamEncoder(identity));
    const reference = new ChatStreamEncoder(identity);
    const written = parts.map((part) => fast.writePart(part));
    const expected = parts.map((part) => `data: ${JSON.stringify(reference.encodePart(part))}\n\n`);
    expect(written).toEqual(expected);
    expect(JSON.parse(written[1]!.slice(6))).toEqual({
      id: identity.id,
      provider: identity.providerName,
      model: identity.model,
      object: 'chat.completion.chunk',
      created: identity.created,
      choices: [{ index: 0, delta: { content: ', "world"\n' }, finish_reason: null, native_finish_reason: null, logprobs: null }],
    });
  });

  it('leaves the first chunk (which carries the role) to the general path', () => {
    const encoder = new ChatStreamEncoder(identity);
    expect(encoder.encodeTextDeltaJson('Hi')).toBeUndefined();
    const first = dataEventStreamWriter(encoder).writePart({ type: 'text-delta', delta: 'Hi' });
    expect(JSON.parse(first.slice(6)).choices[0].delta).toEqual({ role: 'assistant', content: 'Hi' });
  });
});
