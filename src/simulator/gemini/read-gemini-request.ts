import { z } from 'zod';
import { chatCompletionBodySchema, type ChatCompletionBody } from '../simulator-request-schemas.js';
import { isAcceptedSignature } from './simulator-thought-signature.js';

/**
 * The parts of a GenerateContentRequest the simulator acts on (loose objects: unknown fields
 * are ignored, wrong types are Google's 400 INVALID_ARGUMENT), turned into the chat form the
 * shared planner understands, plus what the Gemini wire needs on the way back.
 */

const partSchema = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  thoughtSignature: z.string().optional(),
  inlineData: z.looseObject({ mimeType: z.string(), data: z.string() }).optional(),
  fileData: z.looseObject({ fileUri: z.string(), mimeType: z.string().optional() }).optional(),
  functionCall: z.looseObject({ name: z.string().min(1), args: z.record(z.string(), z.unknown()).optional() }).optional(),
  functionResponse: z.looseObject({ name: z.string().min(1), response: z.record(z.string(), z.unknown()) }).optional(),
});

const contentSchema = z.looseObject({ role: z.enum(['user', 'model']).optional(), parts: z.array(partSchema).min(1) });

const requestSchema = z.looseObject({
  contents: z.array(contentSchema).min(1),
  systemInstruction: z.looseObject({ parts: z.array(partSchema) }).optional(),
  tools: z.array(z.looseObject({ functionDeclarations: z.array(z.looseObject({ name: z.string().min(1), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() })).optional() })).optional(),
  toolConfig: z.looseObject({ functionCallingConfig: z.looseObject({ mode: z.enum(['AUTO', 'ANY', 'NONE', 'VALIDATED']).optional(), allowedFunctionNames: z.array(z.string()).optional() }).optional() }).optional(),
  generationConfig: z
    .looseObject({
      maxOutputTokens: z.number().int().positive().optional(),
      stopSequences: z.array(z.string()).max(5).optional(),
      seed: z.number().int().optional(),
      responseMimeType: z.string().optional(),
      responseSchema: z.record(z.string(), z.unknown()).optional(),
      thinkingConfig: z.looseObject({ thinkingBudget: z.number().int().min(-1).optional(), includeThoughts: z.boolean().optional() }).optional(),
    })
    .optional(),
});

/** What the handler needs from a valid GenerateContentRequest. */
export interface GeminiSimulatorRequest {
  /** The request as a chat body, for the shared planner and token counter. */
  chat: ChatCompletionBody;
  /** The model thinks (a thinkingConfig with a non-zero budget). */
  thinking: boolean;
  /** Thought summaries are returned (includeThoughts). */
  includeThoughts: boolean;
}

export type GeminiRequestResult = { ok: true; request: GeminiSimulatorRequest } | { ok: false; message: string };

/** Validates a body like the Gemini API does (first problem wins) and converts it. */
export function readGeminiRequest(body: unknown, model: string): GeminiRequestResult {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'request';
    return { ok: false, message: `Invalid JSON payload received. ${path}: ${issue?.message ?? 'invalid value'}` };
  }
  const data = parsed.data;
  const thinkingConfig = data.generationConfig?.thinkingConfig;
  const thinking = thinkingConfig !== undefined && thinkingConfig.thinkingBudget !== 0;
  if (thinking) {
    const problem = findSignatureProblem(data.contents);
    if (problem !== null) return { ok: false, message: problem };
  }
  const chat = chatCompletionBodySchema.safeParse(toChatBody(data, model));
  if (!chat.success) return { ok: false, message: `Request contains an invalid argument: ${chat.error.issues[0]?.message ?? 'invalid value'}` };
  return { ok: true, request: { chat: chat.data, thinking, includeThoughts: thinking && thinkingConfig?.includeThoughts === true } };
}

type GeminiRequestBody = z.output<typeof requestSchema>;
type GeminiPartBody = z.output<typeof partSchema>;

/**
 * Gemini 3's rule for thinking models (https://ai.google.dev/gemini-api/docs/thought-signatures):
 * the first functionCall part of each model turn must carry the thoughtSignature the model
 * gave it, byte for byte (or Google's stand-in); the simulator refuses signatures it never issued.
 */
function findSignatureProblem(contents: GeminiRequestBody['contents']): string | null {
  for (const [index, content] of contents.entries()) {
    if (content.role !== 'model') continue;
    const firstCall = content.parts.find((part) => part.functionCall !== undefined);
    if (firstCall === undefined) continue;
    if (firstCall.thoughtSignature === undefined) {
      return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${firstCall.functionCall?.name ?? ''}\` , position ${index + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`;
    }
    if (!isAcceptedSignature(firstCall.thoughtSignature)) return `Corrupted thought signature at contents[${index}].`;
  }
  return null;
}

function toChatBody(data: GeminiRequestBody, model: string): Record<string, unknown> {
  const messages: Record<string, unknown>[] = [];
  const system = (data.systemInstruction?.parts ?? []).map((part) => part.text ?? '').join('\n');
  if (system !== '') messages.push({ role: 'system', content: system });
  for (const content of data.contents) {
    if (content.role === 'model') messages.push(modelMessage(content.parts));
    else messages.push(...userMessages(content.parts));
  }
  const config = data.generationConfig;
  const body: Record<string, unknown> = { model, messages };
  if (config?.maxOutputTokens !== undefined) body.max_tokens = config.maxOutputTokens;
  if (config?.stopSequences !== undefined) body.stop = config.stopSequences.slice(0, 4);
  if (config?.seed !== undefined) body.seed = config.seed;
  if (config?.responseMimeType === 'application/json') {
    body.response_format = config.responseSchema === undefined ? { type: 'json_object' } : { type: 'json_schema', json_schema: { name: 'response', schema: toJsonSchema(config.responseSchema) } };
  }
  const declarations = (data.tools ?? []).flatMap((tool) => tool.functionDeclarations ?? []);
  if (declarations.length > 0) {
    body.tools = declarations.map((declaration) => ({
      type: 'function',
      function: { name: declaration.name, ...(declaration.parameters === undefined ? {} : { parameters: toJsonSchema(declaration.parameters) }) },
    }));
    const calling = data.toolConfig?.functionCallingConfig;
    if (calling?.mode === 'NONE') body.tool_choice = 'none';
    else if (calling?.mode === 'ANY') {
      const only = calling.allowedFunctionNames?.[0];
      body.tool_choice = only === undefined ? 'required' : { type: 'function', function: { name: only } };
    }
  }
  return body;
}

/** User parts: text and media become one user message; each functionResponse a tool message. */
function userMessages(parts: GeminiPartBody[]): Record<string, unknown>[] {
  const messages: Record<string, unknown>[] = [];
  const content: Record<string, unknown>[] = [];
  for (const part of parts) {
    if (part.functionResponse !== undefined) {
      messages.push({ role: 'tool', tool_call_id: part.functionResponse.name, content: JSON.stringify(part.functionResponse.response) });
    } else if (part.text !== undefined) content.push({ type: 'text', text: part.text });
    else if (part.inlineData !== undefined || part.fileData !== undefined) content.push({ type: 'image_url', image_url: { url: 'gemini-media' } });
  }
  if (content.length > 0) messages.push({ role: 'user', content });
  return messages;
}

function modelMessage(parts: GeminiPartBody[]): Record<string, unknown> {
  const text = parts.filter((part) => part.thought !== true && part.text !== undefined).map((part) => part.text).join('');
  const calls = parts.flatMap((part) => (part.functionCall === undefined ? [] : [part.functionCall]));
  const message: Record<string, unknown> = { role: 'assistant', content: text };
  if (calls.length > 0) message.tool_calls = calls.map((call) => ({ id: call.name, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) } }));
  return message;
}

/** Gemini's Schema back to JSON Schema for the planner: its type names are upper case. */
function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) result[key] = key === 'type' && typeof entry === 'string' ? entry.toLowerCase() : toJsonSchema(entry);
  return result;
}
