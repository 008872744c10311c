import { describe, expect, it } from 'vitest';
import { describePostgresUrl } from './describe-postgres-url.js';

describe('describePostgresUrl', () => {
  it('keeps scheme, host, port and database, and drops user, password and parameters', () => {
    expect(describePostgresUrl('postgres://switchboard:hunter2@db.internal:6543/billing?sslmode=require&password=x')).toBe('postgres://db.internal:6543/billing');
    expect(describePostgresUrl('postgresql://db.internal/switchboard')).toBe('postgresql://db.internal/switchboard');
    expect(describePostgresUrl('postgres:///switchboard?host=/var/run/postgresql')).toBe('postgres://(socket)/switchboard');
    expect(describePostgresUrl('postgres://[broken')).toBe('an unparsable postgres:// URL');
  });
});
