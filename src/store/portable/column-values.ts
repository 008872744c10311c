import type { Picodollars } from '../../spec/money.js';

/**
 * Conversions between stored column values and record fields, for every backend. SQLite runs
 * with safe integers on, so every INTEGER comes back as a bigint; `pg` returns int8 columns and
 * numeric sums (PostgreSQL's SUM(bigint) is numeric) as decimal text, parsed here straight to a
 * bigint, never through a float. Money stays a bigint, everything else becomes a number after
 * a range check.
 */

const INTEGER_TEXT = /^-?\d+$/;

/** Reads a money column (or an aggregate of one) as exact picodollars; SQL NULL sums are 0. */
export function readPicodollars(value: unknown, column: string): Picodollars {
  if (value === null || value === undefined) return 0n;
  return readBigInteger(value, column);
}

/** Reads a nullable money column, keeping NULL as null. */
export function readNullablePicodollars(value: unknown, column: string): Picodollars | null {
  if (value === null || value === undefined) return null;
  return readBigInteger(value, column);
}

/** Reads a non-money integer column as a number, refusing values a double cannot hold exactly. */
export function readInteger(value: unknown, column: string): number {
  const integer = readBigInteger(value, column);
  if (integer > BigInt(Number.MAX_SAFE_INTEGER) || integer < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new Error(`Stored column ${column} holds ${integer}, beyond the exact range of a number`);
  }
  return Number(integer);
}

/** Reads a nullable non-money integer column. */
export function readNullableInteger(value: unknown, column: string): number | null {
  if (value === null || value === undefined) return null;
  return readInteger(value, column);
}

/** Reads a 0/1 boolean column. */
export function readBoolean(value: unknown, column: string): boolean {
  if (typeof value === 'boolean') return value;
  const integer = readBigInteger(value, column);
  if (integer === 0n) return false;
  if (integer === 1n) return true;
  throw new Error(`Stored column ${column} holds ${integer}, not a 0/1 boolean`);
}

/** Writes a boolean as the integer the schema stores. */
export function writeBoolean(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

function readBigInteger(value: unknown, column: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) return BigInt(value);
  throw new Error(`Stored column ${column} holds ${describe(value)}, not an integer`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the text ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'number') return `the number ${value}`;
  return `a value of type ${typeof value}`;
}
