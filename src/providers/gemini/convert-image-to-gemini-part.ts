import { GatewayError } from '../../spec/errors.js';
import type { ImagePart } from '../../spec/chat-request.js';

/** A Gemini Part carrying media: bytes inline, or a URI Gemini fetches itself. */
export type GeminiMediaPart = { inlineData: { mimeType: string; data: string } } | { fileData: { fileUri: string; mimeType?: string } };

/** MIME types by file extension, for http(s) URLs (fileData.mimeType). */
const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  gif: 'image/gif',
};

/**
 * An IR image as a Gemini part:
 * - `data:<mime>;base64,<bytes>` → `inlineData {mimeType, data}` (Gemini takes base64 bytes);
 * - `http(s)://…` → `fileData {fileUri, mimeType}`: the Gemini API fetches public URLs
 *   itself ("File input methods" guide), so the gateway never downloads client URLs. The MIME
 *   type is taken from the file extension when it tells, and left to Gemini otherwise;
 * - anything else (a non-base64 data URL, `file:`, `gs:` outside Google) is a 400 naming the part.
 */
export function convertImageToGeminiPart(image: ImagePart, location: string): GeminiMediaPart {
  const url = image.url;
  if (url.startsWith('data:')) {
    const match = /^data:([\w.+-]+\/[\w.+-]+)((?:;[\w-]+=[^;,]*)*);base64,(.*)$/s.exec(url);
    if (match === null) throw unsupported(location, 'a data: URL must be base64 (data:<mime type>;base64,<bytes>)');
    return { inlineData: { mimeType: (match[1] as string).toLowerCase(), data: match[3] as string } };
  }
  if (/^https?:\/\//i.test(url)) {
    const mimeType = mimeTypeOf(url);
    return { fileData: mimeType === undefined ? { fileUri: url } : { fileUri: url, mimeType } };
  }
  throw unsupported(location, 'only data: (base64) and http(s) image URLs can be sent to Gemini');
}

function mimeTypeOf(url: string): string | undefined {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const extension = /\.([a-z0-9]+)$/i.exec(pathname)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : MIME_BY_EXTENSION[extension];
}

function unsupported(location: string, reason: string): GatewayError {
  return new GatewayError('bad_request', `${location}: unsupported image URL for this endpoint: ${reason}`, {
    metadata: { param: location },
  });
}
