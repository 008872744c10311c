import { afterEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../catalog/load-config.js';
import { Router, type RouteRequest } from '../routing/router.js';
import type { ChatRequest } from '../spec/chat-request.js';
import type { RedisConnection } from './redis-connection.js';
import { RedisStickyRoutes } from './redis-sticky-routes.js';
import { connectTestRedis, deletePrefix, randomPrefix, skipWithoutRedis } from './test-support/test-redis.js';

const skip = skipWithoutRedis('sticky routing across two routers sharing redis');

const validated = validateConfig({
  providers: [
    { slug: 'keeper', name: 'Keeper', adapter: 'openai', base_url: 'http://127.0.0.1:9/v1' },
    { slug: 'other', name: 'Other', adapter: 'openai', base_url: 'http://127.0.0.1:9/v1' },
  ],
  models: [
    {
      id: 'acme/chat', name: 'Acme Chat', created: '2025-04-17', context_length: 8192,
      endpoints: [
        { provider: 'keeper', upstream_model: 'chat', pricing: { prompt: 0.5, completion: 1, input_cache_read: 0.05 } },
        { provider: 'other', upstream_model: 'chat', pricing: { prompt: 0.4, completion: 1 } },
      ],
    },
  ],
});

const request: ChatRequest = { kind: 'chat', messages: [{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] }, { role: 'user', content: [{ type: 'text', text: 'hello' }] }], stream: false, passthrough: {} };

describe.skipIf(skip)('Router.prepare with sticky routes in redis', () => {
  const connections: RedisConnection[] = [];
  afterEach(async () => {
    if (connections[0]) await deletePrefix(connections[0]);
    for (const connection of connections.splice(0)) await connection.close();
  });

  it('a conversation served by one gateway process is planned onto the same endpoint by another', async () => {
    if (!validated.ok) throw new Error(validated.errors.join('\n'));
    const { catalog } = validated;
    const prefix = randomPrefix();
    const routers = await Promise.all(
      [0, 1].map(async () => {
        const connection = await connectTestRedis(prefix);
        connections.push(connection);
        return new Router({ random: () => 0, now: () => 1_800_000_000_000, stickyRoutes: new RedisStickyRoutes(connection, { prefetchWaitMs: 2_000 }) });
      }),
    );
    const route: RouteRequest = {
      catalog, request, hasAdapter: () => true, promptTokenUpperBound: 64, countPromptTokens: () => 10, scope: 'key-a', sessionId: null,
      directives: { model: 'acme/chat', fallbackModels: [], provider: {}, sessionId: null, sentParameters: [] },
    };
    const [a, b] = routers as [Router, Router];
    const first = a.plan(route);
    // Cheapest first: "other"; the conversation is served by "keeper" (say, after a fallback).
    expect(first.attempts.map((attempt) => attempt.endpoint.tag)).toEqual(['other', 'keeper']);
    a.served(first, first.attempts[1]!);
    await expect.poll(async () => (await connections[0]!.client.keys(`${prefix}sticky:*`)).length).toBe(1);
    expect(b.plan(route).ordering).not.toBe('sticky');
    await b.prepare(route);
    const planned = b.plan(route);
    expect(planned.ordering).toBe('sticky');
    expect(planned.attempts[0]?.endpoint.tag).toBe('keeper');
    // Another API key's conversation is not affected.
    await b.prepare({ ...route, scope: 'key-b' });
    expect(b.plan({ ...route, scope: 'key-b' }).attempts[0]?.endpoint.tag).toBe('other');
  });
});
