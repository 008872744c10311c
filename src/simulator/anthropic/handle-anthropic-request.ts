import type { IncomingMessage, ServerResponse } from 'node:http';
import { rejectBeforeAnswer } from '../check-request-access.js';
import { countTextTokens } from '../count-tokens.js';
import { deliverAnswer } from '../deliver-answer.js';
import { planChatCompletion } from '../plan-completion.js';
import { readRequestOverrides } from '../request-overrides.js';
import { nextResponseId, type SimulatorContext } from '../simulator-context.js';
import { definedBehaviour, type SimulatorBehaviour } from '../simulator-options.js';
import { anthropicMessageShape } from './anthropic-message-shape.js';
import { composeThinking } from './compose-thinking.js';
import { readAnthropicRequest } from './read-anthropic-request.js';
import { ANTHROPIC_ACCESS, sendAnthropicError } from './send-anthropic-error.js';
import { signThinking } from './thinking-signature.js';

/**
 * `POST /v1/messages`, the Anthropic Messages API: the same failure injection, pacing and
 * answers as the OpenAI endpoints, with Anthropic's authentication (`x-api-key`), its
 * required `anthropic-version` header, its request checks and error bodies, and signed
 * thinking when the request enables it.
 */
export function handleAnthropicRequest(context: SimulatorContext, request: IncomingMessage, response: ServerResponse, body: unknown, isJson: boolean): void {
  const overrides = readRequestOverrides(request.headers);
  const requestedModel = typeof body === 'object' && body !== null && 'model' in body ? String(body.model) : '';
  const behaviour: SimulatorBehaviour = {
    ...context.behaviour,
    ...definedBehaviour(context.options.modelOverrides?.[requestedModel] ?? {}),
    ...overrides.behaviour,
  };
  if (rejectBeforeAnswer(context, request, response, overrides, behaviour, ANTHROPIC_ACCESS)) return;
  if (request.headers['anthropic-version'] === undefined) {
    sendAnthropicError(response, 400, 'anthropic-version: header is required');
    return;
  }
  if (!isJson) {
    sendAnthropicError(response, 400, 'There was an issue with your request body: it is not valid JSON.');
    return;
  }
  const read = readAnthropicRequest(body);
  if (!read.ok) {
    sendAnthropicError(response, 400, read.message);
    return;
  }
  const served = context.options.models ?? [];
  if (served.length > 0 && !served.includes(read.body.model)) {
    sendAnthropicError(response, 404, `model: ${read.body.model}`);
    return;
  }
  const plan = planChatCompletion(read.chat);
  const contextLength = context.options.contextLength;
  if (contextLength !== undefined && plan.promptTokens + read.body.max_tokens > contextLength) {
    sendAnthropicError(response, 400, `prompt is too long: ${plan.promptTokens + read.body.max_tokens} tokens > ${contextLength} maximum`);
    return;
  }

  let thinking: { text: string; signature: string } | null = null;
  if (read.body.thinking?.type === 'enabled') {
    const text = composeThinking(read.chat, plan.toolCall?.name ?? null);
    thinking = { text, signature: signThinking(text) };
    // Thinking is billed as output, like the answer.
    plan.completionTokens += countTextTokens(text);
  }
  const stream = read.body.stream === true;
  const shape = anthropicMessageShape({ id: nextResponseId(context, 'msg').replace('-', '_'), model: read.body.model, thinking });
  const randomFailure = stream && context.random() < behaviour.failMidStreamRate;
  deliverAnswer(context, response, {
    plan,
    shape,
    behaviour,
    stream,
    includeUsage: false,
    failMidStream: overrides.failMidStream ?? (randomFailure ? behaviour.failMidStreamMode : null),
  });
}
