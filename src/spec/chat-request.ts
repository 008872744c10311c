/**
 * The internal request form (IR): what every inbound codec produces and every provider
 * adapter consumes. Field names are our own (camelCase); wire names live in the codecs and
 * adapters. Absent optional fields mean "not sent by the client" and must stay absent
 * upstream: OpenRouter omits unset sampling parameters rather than defaulting them.
 */

/** Anthropic-style prompt-cache breakpoint, carried on parts and at the top level. */
export interface CacheControl {
  type: 'ephemeral';
  ttl?: string;
}

export interface TextPart {
  type: 'text';
  text: string;
  cacheControl?: CacheControl;
}

/** An image by URL; `url` may be a `data:` URL carrying base64 bytes. */
export interface ImagePart {
  type: 'image';
  url: string;
  detail?: 'auto' | 'low' | 'high';
  cacheControl?: CacheControl;
}

export type UserContentPart = TextPart | ImagePart;

/**
 * Provider-signed reasoning, passed back unchanged on later assistant turns. The shape
 * follows OpenRouter's `reasoning_details` entries; `format` says which provider can read it.
 */
export interface ReasoningDetail {
  type: 'reasoning.text' | 'reasoning.summary' | 'reasoning.encrypted';
  text?: string;
  summary?: string;
  data?: string;
  signature?: string | null;
  id?: string | null;
  format?: string;
  index?: number;
}

export interface ToolCall {
  id: string;
  name: string;
  /** The JSON text of the arguments exactly as the model produced it. */
  arguments: string;
}

export interface SystemMessage {
  role: 'system';
  content: TextPart[];
  name?: string;
}

export interface UserMessage {
  role: 'user';
  content: UserContentPart[];
  name?: string;
}

export interface AssistantMessage {
  role: 'assistant';
  content: TextPart[];
  toolCalls: ToolCall[];
  reasoning?: string;
  reasoningDetails?: ReasoningDetail[];
  refusal?: string;
  name?: string;
}

export interface ToolMessage {
  role: 'tool';
  toolCallId: string;
  content: TextPart[];
  /** The tool failed (Anthropic's `tool_result.is_error`); protocols without the flag drop it. */
  isError?: boolean;
}

export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

export interface FunctionTool {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters?: Record<string, unknown>;
  strict?: boolean;
  /** Prompt-cache breakpoint after this tool definition (Anthropic's tools[].cache_control). */
  cacheControl?: CacheControl;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      name: string;
      schema?: Record<string, unknown>;
      strict?: boolean;
      description?: string;
    };

export interface ReasoningOptions {
  effort?: 'max' | 'xhigh' | 'high' | 'medium' | 'low' | 'minimal' | 'none';
  maxTokens?: number;
  exclude?: boolean;
  enabled?: boolean;
}

/** Sampling and decoding parameters; each present only when the client sent it. */
export interface SamplingParameters {
  temperature?: number;
  topP?: number;
  topK?: number;
  minP?: number;
  topA?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  repetitionPenalty?: number;
  seed?: number;
  stop?: string[];
  logitBias?: Record<string, number>;
  logprobs?: boolean;
  topLogprobs?: number;
}

export interface ChatRequest extends SamplingParameters {
  /**
   * `chat` for messages; `text` for the legacy completions surface, where `prompt` holds the
   * raw prompt and `messages` holds it as a single user turn for chat-only upstreams.
   */
  kind: 'chat' | 'text';
  messages: Message[];
  prompt?: string;
  maxTokens?: number;
  responseFormat?: ResponseFormat;
  tools?: FunctionTool[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  reasoning?: ReasoningOptions;
  cacheControl?: CacheControl;
  user?: string;
  stream: boolean;
  /**
   * Client fields we do not model, forwarded as-is to OpenAI-compatible upstreams (provider
   * specific knobs such as Mistral's `safe_prompt`). Other protocols ignore them.
   */
  passthrough: Record<string, unknown>;
}
