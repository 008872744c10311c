import type { IncomingMessage, ServerResponse } from 'node:http';
import secureJson from 'secure-json-parse';
import { GatewayError } from '../spec/errors.js';

/** One HTTP request and its response, with the route's path parameters and query. */
export interface Exchange {
  request: IncomingMessage;
  response: ServerResponse;
  params: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
}

export type RouteHandler = (exchange: Exchange) => Promise<void>;

const JSON_TYPE = 'application/json; charset=utf-8';

/** Writes a JSON response (a value, or JSON text already encoded). */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/**
 * Reads the whole body as JSON, whatever the Content-Type says (curl's `-d` sends a form
 * type). Bodies over `limit` bytes are refused as soon as they are known to be too big;
 * `__proto__`/`constructor.prototype` keys are refused (prototype poisoning).
 */
export function readJsonBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > limit) return;
      const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        reject(new GatewayError('bad_request', 'Request body is empty: send a JSON object'));
        return;
      }
      try {
        resolve(secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
      } catch (error) {
        const poisoned = error instanceof SyntaxError && /prototype/i.test(error.message);
        reject(new GatewayError('bad_request', poisoned ? 'Request body has a forbidden __proto__ or constructor key' : 'Request body is not valid JSON'));
      }
    });
    request.on('error', () => reject(new GatewayError('bad_request', 'The request body could not be read')));
  });
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError('payload_too_large', `Request body is larger than the limit of ${limit} bytes`);
}
