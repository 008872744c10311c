import { promptTopic } from '../compose-answer.js';
import type { ChatCompletionBody } from '../simulator-request-schemas.js';
import { contentText } from '../count-tokens.js';

/**
 * The simulated model's thinking before it answers: deterministic, and about what it is
 * about to do (call a tool, use a tool's result, or answer), so a demo shows something sensible.
 */
export function composeThinking(chat: ChatCompletionBody, toolName: string | null): string {
  const last = chat.messages.at(-1);
  if (last?.role === 'tool') return 'The tool returned its result. I will summarise it for the user.';
  const lastUser = [...chat.messages].reverse().find((message) => message.role === 'user');
  const topic = promptTopic(contentText(lastUser?.content));
  if (toolName !== null) return `The user asks about ${topic}. I should call ${toolName} to get current data before answering.`;
  return `The user asks about ${topic}. I will answer briefly and clearly.`;
}
