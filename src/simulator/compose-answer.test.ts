import { describe, expect, it } from 'vitest';
import { composeAnswer, promptTopic } from './compose-answer.js';
import { schemaExampleValue } from './schema-example-value.js';

describe('composeAnswer', () => {
  it('is deterministic and mentions the prompt topic', () => {
    const first = composeAnswer('How do I tune postgres indexes?');
    expect(composeAnswer('How do I tune postgres indexes?')).toBe(first);
    expect(first).toContain('postgres');
    expect(composeAnswer('How do I tune postgres indexes?', 7)).not.toBe(first);
  });

  it('obeys a quoted say instruction', () => {
    expect(composeAnswer('Please reply with "OK" only.')).toBe('OK');
  });

  it('falls back to a neutral topic', () => {
    expect(promptTopic('hi')).toBe('your question');
  });
});

describe('schemaExampleValue', () => {
  it('fills required properties by type', () => {
    const value = schemaExampleValue(
      {
        type: 'object',
        properties: {
          city: { type: 'string' },
          count: { type: 'integer', minimum: 2 },
          ratio: { type: 'number' },
          kind: { type: 'string', enum: ['a', 'b'] },
          nested: { type: 'object', properties: { flag: { type: 'boolean' } }, required: ['flag'] },
          optional: { type: 'string' },
        },
        required: ['city', 'count', 'ratio', 'kind', 'nested'],
      },
      'topic',
    );
    expect(value).toEqual({ city: 'Paris', count: 2, ratio: 0.75, kind: 'a', nested: { flag: true } });
  });
});
