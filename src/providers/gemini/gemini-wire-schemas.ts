import { z } from 'zod';

/**
 * What the Gemini API (v1beta, Google AI Studio) answers, as zod schemas: the
 * GenerateContentResponse of `:generateContent`, which is also the shape of every chunk of
 * `:streamGenerateContent?alt=sse` (https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse).
 * Lenient where fields are optional in the reference, strict where we depend on a type;
 * unknown fields (safetyRatings, citationMetadata, groundingMetadata…) are ignored.
 */

const tokenCount = z.number().int().nonnegative();

/** One Part of a candidate's content. Only the kinds the gateway reads are modelled. */
export const geminiPartSchema = z.object({
  text: z.string().optional(),
  /** True on a thought summary part (thinkingConfig.includeThoughts). */
  thought: z.boolean().optional(),
  /** Opaque signature to send back on the same part next turn. */
  thoughtSignature: z.string().optional(),
  functionCall: z
    .object({
      id: z.string().optional(),
      name: z.string(),
      args: z.record(z.string(), z.unknown()).nullish(),
    })
    .optional(),
});
export type GeminiPart = z.infer<typeof geminiPartSchema>;

const candidateSchema = z.object({
  content: z.object({ role: z.string().optional(), parts: z.array(geminiPartSchema).optional() }).optional(),
  finishReason: z.string().optional(),
  finishMessage: z.string().optional(),
  index: z.number().int().optional(),
});
export type GeminiCandidate = z.infer<typeof candidateSchema>;

export const geminiUsageSchema = z.object({
  promptTokenCount: tokenCount.optional(),
  candidatesTokenCount: tokenCount.optional(),
  totalTokenCount: tokenCount.optional(),
  thoughtsTokenCount: tokenCount.optional(),
  cachedContentTokenCount: tokenCount.optional(),
  toolUsePromptTokenCount: tokenCount.optional(),
});
export type GeminiUsage = z.infer<typeof geminiUsageSchema>;

export const geminiResponseSchema = z.object({
  candidates: z.array(candidateSchema).optional(),
  promptFeedback: z.object({ blockReason: z.string().optional(), blockReasonMessage: z.string().optional() }).optional(),
  usageMetadata: geminiUsageSchema.optional(),
  modelVersion: z.string().optional(),
  responseId: z.string().optional(),
});
export type GeminiResponse = z.infer<typeof geminiResponseSchema>;

/**
 * Google's error envelope (https://ai.google.dev/gemini-api/docs/troubleshooting):
 * `{"error":{"code":429,"message","status":"RESOURCE_EXHAUSTED","details":[…]}}`, where
 * `details` may hold a google.rpc.ErrorInfo (`reason: "API_KEY_INVALID"`) and a
 * google.rpc.RetryInfo (`retryDelay: "7s"`).
 */
export const geminiErrorBodySchema = z.object({
  error: z.object({
    code: z.number().int().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    details: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
});
export type GeminiErrorBody = z.infer<typeof geminiErrorBodySchema>;
