import type { IncomingMessage } from 'node:http';

const MAXIMUM_BODY_BYTES = 32 * 1024 * 1024;

/** The request body as text (bounded); null when there is none. */
export async function readRequestBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAXIMUM_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return size === 0 ? null : Buffer.concat(chunks).toString('utf8');
}

/** JSON when it parses, else the raw text: recorded either way for tests. */
export function parseBodyText(text: string | null): { value: unknown; isJson: boolean } {
  if (text === null) return { value: null, isJson: false };
  try {
    return { value: JSON.parse(text) as unknown, isJson: true };
  } catch {
    return { value: text, isJson: false };
  }
}
