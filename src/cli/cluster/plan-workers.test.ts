import { describe, expect, it } from 'vitest';
import { configuredRedisUrl, planWorkers, WorkerCountError } from './plan-workers.js';

const postgres = 'postgres://switchboard@db.internal:5432/switchboard';

describe('planWorkers', () => {
  it('defaults to one process per core with Redis, and to one without', () => {
    expect(planWorkers({ requested: undefined, redisUrl: 'redis://127.0.0.1:6379', storeUrl: postgres, cores: 8 })).toBe(8);
    expect(planWorkers({ requested: undefined, redisUrl: undefined, storeUrl: postgres, cores: 8 })).toBe(1);
    expect(planWorkers({ requested: undefined, redisUrl: '', storeUrl: 'sqlite:./data/x.db', cores: 8 })).toBe(1);
    expect(planWorkers({ requested: undefined, redisUrl: 'redis://127.0.0.1:6379', storeUrl: 'sqlite::memory:', cores: 8 })).toBe(1);
  });

  it('takes an explicit count when Redis is configured, on SQLite files and PostgreSQL', () => {
    expect(planWorkers({ requested: 2, redisUrl: 'redis://127.0.0.1:6379', storeUrl: postgres, cores: 2 })).toBe(2);
    expect(planWorkers({ requested: 4, redisUrl: 'redis://127.0.0.1:6379', storeUrl: 'sqlite:./data/x.db', cores: 2 })).toBe(4);
    expect(planWorkers({ requested: 1, redisUrl: undefined, storeUrl: 'sqlite::memory:', cores: 2 })).toBe(1);
  });

  it('refuses several processes without Redis, on SQLite and on PostgreSQL, saying why', () => {
    for (const storeUrl of ['sqlite:./data/x.db', postgres]) {
      expect(() => planWorkers({ requested: 2, redisUrl: undefined, storeUrl, cores: 2 })).toThrow(WorkerCountError);
      expect(() => planWorkers({ requested: 2, redisUrl: undefined, storeUrl, cores: 2 })).toThrow(/needs Redis \(redis\.url in the config\).*overspend/);
    }
  });

  it('refuses several processes on an in-memory SQLite store', () => {
    expect(() => planWorkers({ requested: 2, redisUrl: 'redis://127.0.0.1:6379', storeUrl: 'sqlite::memory:', cores: 2 })).toThrow(/sqlite::memory:/);
  });
});

describe('configuredRedisUrl', () => {
  it('reads redis.url by name and treats absence or an empty url as no Redis', () => {
    expect(configuredRedisUrl({ redis: { url: 'redis://127.0.0.1:6379' } })).toBe('redis://127.0.0.1:6379');
    expect(configuredRedisUrl({ redis: { url: '' } })).toBeUndefined();
    expect(configuredRedisUrl({})).toBeUndefined();
  });
});
