import { describe, expect, it } from 'vitest';
import { openAIChatCompletion } from '../test-support/openai-fixtures.js';
import { convertOpenAIChatCompletion } from './convert-openai-response.js';
import { openAIChatCompletionSchema } from './openai-wire-schemas.js';
import { isPlainChatCompletion } from './plain-chat-completion.js';

/** Answers as real servers send them; the first four are the common shape the guard takes. */
const plain: [string, unknown][] = [
  ['OpenAI', openAIChatCompletion()],
  ['DeepSeek (reasoning_content, cache hits at the top level)', {
    id: '930c60df-bf64-41c9-a88e-3ec75f81e00e', object: 'chat.completion', created: 1705651092, model: 'deepseek-reasoner',
    choices: [{ index: 0, message: { role: 'assistant', content: 'The answer is 42.', reasoning_content: 'Let me think step by step.' }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 16, completion_tokens: 10, total_tokens: 26, prompt_tokens_details: { cached_tokens: 0 }, prompt_cache_hit_tokens: 0, prompt_cache_miss_tokens: 16, completion_tokens_details: { reasoning_tokens: 6 } },
    system_fingerprint: 'fp_7e73fd9a08',
  }],
  ['vLLM (reasoning, no usage details, nulls)', {
    id: 'chatcmpl-8f1f8d2b', object: 'chat.completion', created: 1733000000, model: 'Qwen/Qwen3-32B',
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hi!', reasoning: 'Greeting.', tool_calls: [], function_call: null }, logprobs: null, finish_reason: 'stop', stop_reason: null }],
    usage: { prompt_tokens: 9, total_tokens: 12, completion_tokens: 3, prompt_tokens_details: null },
    prompt_logprobs: null,
  }],
  ['a refusal without content and without usage', openAIChatCompletion({ message: { content: null, refusal: 'I can\'t help with that.' }, usage: null })],
];

/** Answers the schema reads and the guard leaves to it. */
const others: [string, unknown][] = [
  ['tool calls', openAIChatCompletion({ finishReason: 'tool_calls', message: { content: null, tool_calls: [{ id: 'call_abc123', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Boston, MA"}' } }] } })],
  ['content parts (Mistral)', openAIChatCompletion({ message: { content: [{ type: 'text', text: 'Bonjour' }] } })],
  ['reasoning details', openAIChatCompletion({ message: { reasoning_details: [{ type: 'reasoning.text', text: 'Hmm.', index: 0 }] } })],
];

/** Every value of every field replaced by values of other types, one at a time. */
const REPLACEMENTS: unknown[] = [undefined, null, 'text', '', 0, -1, 1.5, 2 ** 60, true, [], [1], {}, { text: 'x' }];

function mutations(value: unknown, path: string[] = []): { path: string; value: unknown }[] {
  const found: { path: string; value: unknown }[] = [];
  for (const replacement of REPLACEMENTS) found.push({ path: path.join('.') || '(root)', value: replaceAt(value, path, replacement) });
  const target = path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], value);
  if (typeof target === 'object' && target !== null) {
    for (const key of Object.keys(target)) found.push(...mutations(value, [...path, key]));
  }
  return found;
}

function replaceAt(root: unknown, path: string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(root) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1] as string;
  if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return copy;
}

describe('isPlainChatCompletion', () => {
  it.each(plain)('takes the common answer: %s', (_name, payload) => {
    expect(isPlainChatCompletion(payload)).toBe(true);
  });

  it.each(others)('leaves the rest to the schema: %s', (_name, payload) => {
    expect(isPlainChatCompletion(payload)).toBe(false);
    expect(openAIChatCompletionSchema.safeParse(payload).success).toBe(true);
  });

  it('accepts only what the schema accepts, and the converter reads the same answer from both', () => {
    let accepted = 0;
    let refused = 0;
    for (const [, payload] of [...plain, ...others]) {
      for (const mutation of mutations(payload)) {
        if (!isPlainChatCompletion(mutation.value)) {
          refused++;
          continue;
        }
        accepted++;
        const parsed = openAIChatCompletionSchema.safeParse(mutation.value);
        expect(parsed.success, `the guard took ${mutation.path} = ${JSON.stringify(mutation.value)}`).toBe(true);
        if (parsed.success) expect(convertOpenAIChatCompletion(mutation.value as never)).toEqual(convertOpenAIChatCompletion(parsed.data));
      }
    }
    // Both sides are exercised: many mutations are harmless (unknown fields), many are not.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });
});
