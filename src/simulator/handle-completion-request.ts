import type { IncomingMessage, ServerResponse } from 'node:http';
import { chatCompletionShape, type ShapeContext } from './chat-completion-shape.js';
import { rejectBeforeAnswer } from './check-request-access.js';
import { deliverAnswer } from './deliver-answer.js';
import { legacyCompletionShape } from './legacy-completion-shape.js';
import { readCompletionRequest, type CompletionKind } from './read-completion-request.js';
import { readRequestOverrides } from './request-overrides.js';
import { sendOpenAIError } from './send-openai-error.js';
import { nextResponseId, type SimulatorContext } from './simulator-context.js';
import { definedBehaviour, type SimulatorBehaviour } from './simulator-options.js';

/**
 * `POST /v1/chat/completions` and `POST /v1/completions`: failure injection, body checks like a
 * real upstream's (400, 404 model, context length), then the planned answer at simulated speed.
 */
export function handleCompletionRequest(
  context: SimulatorContext,
  kind: CompletionKind,
  request: IncomingMessage,
  response: ServerResponse,
  body: unknown,
): void {
  const overrides = readRequestOverrides(request.headers);
  const requestedModel = typeof body === 'object' && body !== null && 'model' in body ? String(body.model) : '';
  const behaviour: SimulatorBehaviour = {
    ...context.behaviour,
    ...definedBehaviour(context.options.modelOverrides?.[requestedModel] ?? {}),
    ...overrides.behaviour,
  };
  if (rejectBeforeAnswer(context, request, response, overrides, behaviour)) return;

  const read = readCompletionRequest(kind, body);
  if (!read.ok) {
    sendOpenAIError(response, 400, { message: read.message, param: read.param });
    return;
  }
  const completion = read.request;
  const served = context.options.models ?? [];
  if (served.length > 0 && !served.includes(completion.model)) {
    sendOpenAIError(response, 404, {
      message: `The model \`${completion.model}\` does not exist or you do not have access to it.`,
      code: 'model_not_found',
    });
    return;
  }

  const plan = completion.plan();
  const contextLength = context.options.contextLength;
  const requested = plan.promptTokens + completion.completionLimit;
  if (contextLength !== undefined && requested > contextLength) {
    sendOpenAIError(response, 400, {
      message:
        `This model's maximum context length is ${contextLength} tokens. However, you requested ${requested} tokens ` +
        `(${plan.promptTokens} in the messages, ${completion.completionLimit} in the completion). ` +
        'Please reduce the length of the messages or completion.',
      param: 'messages',
      code: 'context_length_exceeded',
    });
    return;
  }

  const shapeContext: ShapeContext = {
    id: nextResponseId(context, kind === 'chat' ? 'chatcmpl' : 'cmpl'),
    created: Math.floor(Date.now() / 1000),
    model: completion.model,
    includeUsage: completion.includeUsage,
  };
  const shape = kind === 'chat' ? chatCompletionShape(shapeContext) : legacyCompletionShape(shapeContext);
  const randomFailure = completion.stream && context.random() < behaviour.failMidStreamRate;
  deliverAnswer(context, response, {
    plan,
    shape,
    behaviour,
    stream: completion.stream,
    includeUsage: completion.includeUsage,
    failMidStream: overrides.failMidStream ?? (randomFailure ? behaviour.failMidStreamMode : null),
  });
}
