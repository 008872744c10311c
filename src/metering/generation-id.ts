import { randomFillSync } from 'node:crypto';

// Alphanumeric only, like OpenRouter's ids, so `gen-<seconds>-<random>` splits unambiguously on '-'.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const RANDOM_LENGTH = 20;
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

/** Mints the generation id (`gen-<unix seconds>-<20 random chars>`) used as response id and header. */
export function newGenerationId(nowMs: number = Date.now()): string {
  let random = '';
  while (random.length < RANDOM_LENGTH) {
    const byte = nextRandomByte();
    if (byte < UNBIASED_LIMIT) random += ALPHABET[byte % ALPHABET.length];
  }
  return `gen-${Math.floor(nowMs / 1000)}-${random}`;
}
