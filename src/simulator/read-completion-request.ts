import type { z } from 'zod';
import { planChatCompletion, planLegacyCompletion, type CompletionPlan } from './plan-completion.js';
import { chatCompletionBodySchema, legacyCompletionBodySchema } from './simulator-request-schemas.js';

/** The two generation endpoints and what differs between them. */
export type CompletionKind = 'chat' | 'legacy';

/** What the handler needs from a valid body, whichever endpoint it came to. */
export interface CompletionRequest {
  model: string;
  stream: boolean;
  includeUsage: boolean;
  /** max_completion_tokens or max_tokens, 0 when absent (for the context-length check). */
  completionLimit: number;
  /** Deferred: token counting is the expensive part, skipped for rejected requests. */
  plan: () => CompletionPlan;
}

/** A usable request, or the 400 message and offending parameter. */
export type CompletionRequestResult = { ok: true; request: CompletionRequest } | { ok: false; message: string; param: string | null };

/** Validates a chat or legacy body the way an OpenAI upstream does (first problem, as a 400). */
export function readCompletionRequest(kind: CompletionKind, body: unknown): CompletionRequestResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'We could not parse the JSON body of your request.', param: null };
  }
  if (kind === 'chat') {
    const result = chatCompletionBodySchema.safeParse(body);
    if (!result.success) return invalid(result.error);
    const data = result.data;
    return {
      ok: true,
      request: {
        model: data.model,
        stream: data.stream === true,
        includeUsage: data.stream_options?.include_usage === true,
        completionLimit: data.max_completion_tokens ?? data.max_tokens ?? 0,
        plan: () => planChatCompletion(data),
      },
    };
  }
  const result = legacyCompletionBodySchema.safeParse(body);
  if (!result.success) return invalid(result.error);
  const data = result.data;
  return {
    ok: true,
    request: {
      model: data.model,
      stream: data.stream === true,
      includeUsage: data.stream_options?.include_usage === true,
      completionLimit: data.max_tokens ?? 0,
      plan: () => planLegacyCompletion(data),
    },
  };
}

function invalid(error: z.ZodError): CompletionRequestResult {
  const issue = error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : null;
  return { ok: false, message: `Invalid value for '${param ?? 'body'}': ${issue?.message ?? 'invalid request'}`, param };
}
