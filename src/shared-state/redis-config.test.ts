import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../catalog/load-config.js';
import { redactRedisUrl } from './redact-redis-url.js';

const base = 'providers: []\nmodels: []\n';

describe('redis config', () => {
  it('takes the URL from the environment, password included, with defaults for the rest', () => {
    const result = parseConfigText(`${base}redis: { url: "\${REDIS_URL}" }\n`, 'test.yaml', { environment: { REDIS_URL: 'redis://default:p%40ss@cache:6380/2' } });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.config.redis).toEqual({ url: 'redis://default:p%40ss@cache:6380/2', key_prefix: 'switchboard:', command_timeout_ms: 1000 });
  });

  it('leaves Redis off when the variable is empty, and is optional', () => {
    const empty = parseConfigText(`${base}redis: { url: "\${REDIS_URL:-}" }\n`, 'test.yaml', { environment: {} });
    expect(empty.ok && empty.config.redis?.url).toBe('');
    const absent = parseConfigText(base, 'test.yaml', { environment: {} });
    expect(absent.ok && absent.config.redis).toBeUndefined();
  });

  it('rejects a URL that is not redis:// or rediss://, without echoing it', () => {
    const result = parseConfigText(`${base}redis: { url: "http://user:hunter2@cache:6379" }\n`, 'test.yaml', { environment: {} });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.join('\n')).toMatch(/redis\.url.*expected redis:\/\/… or rediss:\/\/…/);
    expect(result.errors.join('\n')).not.toContain('hunter2');
  });

  it('never prints the password', () => {
    expect(redactRedisUrl('redis://default:hunter2@cache:6379/0')).toBe('redis://default:***@cache:6379/0');
    expect(redactRedisUrl('rediss://:hunter2@cache:6380')).toBe('rediss://:***@cache:6380');
    expect(redactRedisUrl('redis://cache:6379')).toBe('redis://cache:6379');
    expect(redactRedisUrl('not a url hunter2')).not.toContain('hunter2');
  });
});
