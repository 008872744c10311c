import { describe, expect, it } from 'vitest';
import { validateConfig } from '../catalog/load-config.js';
import type { ChatRequest } from '../spec/chat-request.js';
import type { ProviderPreferences } from '../spec/routing-directives.js';
import { Router } from './router.js';

const config = {
  providers: [
    { slug: 'keeper', name: 'Keeper', adapter: 'openai', base_url: 'http://127.0.0.1:9/v1' },
    { slug: 'forgetter', name: 'Forgetter', adapter: 'openai', base_url: 'http://127.0.0.1:9/v1', zdr: true, data_collection: 'deny' },
  ],
  models: [
    {
      id: 'acme/chat',
      name: 'Acme Chat',
      created: '2025-04-17',
      context_length: 8192,
      tokenizer: 'Llama3',
      routing: { hedge: true },
      endpoints: [
        { provider: 'keeper', upstream_model: 'chat', pricing: { prompt: 0.5, completion: 1, input_cache_read: 0.05 } },
        { provider: 'forgetter', upstream_model: 'chat', pricing: { prompt: 1, completion: 2 } },
      ],
    },
  ],
};

const request = (user: string): ChatRequest => ({ kind: 'chat', messages: [{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] }, { role: 'user', content: [{ type: 'text', text: user }] }], stream: true, passthrough: {} });

describe('Router with a catalog from config', () => {
  const validated = validateConfig(config);
  if (!validated.ok) throw new Error(validated.errors.join('\n'));
  const { catalog } = validated;
  let draw = 0;
  const router = new Router({ random: () => draw, now: () => 1_800_000_000_000 });
  const plan = (provider: ProviderPreferences, user = 'hello', scope = 'key-a') =>
    router.plan({ catalog, directives: { model: 'acme/chat', fallbackModels: [], provider, sessionId: null, sentParameters: [] }, request: request(user), hasAdapter: () => true, promptTokenUpperBound: 64, countPromptTokens: () => 10, scope, sessionId: null });

  it('reads zdr from the provider config and hedge/resume defaults from the model config, which the request overrides', () => {
    expect(plan({ zdr: true }).attempts.map((attempt) => attempt.endpoint.tag)).toEqual(['forgetter']);
    expect(plan({})).toMatchObject({ hedge: true, resume: false });
    expect(plan({ hedge: false, resume: true })).toMatchObject({ hedge: false, resume: true });
  });

  it('sticks a conversation to the endpoint that served it, per API key, only where cache reads are cheaper', () => {
    draw = 0.999;
    const first = plan({});
    expect(first.attempts[0]?.endpoint.tag).toBe('forgetter');
    // Forgetter has no cache-read price: serving there does not make the conversation sticky.
    router.served(first, first.attempts[0]!);
    expect(plan({}).ordering).toBe('load_balanced');
    router.served(first, first.attempts[1]!);
    const again = plan({});
    expect(again.ordering).toBe('sticky');
    expect(again.attempts[0]?.endpoint.tag).toBe('keeper');
    expect(plan({}, 'a different conversation').attempts[0]?.endpoint.tag).toBe('forgetter');
    expect(plan({}, 'hello', 'key-b').attempts[0]?.endpoint.tag).toBe('forgetter');
  });
});
