import type { IncomingMessage, ServerResponse } from 'node:http';
import { rejectBeforeAnswer } from '../check-request-access.js';
import { promptTopic } from '../compose-answer.js';
import { contentText } from '../count-tokens.js';
import { deliverAnswer } from '../deliver-answer.js';
import { planChatCompletion } from '../plan-completion.js';
import { readRequestOverrides } from '../request-overrides.js';
import { nextResponseId, type SimulatorContext } from '../simulator-context.js';
import { definedBehaviour, type SimulatorBehaviour } from '../simulator-options.js';
import { GEMINI_ACCESS } from './gemini-access.js';
import { geminiAnswerShape } from './gemini-answer-shape.js';
import { readGeminiRequest } from './read-gemini-request.js';
import { sendGeminiError } from './send-gemini-error.js';

/** `/v1beta/models/{model}:generateContent` and `:streamGenerateContent`. */
const ROUTE = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** The Gemini route a path names, or null when it is not one. */
export function matchGeminiRoute(path: string): { model: string; stream: boolean } | null {
  const match = ROUTE.exec(path);
  if (match === null) return null;
  return { model: decodeURIComponent(match[1] as string), stream: match[2] === 'streamGenerateContent' };
}

/**
 * The simulated Gemini API (Google AI Studio, v1beta): the same failure injection, speed and
 * answers as the OpenAI wire, with Google's request checks (x-goog-api-key, contents, thought
 * signatures on function calls when thinking), responses, SSE chunks and error bodies.
 */
export function handleGeminiRequest(
  context: SimulatorContext,
  route: { model: string; stream: boolean },
  request: IncomingMessage,
  response: ServerResponse,
  body: { value: unknown; isJson: boolean },
): void {
  const overrides = readRequestOverrides(request.headers);
  const behaviour: SimulatorBehaviour = {
    ...context.behaviour,
    ...definedBehaviour(context.options.modelOverrides?.[route.model] ?? {}),
    ...overrides.behaviour,
  };
  if (rejectBeforeAnswer(context, request, response, overrides, behaviour, GEMINI_ACCESS)) return;
  if (!body.isJson) {
    sendGeminiError(response, 400, 'Invalid JSON payload received.', behaviour.retryAfterSeconds);
    return;
  }
  const served = context.options.models ?? [];
  if (served.length > 0 && !served.includes(route.model)) {
    sendGeminiError(response, 404, `models/${route.model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`, behaviour.retryAfterSeconds);
    return;
  }
  if (route.stream && new URL(request.url ?? '/', 'http://simulator').searchParams.get('alt') !== 'sse') {
    // Without alt=sse Google streams one JSON array; the simulator only speaks the SSE form.
    sendGeminiError(response, 400, 'The simulator streams with alt=sse only.', behaviour.retryAfterSeconds);
    return;
  }
  const read = readGeminiRequest(body.value, route.model);
  if (!read.ok) {
    sendGeminiError(response, 400, read.message, behaviour.retryAfterSeconds);
    return;
  }
  const { chat, thinking, includeThoughts } = read.request;
  const plan = planChatCompletion(chat);
  const contextLength = context.options.contextLength;
  if (contextLength !== undefined && plan.promptTokens + (chat.max_tokens ?? 0) > contextLength) {
    sendGeminiError(response, 400, `The input token count (${plan.promptTokens}) exceeds the maximum number of tokens allowed (${contextLength}).`, behaviour.retryAfterSeconds);
    return;
  }
  const lastUserText = contentText([...chat.messages].reverse().find((message) => message.role === 'user')?.content);
  const shape = geminiAnswerShape({
    responseId: nextResponseId(context, 'gemini'),
    model: route.model,
    thinking,
    thought: includeThoughts ? thoughtSummary(lastUserText, plan.toolCall?.name) : null,
  });
  const randomFailure = route.stream && context.random() < behaviour.failMidStreamRate;
  deliverAnswer(context, response, {
    plan,
    shape,
    behaviour,
    stream: route.stream,
    includeUsage: true,
    failMidStream: overrides.failMidStream ?? (randomFailure ? behaviour.failMidStreamMode : null),
  });
}

/** A short, deterministic thought summary in the style Gemini returns with includeThoughts. */
function thoughtSummary(prompt: string, toolName: string | undefined): string {
  const topic = promptTopic(prompt);
  const plan = toolName === undefined ? 'I will answer directly and concisely.' : `I will call ${toolName} to get the facts first.`;
  return `**Considering ${topic}**\n\nThe user is asking about ${topic}. ${plan}`;
}
