/**
 * Token usage as reported by the upstream (or counted by us when it reports none).
 * `promptTokens` includes cached reads and cache writes; the details split them out, because
 * they are priced at their own rates.
 */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens read from the provider's cache. */
  cachedTokens?: number;
  /** Prompt tokens written to the provider's cache. */
  cacheWriteTokens?: number;
  /** Completion tokens spent on reasoning (included in completionTokens). */
  reasoningTokens?: number;
  /** Number of images in the prompt, priced per image. */
  promptImages?: number;
  /** True when we counted the tokens ourselves because the upstream gave none. */
  estimated?: boolean;
}
