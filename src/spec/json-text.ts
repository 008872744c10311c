/**
 * JSON values written by hand, for text built by string concatenation on the per-request path
 * (the record journal, the request log, the non-streamed chat answer), where building an object
 * for a serialiser costs more than the text. Strings go through JSON.stringify only when they
 * need escaping.
 */

/** What JSON must escape (quote, backslash, control characters) and surrogates (a lone one must be escaped to survive UTF-8). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A JSON string: most values (ids, slugs, hashes, names) need no escaping and skip JSON.stringify. */
export function jsonText(value: string): string {
  return NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`;
}

export function nullableJsonText(value: string | null | undefined): string {
  return value === null || value === undefined ? 'null' : jsonText(value);
}

export function nullableJsonNumber(value: number | null): string {
  return value === null ? 'null' : String(value);
}

/** A number as JSON.stringify writes it: NaN and the infinities become null. */
export function finiteJsonNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}
