import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { SafeHtml } from './html.js';

/**
 * Pages allow only this gateway's own scripts, styles and forms: no other host is ever
 * contacted, and an injected `<script>` could not run even if escaping failed.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export type Encoding = 'br' | 'gzip' | 'identity';

/** Picks brotli, then gzip, from Accept-Encoding (q=0 refuses). */
export function chooseEncoding(request: IncomingMessage): Encoding {
  const header = String(request.headers['accept-encoding'] ?? '').toLowerCase();
  const accepted = new Set(
    header
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, quality]) => !quality || !/^q=0(\.0*)?$/.test(quality.trim()))
      .map(([name]) => name?.trim()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return 'identity';
}

export function compress(body: Buffer, encoding: Encoding): Buffer {
  if (encoding === 'br') return brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
  if (encoding === 'gzip') return gzipSync(body);
  return body;
}

/** A server-rendered page, compressed when the client accepts it; never cached (it is live data). */
export function sendHtml(request: IncomingMessage, response: ServerResponse, status: number, page: SafeHtml, headers: Record<string, string | string[]> = {}): void {
  const encoding = chooseEncoding(request);
  const body = compress(Buffer.from(page.text, 'utf8'), encoding);
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': body.length,
    'cache-control': 'no-store',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    vary: 'accept-encoding, cookie',
    ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
    ...headers,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** 303 See Other: after a form post, the browser fetches the target with GET. */
export function redirect(response: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  response.writeHead(303, { location, 'content-length': 0, 'cache-control': 'no-store', ...headers });
  response.end();
}
