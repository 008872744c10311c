import type { ProviderAdapter, UpstreamCall } from '../../providers/provider-adapter.js';
import { upstreamHttpError } from '../../providers/shared/upstream-error.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import type { ChatResult } from '../../spec/chat-result.js';
import { GatewayError } from '../../spec/errors.js';
import type { StreamPart } from '../../spec/stream-part.js';

/** What one scripted upstream does with a call. */
export type Script =
  | { kind: 'answer'; text?: string; chunks?: number; firstTokenDelayMs?: number }
  | { kind: 'status'; status: number; retryAfter?: number; message?: string; code?: string }
  /** Never answers: only the attempt's signal (a timeout, a lost hedge) ends it. */
  | { kind: 'hang' }
  /** Streams `chunks` text parts, then the connection breaks. */
  | { kind: 'break'; chunks?: number };

export interface RecordedCall {
  endpoint: string;
  request: ChatRequest;
  /** Set when the call's signal fired, with the reason. */
  aborted?: GatewayError;
}

/**
 * A ProviderAdapter whose behaviour is scripted per endpoint tag: each call takes the next
 * script of that tag (the last one repeats). Every call is recorded with the request it got.
 */
export class ScriptedAdapter implements ProviderAdapter {
  readonly protocol = 'fake';
  readonly calls: RecordedCall[] = [];
  private readonly scripts = new Map<string, Script[]>();

  script(tag: string, ...scripts: Script[]): this {
    this.scripts.set(tag, scripts);
    return this;
  }

  callsTo(tag: string): RecordedCall[] {
    return this.calls.filter((call) => call.endpoint === tag);
  }

  private take(call: UpstreamCall, request: ChatRequest): { script: Script; recorded: RecordedCall } {
    const recorded: RecordedCall = { endpoint: call.endpoint.tag, request };
    this.calls.push(recorded);
    call.signal.addEventListener('abort', () => {
      const reason: unknown = call.signal.reason;
      recorded.aborted = reason instanceof GatewayError ? reason : new GatewayError('cancelled', 'aborted');
    });
    const list = this.scripts.get(call.endpoint.tag) ?? [{ kind: 'answer' }];
    const script = list.length > 1 ? (list.shift() as Script) : (list[0] as Script);
    return { script, recorded };
  }

  async complete(request: ChatRequest, call: UpstreamCall): Promise<ChatResult> {
    const { script } = this.take(call, request);
    await this.prelude(script, call);
    const text = script.kind === 'answer' ? (script.text ?? `answer from ${call.endpoint.tag}`) : '';
    return { content: text, toolCalls: [], finishReason: 'stop', nativeFinishReason: 'stop', usage: { promptTokens: 10, completionTokens: 5 } };
  }

  async stream(request: ChatRequest, call: UpstreamCall): Promise<AsyncIterable<StreamPart>> {
    const { script } = this.take(call, request);
    if (script.kind === 'status' || script.kind === 'hang') await this.prelude(script, call);
    const tag = call.endpoint.tag;
    const signal = call.signal;
    return (async function* parts(): AsyncGenerator<StreamPart> {
      yield { type: 'response-metadata', upstreamId: `up-${tag}` };
      if (script.kind === 'answer' && script.firstTokenDelayMs) await delay(script.firstTokenDelayMs, signal);
      const chunks = script.kind === 'answer' || script.kind === 'break' ? (script.chunks ?? 3) : 0;
      for (let index = 0; index < chunks; index++) {
        if (signal.aborted) throw signal.reason;
        yield { type: 'text-delta', delta: `${tag}-${index} ` };
        await Promise.resolve();
      }
      if (script.kind === 'break') throw new GatewayError('upstream_connection', `Could not reach ${tag}: connection reset`);
      yield { type: 'finish', finishReason: 'stop', nativeFinishReason: 'stop', usage: { promptTokens: 10, completionTokens: chunks } };
    })();
  }

  private async prelude(script: Script, call: UpstreamCall): Promise<void> {
    if (script.kind === 'status') {
      const headers = script.retryAfter !== undefined ? { 'retry-after': String(script.retryAfter) } : {};
      const details = { message: script.message ?? `scripted ${script.status}`, ...(script.code ? { code: script.code } : {}) };
      throw upstreamHttpError(script.status, headers, details, { providerName: call.endpoint.provider.name });
    }
    if (script.kind === 'hang') await delay(Number.POSITIVE_INFINITY, call.signal);
    if (script.kind === 'answer' && script.firstTokenDelayMs) await delay(script.firstTokenDelayMs, call.signal);
  }
}

/** Waits `milliseconds` (forever for Infinity) unless the signal fires first, then throws its reason. */
function delay(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = Number.isFinite(milliseconds) ? setTimeout(resolve, milliseconds) : undefined;
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    }, { once: true });
  });
}
