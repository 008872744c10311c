import { describe, expect, it } from 'vitest';
import { newGenerationId } from './generation-id.js';

describe('newGenerationId', () => {
  it('has the OpenRouter shape gen-<unix seconds>-<20 alphanumerics>', () => {
    const id = newGenerationId(Date.parse('2025-07-08T12:00:00.999Z'));
    expect(id).toMatch(/^gen-1751976000-[A-Za-z0-9]{20}$/);
  });

  it('uses the current time by default', () => {
    const before = Math.floor(Date.now() / 1000);
    const seconds = Number(newGenerationId().split('-')[1]);
    expect(seconds).toBeGreaterThanOrEqual(before);
    expect(seconds).toBeLessThanOrEqual(before + 1);
  });

  it('sorts as text in the order it was minted, to the millisecond', () => {
    const start = Date.parse('2025-07-08T12:00:00.000Z');
    const ids = [0, 1, 61, 62, 500, 998, 999, 1000, 1001, 86_400_000].map((offset) => newGenerationId(start + offset));
    expect([...ids].sort()).toEqual(ids);
    expect(ids[3]!.slice('gen-1751976000-'.length, 'gen-1751976000-'.length + 2)).toBe('10');
  });

  it('does not repeat across many ids minted in the same second, across pool refills', () => {
    const ids = new Set<string>();
    for (let index = 0; index < 50_000; index += 1) ids.add(newGenerationId(0));
    expect(ids.size).toBe(50_000);
  });

  it('uses every letter of its alphabet with roughly uniform frequency', () => {
    const counts = new Map<string, number>();
    for (let index = 0; index < 10_000; index += 1) {
      // The random part: after the two millisecond characters.
      for (const character of newGenerationId(0).slice('gen-0-'.length + 2)) {
        counts.set(character, (counts.get(character) ?? 0) + 1);
      }
    }
    expect(counts.size).toBe(62);
    // 180,000 characters / 62 ≈ 2,903 each; a plain `byte % 62` would give the first 8 letters
    // 5/256 instead of 4/256 of the bytes, about 3,500 each.
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(2_600);
      expect(count).toBeLessThan(3_200);
    }
  });
});
