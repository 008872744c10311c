/** One server-sent event; comments (keep-alive lines such as `: OPENROUTER PROCESSING`) never appear. */
export interface ServerSentEvent {
  /** The `event:` field, when the server named the event (Anthropic does; OpenAI does not). */
  event?: string | undefined;
  id?: string | undefined;
  data: string;
}
