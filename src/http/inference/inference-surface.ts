import type { IncomingHttpHeaders } from 'node:http';
import type { DecodedRequest } from '../../api/openai-chat/decode-chat-request.js';
import type { ResponseIdentity } from '../../api/openai-chat/encode-chat-response.js';
import type { UsageBody } from '../../api/shared/encode-usage.js';
import type { StreamWriter } from '../../api/shared/stream-writer.js';
import type { ChatResult } from '../../spec/chat-result.js';
import type { GatewayError } from '../../spec/errors.js';

/** One inbound inference surface (chat completions, legacy completions, Anthropic messages): its codec. */
export interface InferenceSurface {
  apiType: 'chat' | 'completions' | 'messages';
  decode(body: unknown): DecodedRequest;
  /** The non-streamed answer as JSON text, with `openrouter_metadata` when given. */
  encodeResponse(identity: ResponseIdentity, result: ChatResult, usage: UsageBody, routerMetadata?: unknown): string;
  createStreamWriter(identity: ResponseIdentity): StreamWriter;
  /** Written while no upstream has committed yet, to keep the client's connection warm. */
  streamKeepalive: string;
  /** The surface's error status and body; OpenRouter's envelope when absent. */
  renderError?: (error: GatewayError, requestId: string | undefined) => { status: number; body: unknown };
  /** The `Authorization` value to check; by default the Authorization header itself. */
  authorization?: (headers: IncomingHttpHeaders) => string | undefined;
}
