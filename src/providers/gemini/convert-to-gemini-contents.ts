import { GatewayError } from '../../spec/errors.js';
import type { AssistantMessage, Message, ReasoningDetail, ToolCall, ToolMessage } from '../../spec/chat-request.js';
import { convertImageToGeminiPart } from './convert-image-to-gemini-part.js';
import type { GeminiMediaPart } from './convert-image-to-gemini-part.js';
import { GEMINI_REASONING_FORMAT } from './gemini-reasoning-details.js';

/** Google's documented stand-in signature for function calls the model did not produce. */
export const FOREIGN_CALL_SIGNATURE = 'skip_thought_signature_validator';

/** A request Part as the gateway sends it. */
export type GeminiRequestPart =
  | { text: string; thoughtSignature?: string }
  | GeminiMediaPart
  | { functionCall: { name: string; args: Record<string, unknown> }; thoughtSignature?: string }
  | { functionResponse: { name: string; response: Record<string, unknown> } };

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiRequestPart[];
}

export interface GeminiConversation {
  systemInstruction?: { parts: { text: string }[] };
  contents: GeminiContent[];
}

/**
 * IR messages as Gemini `contents` (https://ai.google.dev/api/generate-content#v1beta.Content):
 * - system messages, wherever they are, become `systemInstruction` (Gemini has no system role);
 * - assistant → role `model`: text, then one `functionCall` part per tool call. The call's
 *   `thoughtSignature` (kept in reasoningDetails, format google-gemini-v1, `id` = the tool
 *   call's id) goes back on that same part, as Gemini requires for multi-turn tool use; a
 *   signature without an id goes back on the text part (or the first unsigned part when the
 *   message has no text); a first call with no signature at all gets Google's stand-in
 *   (FOREIGN_CALL_SIGNATURE). Thought text is not sent back;
 * - tool → a `functionResponse` part in a `user` content. Gemini matches responses to calls by
 *   function name, so the name is found through the tool message's toolCallId: the earlier
 *   assistant tool call with that id. Consecutive same-role contents are merged, which puts
 *   parallel calls' responses in one content as Gemini expects.
 * Tool call ids are never sent: ours are synthesised and Gemini does not need them.
 */
export function convertToGeminiContents(messages: readonly Message[]): GeminiConversation {
  const system: { text: string }[] = [];
  const contents: GeminiContent[] = [];
  const toolNames = new Map<string, string>();

  for (const [index, message] of messages.entries()) {
    const location = `messages[${index}]`;
    switch (message.role) {
      case 'system':
        for (const part of message.content) system.push({ text: part.text });
        break;
      case 'user': {
        const parts: GeminiRequestPart[] = message.content.map((part, partIndex) =>
          part.type === 'text' ? { text: part.text } : convertImageToGeminiPart(part, `${location}.content[${partIndex}]`),
        );
        append(contents, 'user', parts);
        break;
      }
      case 'assistant':
        for (const call of message.toolCalls) toolNames.set(call.id, call.name);
        append(contents, 'model', convertAssistantParts(message, location));
        break;
      case 'tool':
        append(contents, 'user', [convertToolResult(message, toolNames, location)]);
        break;
    }
  }
  const conversation: GeminiConversation = { contents };
  if (system.length > 0) conversation.systemInstruction = { parts: system };
  return conversation;
}

/** Adds parts as a new content, or to the previous one when it has the same role. */
function append(contents: GeminiContent[], role: GeminiContent['role'], parts: GeminiRequestPart[]): void {
  // Gemini rejects a content without parts ("contents.parts must not be empty").
  if (parts.length === 0) return;
  const last = contents.at(-1);
  if (last !== undefined && last.role === role) last.parts.push(...parts);
  else contents.push({ role, parts });
}

function convertAssistantParts(message: AssistantMessage, location: string): GeminiRequestPart[] {
  const signatures = readSignatures(message.reasoningDetails);
  const parts: GeminiRequestPart[] = [];
  const text = message.content.map((part) => part.text).join('');
  if (text !== '') parts.push({ text });
  for (const [callIndex, call] of message.toolCalls.entries()) {
    const part: GeminiRequestPart = { functionCall: { name: call.name, args: parseArguments(call, `${location}.tool_calls[${callIndex}]`) } };
    const signature = signatures.get(call.id);
    if (signature !== undefined) part.thoughtSignature = signature;
    parts.push(part);
  }
  // A text part's signature goes back on the text; when the client dropped the text, on the
  // first part that has none of its own, so it still reaches Gemini.
  const textSignature = signatures.get(undefined);
  const unsigned = parts.find((part) => !('thoughtSignature' in part) && ('text' in part || 'functionCall' in part));
  if (textSignature !== undefined && unsigned !== undefined) (unsigned as { thoughtSignature?: string }).thoughtSignature = textSignature;
  // Gemini 3 refuses (400) a turn whose first functionCall has no signature. Calls the client sent
  // back without their reasoning_details, or that another model made, get the sentinel Google
  // documents for history the model did not produce (thought-signatures guide, FAQ).
  const firstCall = parts.find((part) => 'functionCall' in part);
  if (firstCall !== undefined && !('thoughtSignature' in firstCall)) (firstCall as { thoughtSignature?: string }).thoughtSignature = FOREIGN_CALL_SIGNATURE;
  return parts;
}

/** Signatures by the tool call id they belong to (undefined: a text part's signature). */
function readSignatures(details: readonly ReasoningDetail[] | undefined): Map<string | undefined, string> {
  const signatures = new Map<string | undefined, string>();
  for (const detail of details ?? []) {
    // Other providers' encrypted reasoning means nothing to Gemini and would be rejected.
    if (detail.type !== 'reasoning.encrypted' || detail.format !== GEMINI_REASONING_FORMAT || !detail.data) continue;
    const id = detail.id ?? undefined;
    if (!signatures.has(id)) signatures.set(id, detail.data);
  }
  return signatures;
}

/** Gemini wants `args` as an object; the IR holds the model's JSON text. */
function parseArguments(call: ToolCall, location: string): Record<string, unknown> {
  if (call.arguments.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(call.arguments);
  } catch {
    throw new GatewayError('bad_request', `${location}.function.arguments is not valid JSON`, { metadata: { param: `${location}.function.arguments` } });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new GatewayError('bad_request', `${location}.function.arguments must be a JSON object`, { metadata: { param: `${location}.function.arguments` } });
  }
  return parsed as Record<string, unknown>;
}

/**
 * `functionResponse.response` is a JSON object; Gemini's docs suggest `output` (or `error`)
 * for a plain result. A tool result that is a JSON object is sent as that object, anything
 * else as `{"output": "<text>"}`.
 */
function convertToolResult(message: ToolMessage, toolNames: ReadonlyMap<string, string>, location: string): GeminiRequestPart {
  const name = toolNames.get(message.toolCallId);
  if (name === undefined) {
    throw new GatewayError(
      'bad_request',
      `${location}: tool_call_id "${message.toolCallId}" matches no tool call of an earlier assistant message (Gemini needs the function's name)`,
      { metadata: { param: `${location}.tool_call_id` } },
    );
  }
  const text = message.content.map((part) => part.text).join('');
  return { functionResponse: { name, response: responseObject(text) } };
}

function responseObject(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Not JSON: the text is the output.
  }
  return { output: text };
}
