import { PAID_MODEL } from './cluster-config.js';
import { postJson } from './send-request.js';

export interface ChatLoadResult {
  statuses: number[];
  /** X-Generation-Id of every 200. */
  generationIds: string[];
}

export interface ChatLoadOptions {
  baseUrl: string;
  apiKey: string;
  /** How many requests, all sent at once, each on its own connection. */
  requests: number;
  model?: string;
  /** Tokens a completion may take at most (the worst case each request reserves). */
  maxTokens?: number;
}

/** One chat completion per request, all in flight together: e.g. 400 against one key limit. */
export async function sendConcurrentChats(options: ChatLoadOptions): Promise<ChatLoadResult> {
  const answers = await Promise.all(Array.from({ length: options.requests }, (_, index) => chat(options, index)));
  return {
    statuses: answers.map((answer) => answer.status),
    generationIds: answers.filter((answer) => answer.status === 200).map((answer) => answer.generationId),
  };
}

export interface ChatAnswer {
  status: number;
  /** X-Generation-Id ('' when absent). */
  generationId: string;
  /** `error.metadata.reason` of an error answer. */
  reason: string | undefined;
  retryAfter: string | undefined;
  body: string;
}

/** One non-streamed chat completion; its status, X-Generation-Id and, for an error, its reason. */
export async function chat(options: Omit<ChatLoadOptions, 'requests'>, index: number): Promise<ChatAnswer> {
  const answer = await postJson(`${options.baseUrl}/api/v1/chat/completions`, options.apiKey, {
    model: options.model ?? PAID_MODEL,
    messages: [{ role: 'user', content: `Question ${index}` }],
    max_tokens: options.maxTokens ?? 10,
  });
  const header = answer.headers['x-generation-id'];
  const retryAfter = answer.headers['retry-after'];
  return {
    status: answer.status,
    generationId: typeof header === 'string' ? header : '',
    reason: answer.status === 200 ? undefined : errorReason(answer.body),
    retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
    body: answer.body,
  };
}

function errorReason(body: string): string | undefined {
  try {
    const reason = (JSON.parse(body) as { error?: { metadata?: { reason?: unknown } } }).error?.metadata?.reason;
    return typeof reason === 'string' ? reason : undefined;
  } catch {
    return undefined;
  }
}
