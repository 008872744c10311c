import { describe, expect, it } from 'vitest';
import type { ChatRequest, Message } from '../spec/chat-request.js';
import { countPromptTokens, countTextTokens, createTokenCounter } from './count-tokens.js';

function chatRequest(messages: Message[], extra: Partial<ChatRequest> = {}): ChatRequest {
  return { kind: 'chat', messages, stream: false, passthrough: {}, ...extra };
}

function userMessage(text: string): Message {
  return { role: 'user', content: [{ type: 'text', text }] };
}

/** A long, realistic conversation whose turns are all distinct strings. */
function conversation(turns: number): Message[] {
  const messages: Message[] = [
    { role: 'system', content: [{ type: 'text', text: 'You are a careful assistant who answers in plain English.' }] },
  ];
  for (let turn = 1; turn < turns; turn += 1) {
    const text = `Turn ${turn}: please summarise section ${turn} of the quarterly report on supply-chain latency.`;
    messages.push(
      turn % 2 === 1 ? userMessage(text) : { role: 'assistant', content: [{ type: 'text', text }], toolCalls: [] },
    );
  }
  return messages;
}

describe('countTextTokens', () => {
  it('counts with o200k_base', () => {
    expect(countTextTokens('')).toBe(0);
    expect(countTextTokens('hello world')).toBe(2);
    expect(countTextTokens('Hello, world!')).toBe(4);
  });

  it('counts special-token text as plain text instead of throwing', () => {
    expect(countTextTokens('before <|endoftext|> after')).toBeGreaterThan(3);
  });
});

describe('countPromptTokens', () => {
  it('adds OpenAI chat-format overhead: 3 per message, 1 for the role, 3 reply priming', () => {
    // 3 (message) + 1 (role) + 1 ("Hello") + 3 (priming) = 8, what gpt-4o reports for this prompt.
    expect(countPromptTokens(chatRequest([userMessage('Hello')]))).toBe(8);
    // + a second message: 3 + 1 + 2 ("hello world")
    expect(countPromptTokens(chatRequest([userMessage('Hello'), userMessage('hello world')]))).toBe(14);
  });

  it('counts a name with its extra token', () => {
    const named: Message = { role: 'user', name: 'alice', content: [{ type: 'text', text: 'Hello' }] };
    expect(countPromptTokens(chatRequest([named]))).toBe(8 + countTextTokens('alice') + 1);
  });

  it('estimates images by detail instead of decoding them', () => {
    const withImage = (detail: 'low' | 'high' | undefined): Message => ({
      role: 'user',
      content: [{ type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=', ...(detail ? { detail } : {}) }],
    });
    // 3 + 1 + image + 3
    expect(countPromptTokens(chatRequest([withImage('low')]))).toBe(7 + 85);
    expect(countPromptTokens(chatRequest([withImage('high')]))).toBe(7 + 765);
    expect(countPromptTokens(chatRequest([withImage(undefined)]))).toBe(7 + 765);
  });

  it('counts tool definitions from their JSON and tool calls from name and arguments', () => {
    const tools = [
      {
        name: 'get_weather',
        description: 'Current weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ];
    const base = chatRequest([userMessage('Weather in Paris?')]);
    const withTools = { ...base, tools };
    expect(countPromptTokens(withTools) - countPromptTokens(base)).toBe(countTextTokens(JSON.stringify(tools)));

    const call: Message = {
      role: 'assistant',
      content: [],
      toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
    };
    const answer: Message = { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: '18°C, cloudy' }] };
    const followUp = chatRequest([userMessage('Weather in Paris?'), call, answer]);
    const expected =
      countPromptTokens(base) +
      (3 + 1 + 3 + countTextTokens('get_weather') + countTextTokens('{"city":"Paris"}')) +
      (3 + 1 + countTextTokens('18°C, cloudy'));
    expect(countPromptTokens(followUp)).toBe(expected);
  });

  it('counts a legacy text prompt as raw text without chat overhead', () => {
    const request = chatRequest([userMessage('Once upon a time')], { kind: 'text', prompt: 'Once upon a time' });
    expect(countPromptTokens(request)).toBe(countTextTokens('Once upon a time'));
  });
});

describe('token count cache', () => {
  it('recounts nothing when the same 200-message conversation is counted again', () => {
    const counter = createTokenCounter();
    const request = chatRequest(conversation(200));
    const first = counter.countPromptTokens(request);
    expect(counter.statistics()).toMatchObject({ hits: 0, misses: 200 });

    // A fresh request object with equal content (as a new HTTP request would decode).
    const second = counter.countPromptTokens(structuredClone(request));
    expect(second).toBe(first);
    expect(counter.statistics()).toMatchObject({ hits: 200, misses: 200 });
  });

  it('tokenizes only the new turn when a conversation grows', () => {
    const counter = createTokenCounter();
    const messages = conversation(200);
    counter.countPromptTokens(chatRequest(messages));
    const grown = [...messages, userMessage('And now compare section 12 with section 40, in a table please.')];
    const total = counter.countPromptTokens(chatRequest(grown));
    expect(counter.statistics()).toMatchObject({ hits: 200, misses: 201 });
    expect(total).toBe(createTokenCounter().countPromptTokens(chatRequest(grown)));
  });

  it('stays within its entry bound and evicts the least recently used string', () => {
    const counter = createTokenCounter({ maxCachedEntries: 3 });
    const texts = ['alpha', 'bravo', 'charlie', 'delta'].map((word) => `${word} `.repeat(10));
    const [alpha, bravo, charlie, delta] = texts as [string, string, string, string];
    counter.countTextTokens(alpha);
    counter.countTextTokens(bravo);
    counter.countTextTokens(charlie);
    counter.countTextTokens(alpha); // alpha is now the most recent
    counter.countTextTokens(delta); // evicts bravo
    expect(counter.statistics()).toMatchObject({ entries: 3, hits: 1, misses: 4 });
    counter.countTextTokens(alpha);
    expect(counter.statistics().hits).toBe(2);
    counter.countTextTokens(bravo);
    expect(counter.statistics().misses).toBe(5);
  });

  it('stays within its character bound and never caches one oversized string', () => {
    const counter = createTokenCounter({ maxCachedCharacters: 800 });
    for (let index = 0; index < 20; index += 1) counter.countTextTokens(`${index} `.padEnd(90, 'x'));
    expect(counter.statistics().characters).toBeLessThanOrEqual(800);
    expect(counter.statistics().entries).toBe(8);

    const before = counter.statistics().entries;
    counter.countTextTokens('y'.repeat(500));
    expect(counter.statistics().entries).toBe(before);
  });

  it('does not cache short strings, which are cheaper to count than to look up', () => {
    const counter = createTokenCounter();
    counter.countTextTokens('Hello');
    counter.countTextTokens('Hello');
    expect(counter.statistics()).toMatchObject({ hits: 0, misses: 0, entries: 0 });
  });
});
