import type { ChatRequest, FunctionTool, ReasoningOptions, ResponseFormat, SamplingParameters, ToolChoice } from '../../spec/chat-request.js';
import type { Endpoint } from '../../catalog/catalog-types.js';
import { convertToOpenAIMessages } from './convert-to-openai-messages.js';

/** Where to POST (relative to the provider's base URL) and the JSON body to send. */
export interface OpenAIRequestPlan {
  path: '/chat/completions' | '/completions';
  body: Record<string, unknown>;
}

/** Sampling parameters shared by chat and legacy completions: IR name → wire name. */
const SAMPLING_FIELDS: readonly (readonly [keyof SamplingParameters, string])[] = [
  ['temperature', 'temperature'],
  ['topP', 'top_p'],
  ['topK', 'top_k'],
  ['minP', 'min_p'],
  ['topA', 'top_a'],
  ['frequencyPenalty', 'frequency_penalty'],
  ['presencePenalty', 'presence_penalty'],
  ['repetitionPenalty', 'repetition_penalty'],
  ['seed', 'seed'],
  ['stop', 'stop'],
  ['logitBias', 'logit_bias'],
];

/**
 * Builds the upstream request for one call: chat requests go to `/chat/completions`, legacy
 * `text` requests to `/completions` with `prompt`. Only parameters present in the IR are
 * sent (never defaulted). Then the client's passthrough fields fill gaps (they never
 * override ours), the provider's `extraBody` is merged over everything (operator config
 * wins), and the provider's `dropParameters` are removed last.
 */
export function convertToOpenAIRequest(request: ChatRequest, endpoint: Endpoint, stream: boolean): OpenAIRequestPlan {
  const options = endpoint.provider.openai;
  const isText = request.kind === 'text';
  const body: Record<string, unknown> = isText ? buildTextBody(request, endpoint) : buildChatBody(request, endpoint);

  if (stream) {
    body.stream = true;
    if (options.streamUsage) body.stream_options = { include_usage: true };
  } else {
    // Explicit, so that no passthrough or server default can turn the answer into SSE.
    body.stream = false;
  }

  for (const [key, value] of Object.entries(request.passthrough)) {
    if (isSafeKey(key) && !Object.hasOwn(body, key)) body[key] = value;
  }
  for (const [key, value] of Object.entries(options.extraBody)) {
    if (isSafeKey(key)) body[key] = value;
  }
  for (const key of options.dropParameters) delete body[key];

  return { path: isText ? '/completions' : '/chat/completions', body };
}

function buildChatBody(request: ChatRequest, endpoint: Endpoint): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: endpoint.upstreamModel,
    messages: convertToOpenAIMessages(request.messages),
  };
  if (request.maxTokens !== undefined) body[endpoint.provider.openai.maxTokensField] = request.maxTokens;
  copySampling(request, body);
  if (request.logprobs !== undefined) body.logprobs = request.logprobs;
  if (request.topLogprobs !== undefined) body.top_logprobs = request.topLogprobs;
  // An empty `tools` array is rejected by OpenAI ("[] is too short"), and means no tools anyway.
  if (request.tools !== undefined && request.tools.length > 0) body.tools = request.tools.map(convertTool);
  if (request.toolChoice !== undefined) body.tool_choice = convertToolChoice(request.toolChoice);
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  if (request.responseFormat !== undefined) body.response_format = convertResponseFormat(request.responseFormat);
  if (request.reasoning !== undefined) body.reasoning = convertReasoning(request.reasoning);
  if (request.user !== undefined) body.user = request.user;
  return body;
}

/**
 * Legacy completions: `max_tokens` is the only limit field `/completions` knows (OpenAI never
 * added `max_completion_tokens` there), and `logprobs` is an integer count of alternatives
 * (0 = only the sampled token), so the IR's boolean plus `topLogprobs` fold into it.
 */
function buildTextBody(request: ChatRequest, endpoint: Endpoint): Record<string, unknown> {
  const body: Record<string, unknown> = { model: endpoint.upstreamModel, prompt: request.prompt ?? promptFromMessages(request) };
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  copySampling(request, body);
  if (request.logprobs === true) body.logprobs = request.topLogprobs ?? 0;
  else if (request.logprobs === undefined && request.topLogprobs !== undefined) body.logprobs = request.topLogprobs;
  if (request.user !== undefined) body.user = request.user;
  return body;
}

function promptFromMessages(request: ChatRequest): string {
  const texts: string[] = [];
  for (const message of request.messages) {
    for (const part of message.content) if (part.type === 'text') texts.push(part.text);
  }
  return texts.join('\n\n');
}

function copySampling(request: ChatRequest, body: Record<string, unknown>): void {
  for (const [irName, wireName] of SAMPLING_FIELDS) {
    const value = request[irName];
    if (value !== undefined) body[wireName] = value;
  }
}

function convertTool(tool: FunctionTool): { type: 'function'; function: Record<string, unknown> } {
  const definition: Record<string, unknown> = { name: tool.name };
  if (tool.description !== undefined) definition.description = tool.description;
  if (tool.parameters !== undefined) definition.parameters = tool.parameters;
  if (tool.strict !== undefined) definition.strict = tool.strict;
  return { type: 'function', function: definition };
}

function convertToolChoice(choice: ToolChoice): string | { type: 'function'; function: { name: string } } {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function convertResponseFormat(format: ResponseFormat): Record<string, unknown> {
  if (format.type !== 'json_schema') return { type: format.type };
  const schema: Record<string, unknown> = { name: format.name };
  if (format.schema !== undefined) schema.schema = format.schema;
  if (format.strict !== undefined) schema.strict = format.strict;
  if (format.description !== undefined) schema.description = format.description;
  return { type: 'json_schema', json_schema: schema };
}

function convertReasoning(reasoning: ReasoningOptions): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  if (reasoning.effort !== undefined) wire.effort = reasoning.effort;
  if (reasoning.maxTokens !== undefined) wire.max_tokens = reasoning.maxTokens;
  if (reasoning.exclude !== undefined) wire.exclude = reasoning.exclude;
  if (reasoning.enabled !== undefined) wire.enabled = reasoning.enabled;
  return wire;
}

/** Keys from config or clients must not reach the object's prototype. */
function isSafeKey(key: string): boolean {
  return key !== '__proto__' && key !== 'constructor' && key !== 'prototype';
}
