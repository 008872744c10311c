/**
 * The closed vocabularies of OpenRouter's spec (S:Quantization, S:Parameter, S:InputModality,
 * S:OutputModality). Config values outside them would make /models and /endpoints answers
 * invalid against the spec, so the config is checked against them.
 */
export const QUANTIZATIONS = ['int4', 'int8', 'fp4', 'mxfp4', 'nvfp4', 'fp6', 'fp8', 'mxfp8', 'fp16', 'bf16', 'fp32', 'unknown'] as const;

export const PARAMETERS = [
  'temperature', 'top_p', 'top_k', 'min_p', 'top_a', 'frequency_penalty', 'presence_penalty', 'repetition_penalty',
  'max_tokens', 'max_completion_tokens', 'logit_bias', 'logprobs', 'top_logprobs', 'prediction', 'seed',
  'response_format', 'structured_outputs', 'stop', 'tools', 'tool_choice', 'parallel_tool_calls', 'include_reasoning',
  'reasoning', 'reasoning_effort', 'web_search_options', 'verbosity',
] as const;

export const INPUT_MODALITIES = ['text', 'image', 'file', 'audio', 'video'] as const;

export const OUTPUT_MODALITIES = ['text', 'image', 'embeddings', 'audio', 'video', 'rerank', 'speech', 'transcription'] as const;
