import { describe, expect, it } from 'vitest';
import { hashApiKey } from '../../metering/api-key-material.js';
import { sameHash } from './key-authenticator.js';

describe('sameHash', () => {
  const hash = hashApiKey('sk-sb-v1-3f9a0c7e5d2b4a1f8e6c0b9d7a5f3e1c');

  it('accepts the same hash', () => {
    expect(sameHash(hash, `${hash}`)).toBe(true);
  });

  it('refuses a hash that differs in its first, a middle or its last character', () => {
    for (const index of [0, 31, hash.length - 1]) {
      const changed = hash.slice(0, index) + (hash[index] === '0' ? '1' : '0') + hash.slice(index + 1);
      expect(sameHash(hash, changed)).toBe(false);
    }
  });

  it('refuses another key\'s hash, a prefix and the empty string', () => {
    expect(sameHash(hash, hashApiKey('sk-sb-v1-another'))).toBe(false);
    expect(sameHash(hash, hash.slice(0, 32))).toBe(false);
    expect(sameHash(hash, '')).toBe(false);
  });
});
