import type { ChatResult } from '../../spec/chat-result.js';
import type { StreamPart } from '../../spec/stream-part.js';

/**
 * Replays a complete answer as stream parts, for upstreams that answer a streaming request
 * with one JSON body (some servers ignore `stream: true`). The order matches a real stream:
 * metadata, reasoning, content, refusal, tool calls, finish.
 */
export async function* chatResultToStreamParts(result: ChatResult): AsyncGenerator<StreamPart, void, undefined> {
  const metadata: Extract<StreamPart, { type: 'response-metadata' }> = { type: 'response-metadata' };
  if (result.upstreamId !== undefined) metadata.upstreamId = result.upstreamId;
  if (result.upstreamModel !== undefined) metadata.upstreamModel = result.upstreamModel;
  yield metadata;
  if (result.reasoning) yield { type: 'reasoning-delta', delta: result.reasoning };
  if (result.reasoningDetails !== undefined && result.reasoningDetails.length > 0) {
    yield { type: 'reasoning-details', details: result.reasoningDetails };
  }
  if (result.content) yield { type: 'text-delta', delta: result.content };
  if (result.refusal) yield { type: 'refusal-delta', delta: result.refusal };
  for (const [index, call] of result.toolCalls.entries()) {
    yield { type: 'tool-call-delta', index, id: call.id, name: call.name, argumentsDelta: call.arguments };
  }
  const finish: Extract<StreamPart, { type: 'finish' }> = {
    type: 'finish',
    finishReason: result.finishReason,
    nativeFinishReason: result.nativeFinishReason,
  };
  if (result.usage !== undefined) finish.usage = result.usage;
  yield finish;
}
