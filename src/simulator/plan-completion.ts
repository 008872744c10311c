import { composeAnswer, composeToolFollowUp, promptTopic } from './compose-answer.js';
import { contentText, countPromptTokens, countTextTokens, truncateToTokens } from './count-tokens.js';
import { schemaExampleValue } from './schema-example-value.js';
import type { ChatCompletionBody, LegacyCompletionBody } from './simulator-request-schemas.js';

/** What the simulated model will answer, decided before any byte is sent. */
export interface CompletionPlan {
  /** Content text, or for a tool call its JSON arguments. */
  text: string;
  toolCall: { id: string; name: string } | null;
  finishReason: 'stop' | 'length' | 'tool_calls';
  promptTokens: number;
  completionTokens: number;
}

let toolCallCounter = 0;

/**
 * Plans a chat answer: a tool call when tools are offered and the user spoke last, JSON when a
 * JSON response format is asked for, otherwise prose; then `stop` and the token limit apply.
 */
export function planChatCompletion(body: ChatCompletionBody): CompletionPlan {
  const promptTokens = countPromptTokens(body.messages, body.tools);
  const last = body.messages[body.messages.length - 1];
  const lastUserText = contentText([...body.messages].reverse().find((message) => message.role === 'user')?.content);
  const seed = body.seed ?? 0;
  const limit = body.max_completion_tokens ?? body.max_tokens ?? null;

  const tool = chooseTool(body);
  if (tool && last?.role === 'user') {
    const argumentsText = JSON.stringify(schemaExampleValue(tool.parameters ?? {}, promptTopic(lastUserText)));
    const truncated = limit === null ? null : truncateToTokens(argumentsText, limit);
    const text = truncated ?? argumentsText;
    toolCallCounter += 1;
    return {
      text,
      toolCall: { id: `call_sim${toolCallCounter.toString(36).padStart(6, '0')}`, name: tool.name },
      finishReason: truncated === null ? 'tool_calls' : 'length',
      promptTokens,
      completionTokens: countTextTokens(tool.name) + countTextTokens(text),
    };
  }

  let answer: string;
  const format = body.response_format?.type;
  if (format === 'json_schema' || format === 'json_object') {
    answer = JSON.stringify(jsonAnswer(body, lastUserText, seed));
  } else if (last?.role === 'tool') {
    answer = composeToolFollowUp(contentText(last.content), seed);
  } else {
    answer = composeAnswer(lastUserText, seed);
  }
  return finishText(answer, body.stop, limit, promptTokens);
}

/** Plans a legacy `/v1/completions` answer: a continuation of the prompt. */
export function planLegacyCompletion(body: LegacyCompletionBody): CompletionPlan {
  const prompt = typeof body.prompt === 'string' ? body.prompt : body.prompt.join('\n');
  const answer = ` ${composeAnswer(prompt, body.seed ?? 0)}`;
  return finishText(answer, body.stop, body.max_tokens ?? null, countTextTokens(prompt));
}

function finishText(
  answer: string,
  stop: string | string[] | null | undefined,
  limit: number | null,
  promptTokens: number,
): CompletionPlan {
  let text = cutAtStop(answer, stop);
  let finishReason: CompletionPlan['finishReason'] = 'stop';
  if (limit !== null) {
    const truncated = truncateToTokens(text, limit);
    if (truncated !== null) {
      text = truncated;
      finishReason = 'length';
    }
  }
  return { text, toolCall: null, finishReason, promptTokens, completionTokens: countTextTokens(text) };
}

function cutAtStop(text: string, stop: string | string[] | null | undefined): string {
  const sequences = stop === null || stop === undefined ? [] : typeof stop === 'string' ? [stop] : stop;
  let end = text.length;
  for (const sequence of sequences) {
    if (sequence === '') continue;
    const index = text.indexOf(sequence);
    if (index !== -1 && index < end) end = index;
  }
  return text.slice(0, end);
}

function chooseTool(body: ChatCompletionBody): { name: string; parameters?: Record<string, unknown> } | null {
  const tools = body.tools ?? [];
  const choice = body.tool_choice;
  if (tools.length === 0 || choice === 'none') return null;
  if (typeof choice === 'object' && choice !== null) {
    return tools.find((tool) => tool.function.name === choice.function.name)?.function ?? null;
  }
  return tools[0]?.function ?? null;
}

function jsonAnswer(body: ChatCompletionBody, prompt: string, seed: number): unknown {
  const topic = promptTopic(prompt);
  const schema = body.response_format?.json_schema?.schema;
  if (body.response_format?.type === 'json_schema' && schema !== undefined) return schemaExampleValue(schema, topic);
  return { topic, answer: composeAnswer(prompt, seed), confidence: 0.82 };
}
