import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chatRequestSchema } from '../openai-chat/chat-request-schema.js';
import { parseBody } from './parse-body.js';
import { presentFieldsParser } from './present-fields-parser.js';

const weather = {
  type: 'function',
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

const validRequests: Record<string, unknown>[] = [
  { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }] },
  { model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'system', content: 'You are a helpful assistant.' }, { role: 'user', content: 'Say hello.' }] },
  {
    model: 'anthropic/claude-sonnet-4', messages: [
      { role: 'user', content: [{ type: 'text', text: 'What is in this image?' }, { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } }] },
    ],
    max_tokens: 300, temperature: 0.2, top_p: 0.9, stop: ['\n\n'], seed: 7, user: 'user-42',
  },
  {
    model: 'openai/gpt-4o', messages: [
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '18°C, cloudy' },
    ],
    tools: [weather], tool_choice: 'auto', parallel_tool_calls: false,
  },
  {
    models: ['openai/gpt-4o', 'anthropic/claude-sonnet-4'], route: 'fallback', messages: [{ role: 'user', content: 'hi' }],
    provider: { order: ['openai', 'azure'], allow_fallbacks: true, data_collection: 'deny', sort: 'price' },
    response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema: { type: 'object' } } },
    reasoning: { effort: 'high', exclude: false }, usage: { include: true }, stream_options: { include_usage: true, extra: 1 },
  },
  // nulls mean "not set"; unknown fields pass through untouched, nested values included
  { model: 'x/y', messages: [{ role: 'user', content: 'hi' }], temperature: null, max_tokens: null, tools: null, logit_bias: { '50256': -100 }, vendor_flag: { deep: [1, 2] }, n: 2 },
];

const invalidRequests: unknown[] = [
  { model: 'x/y' },
  { model: 'x/y', messages: [] },
  { model: 'x/y', messages: [{ role: 'wizard', content: 'hi' }] },
  { model: '', messages: [{ role: 'user', content: 'hi' }] },
  { model: 'x/y', messages: [{ role: 'user', content: 'hi' }], temperature: 'hot' },
  { model: 'x/y', messages: [{ role: 'user', content: 'hi' }], max_tokens: -1 },
  { model: 'x/y', messages: [{ role: 'user', content: 'hi' }], stop: ['a', 'b', 'c', 'd', 'e'] },
  { model: 'x/y', messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: '' } }] },
  { model: 'x/y', messages: 'hi' },
];

describe('presentFieldsParser', () => {
  const parse = presentFieldsParser(chatRequestSchema);

  it('gives the chat request schema a parser', () => {
    expect(parse).toBeTypeOf('function');
  });

  it.each(validRequests.map((body, index) => [index, body] as const))('parses valid request %i exactly as zod does', (_index, body) => {
    const expected = chatRequestSchema.parse(body);
    const actual = parse?.(structuredClone(body));
    expect(actual).toStrictEqual(expected);
    // unknown fields keep their own values (loose), by reference as zod does
    if ('vendor_flag' in body) expect((parse?.(body) as Record<string, unknown>).vendor_flag).toBe(body.vendor_flag);
  });

  it.each(invalidRequests.map((body, index) => [index, body] as const))('leaves invalid request %i to the whole schema', (_index, body) => {
    expect(chatRequestSchema.safeParse(body).success).toBe(false);
    expect(parse?.(body as Record<string, unknown>)).toBeUndefined();
  });

  it('fills defaulted fields and fails absent required ones, as the object parse does', () => {
    const schema = z.object({ name: z.string(), tier: z.string().default('free'), note: z.string().optional() }).loose();
    const parseSparse = presentFieldsParser(schema);
    expect(parseSparse?.({ name: 'a' })).toStrictEqual(schema.parse({ name: 'a' }));
    expect(parseSparse?.({ name: 'a' })).toStrictEqual({ name: 'a', tier: 'free' });
    expect(parseSparse?.({ name: 'a', tier: 'pro', extra: true })).toStrictEqual({ name: 'a', tier: 'pro', extra: true });
    expect(parseSparse?.({ tier: 'pro' })).toBeUndefined();
  });

  it('leaves a body with an own __proto__ key to the whole schema', () => {
    const body = JSON.parse('{"model":"x/y","messages":[{"role":"user","content":"hi"}],"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(parse?.(body)).toBeUndefined();
  });

  it('declines schemas it cannot mirror exactly', () => {
    expect(presentFieldsParser(z.object({ a: z.string().optional() }))).toBeUndefined(); // strips unknown keys
    expect(presentFieldsParser(z.object({ a: z.string().optional() }).strict())).toBeUndefined();
    expect(presentFieldsParser(z.object({ a: z.number().optional() }).loose().refine((value) => value.a !== 1))).toBeUndefined();
    expect(presentFieldsParser(z.array(z.string()))).toBeUndefined();
  });
});

describe('parseBody', () => {
  it('answers valid bodies through the present-fields route and invalid ones with zod paths', () => {
    expect(parseBody(chatRequestSchema, validRequests[1])).toStrictEqual(chatRequestSchema.parse(validRequests[1]));
    expect(() => parseBody(chatRequestSchema, invalidRequests[2])).toThrow(/messages\[0\]/);
    expect(() => parseBody(chatRequestSchema, invalidRequests[4])).toThrow(/temperature/);
  });
});
