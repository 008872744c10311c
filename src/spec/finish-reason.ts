/** OpenRouter's normalised finish reasons (S:ChatFinishReasonEnum). */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error';
