import { describe, expect, it } from 'vitest';
import { GatewayError } from '../spec/errors.js';
import { openStore } from './open-store.js';
import { isStoreUnreachable, reportUnavailable } from './report-unavailable.js';
import { makeKey } from './test-support/store-fixtures.js';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('isStoreUnreachable', () => {
  it('recognises lost connections, timeouts and a busy database', () => {
    expect(isStoreUnreachable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isStoreUnreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isStoreUnreachable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isStoreUnreachable(withCode('canceling statement due to statement timeout', '57014'))).toBe(true);
    expect(isStoreUnreachable(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isStoreUnreachable(withCode('deadlock detected', '40P01'))).toBe(true);
    expect(isStoreUnreachable(withCode('database is locked', 'SQLITE_BUSY'))).toBe(true);
  });

  it('leaves constraint violations, range errors and bugs alone', () => {
    expect(isStoreUnreachable(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isStoreUnreachable(withCode('value "9223372036854775808" is out of range for type bigint', '22003'))).toBe(false);
    expect(isStoreUnreachable(withCode('UNIQUE constraint failed: api_keys.hash', 'SQLITE_CONSTRAINT_PRIMARYKEY'))).toBe(false);
    expect(isStoreUnreachable(new Error('Stored column api_keys.disabled holds 7n, not a 0/1 boolean'))).toBe(false);
    expect(isStoreUnreachable('not an error')).toBe(false);
  });
});

describe('reportUnavailable', () => {
  it('turns an unreachable database into a 503 unavailable and passes other errors through', async () => {
    const store = await openStore('sqlite::memory:');
    const guarded = reportUnavailable(store);
    try {
      await guarded.keys.insertKey(makeKey());
      expect(await guarded.keys.getKey(makeKey().hash)).toStrictEqual(makeKey());
      const duplicate = await guarded.keys.insertKey(makeKey()).catch((error: unknown) => error);
      expect(duplicate).not.toBeInstanceOf(GatewayError);
      const busy = reportUnavailable({ ...store, keys: { ...store.keys, getKey: () => Promise.reject(withCode('database is locked', 'SQLITE_BUSY')) } });
      const error = await busy.keys.getKey('x').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(GatewayError);
      expect(error).toMatchObject({ kind: 'unavailable', status: 503 });
    } finally {
      await store.close();
    }
  });
});
