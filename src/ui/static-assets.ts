import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { CLIENT_SCRIPT } from './client-script.js';
import { chooseEncoding } from './send-html.js';
import { STYLESHEET } from './styles.js';

interface Asset {
  type: string;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  etag: string;
}

type AssetSource = { type: string; load: () => string | Buffer };

const resolveModule = createRequire(import.meta.url).resolve;
const JAVASCRIPT = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** What /assets/ serves: uPlot from node_modules (pinned), our stylesheet and script. */
const SOURCES: Record<string, AssetSource> = {
  'uplot.min.js': { type: JAVASCRIPT, load: () => readFileSync(resolveModule('uplot/dist/uPlot.iife.min.js')) },
  'uplot.min.css': { type: CSS, load: () => readFileSync(resolveModule('uplot/dist/uPlot.min.css')) },
  'switchboard.css': { type: CSS, load: () => STYLESHEET },
  'switchboard.js': { type: JAVASCRIPT, load: () => CLIENT_SCRIPT },
};

const loaded = new Map<string, Asset>();

/** Loads and compresses an asset once, on first request (startup stays fast). */
function asset(name: string): Asset | undefined {
  const known = loaded.get(name);
  if (known) return known;
  const source = SOURCES[name];
  if (!source) return undefined;
  const content = source.load();
  const identity = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const built: Asset = {
    type: source.type,
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    br: brotliCompressSync(identity),
    etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}"`,
  };
  loaded.set(name, built);
  return built;
}

/** Serves one asset (false when the name is unknown). */
export function sendAsset(request: IncomingMessage, response: ServerResponse, name: string): boolean {
  const found = asset(name);
  if (!found) return false;
  const common = { etag: found.etag, 'cache-control': 'public, max-age=3600', vary: 'accept-encoding', 'x-content-type-options': 'nosniff' };
  if (request.headers['if-none-match'] === found.etag) {
    response.writeHead(304, common);
    response.end();
    return true;
  }
  const encoding = chooseEncoding(request);
  const body = encoding === 'identity' ? found.identity : found[encoding];
  response.writeHead(200, {
    ...common,
    'content-type': found.type,
    'content-length': body.length,
    ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
  return true;
}
