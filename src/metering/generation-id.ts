import { randomFillSync } from 'node:crypto';

// Alphanumeric only, like OpenRouter's ids, so `gen-<seconds>-<random>` splits unambiguously on '-';
// in ASCII order, so that the millisecond prefix below sorts as text.
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 20;
// Bytes at or above 248 (= 4 * 62) are skipped so `byte % 62` stays uniform.
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);
const POOL_SIZE = 4096;

// One randomFillSync per 4 KiB instead of one per id: ~150 ids per system call.
const pool = Buffer.allocUnsafe(POOL_SIZE);
let poolOffset = POOL_SIZE;

function nextRandomByte(): number {
  if (poolOffset >= POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const byte = pool[poolOffset] ?? 0;
  poolOffset += 1;
  return byte;
}

/**
 * Mints the generation id used as response id and header: `gen-<unix seconds>-<20 chars>`, the
 * 20 being the millisecond within the second (2 chars) and 18 random ones (107 bits). Ids minted
 * later sort later as text (to the millisecond), so the store's primary-key index takes each new
 * record at its right edge; fully random ids scattered those inserts over the last second's
 * pages and made the batched insert cost about 14 µs a record instead of 9 (BENCHMARKS.md).
 */
export function newGenerationId(nowMs: number = Date.now()): string {
  const millisecond = Math.floor(nowMs) % 1000;
  // Two characters of the alphabet hold the millisecond (62² = 3844 > 999).
  let id = ALPHABET[Math.floor(millisecond / ALPHABET.length)]! + ALPHABET[millisecond % ALPHABET.length]!;
  while (id.length < ID_LENGTH) {
    const byte = nextRandomByte();
    if (byte < UNBIASED_LIMIT) id += ALPHABET[byte % ALPHABET.length];
  }
  return `gen-${Math.floor(nowMs / 1000)}-${id}`;
}
