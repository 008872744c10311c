import type { ChatRequest, FunctionTool, ToolChoice } from '../../spec/chat-request.js';
import type { Endpoint } from '../../catalog/catalog-types.js';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';
import { planAnthropicThinking } from './plan-anthropic-thinking.js';

/** Used when neither the client, the endpoint nor the provider config gives a limit. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/** With thinking on, top_p may only be set between these (extended-thinking docs, "Feature compatibility"). */
const THINKING_TOP_P_MINIMUM = 0.95;

/**
 * The JSON body of `POST /v1/messages` for one request
 * (https://docs.anthropic.com/en/api/messages). Only what the client sent is translated,
 * except `max_tokens`, which the API requires: the client's, else the endpoint's
 * max_completion_tokens, else the provider's `anthropic.default_max_tokens`.
 * Parameters Anthropic has no equivalent for (penalties, seed, logprobs, logit_bias) and the
 * client's passthrough fields are not sent: unknown fields are a 400 there.
 */
export function convertToAnthropicRequest(request: ChatRequest, endpoint: Endpoint, stream: boolean): Record<string, unknown> {
  const conversation = convertToAnthropicMessages(request.messages);
  const defaultMaxTokens = endpoint.provider.anthropic?.defaultMaxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS;
  const requestedMaxTokens = request.maxTokens ?? endpoint.maxCompletionTokens ?? defaultMaxTokens;
  const forcedTool = request.toolChoice === 'required' || typeof request.toolChoice === 'object';
  // Anthropic rejects thinking together with a forced tool choice; the forced call is the
  // more specific instruction, so it wins and thinking is left off.
  const thinking = forcedTool ? { maxTokens: requestedMaxTokens } : planAnthropicThinking(request.reasoning, requestedMaxTokens, endpoint.maxCompletionTokens);

  const body: Record<string, unknown> = { model: endpoint.upstreamModel, max_tokens: thinking.maxTokens };
  if (conversation.system !== undefined) body.system = conversation.system;
  body.messages = conversation.messages;
  if (thinking.budgetTokens !== undefined) body.thinking = { type: 'enabled', budget_tokens: thinking.budgetTokens };
  copySampling(request, body, thinking.budgetTokens !== undefined);
  if (request.stop !== undefined && request.stop.length > 0) body.stop_sequences = request.stop;

  const tools = request.tools ?? [];
  if (tools.length > 0) {
    body.tools = tools.map(convertTool);
    const toolChoice = convertToolChoice(request.toolChoice, request.parallelToolCalls);
    if (toolChoice !== undefined) body.tool_choice = toolChoice;
  }
  if (request.responseFormat?.type === 'json_schema' && request.responseFormat.schema !== undefined) {
    // Structured outputs (https://docs.anthropic.com/en/docs/build-with-claude/structured-outputs).
    body.output_config = { format: { type: 'json_schema', schema: request.responseFormat.schema } };
  }
  if (request.cacheControl !== undefined) body.cache_control = { ...request.cacheControl };
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  body.stream = stream;
  return body;
}

/**
 * temperature, top_p and top_k as given; with thinking on, Anthropic accepts neither a
 * temperature nor top_k, and top_p only from 0.95 to 1, so those are left out.
 */
function copySampling(request: ChatRequest, body: Record<string, unknown>, thinking: boolean): void {
  if (!thinking) {
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.topK !== undefined) body.top_k = request.topK;
    return;
  }
  if (request.topP !== undefined && request.topP >= THINKING_TOP_P_MINIMUM) body.top_p = request.topP;
}

function convertTool(tool: FunctionTool): Record<string, unknown> {
  const definition: Record<string, unknown> = { name: tool.name };
  if (tool.description !== undefined) definition.description = tool.description;
  // input_schema is required; a tool without parameters takes an empty object.
  definition.input_schema = tool.parameters ?? { type: 'object', properties: {} };
  if (tool.strict !== undefined) definition.strict = tool.strict;
  if (tool.cacheControl !== undefined) definition.cache_control = { ...tool.cacheControl };
  return definition;
}

/**
 * OpenAI's tool_choice as Anthropic's: auto → auto, none → none, required → any, a named
 * function → tool. `parallel_tool_calls: false` is Anthropic's `disable_parallel_tool_use`,
 * which lives on the tool_choice object (an `auto` one when the client gave no choice).
 */
function convertToolChoice(choice: ToolChoice | undefined, parallelToolCalls: boolean | undefined): Record<string, unknown> | undefined {
  const disableParallel = parallelToolCalls === false;
  if (choice === 'none') return { type: 'none' };
  let converted: Record<string, unknown> | undefined;
  if (choice === 'auto') converted = { type: 'auto' };
  else if (choice === 'required') converted = { type: 'any' };
  else if (typeof choice === 'object') converted = { type: 'tool', name: choice.name };
  if (!disableParallel) return converted;
  return { ...(converted ?? { type: 'auto' }), disable_parallel_tool_use: true };
}
