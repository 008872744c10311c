import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../../spec/errors.js';

const FORM_LIMIT_BYTES = 16 * 1024;

/** Reads an `application/x-www-form-urlencoded` body (the pages' forms), at most 16 KB. */
export function readFormBody(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > FORM_LIMIT_BYTES) {
        request.removeAllListeners('data');
        request.resume();
        reject(new GatewayError('payload_too_large', `Form body is larger than ${FORM_LIMIT_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (size <= FORM_LIMIT_BYTES) resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    });
    request.on('error', () => reject(new GatewayError('bad_request', 'The form body could not be read')));
  });
}
