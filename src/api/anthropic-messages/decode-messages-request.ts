import type {
  AssistantMessage,
  CacheControl,
  ChatRequest,
  FunctionTool,
  ImagePart,
  Message,
  ReasoningDetail,
  ReasoningOptions,
  TextPart,
  ToolChoice,
  UserContentPart,
} from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/errors.js';
import type { DecodedRequest } from '../openai-chat/decode-chat-request.js';
import { decodeRoutingDirectives, type CommonBody } from '../shared/decode-common-fields.js';
import { parseMessagesBody } from './parse-messages-body.js';
import {
  type ContentBlockBody,
  type ImageBlockBody,
  type MessageBody,
  type MessagesRequestBody,
  type TextBlockBody,
} from './messages-request-schema.js';

/** `reasoning_details` format of Anthropic-signed thinking (OpenRouter's name for it). */
export const ANTHROPIC_REASONING_FORMAT = 'anthropic-claude-v1';

/**
 * Validates an Anthropic Messages body and turns it into the IR plus routing directives.
 * Nothing an Anthropic upstream needs is lost: thinking signatures and redacted thinking ride
 * in `reasoningDetails` (format anthropic-claude-v1), cache_control stays on its part, tool
 * results keep `is_error`.
 */
export function decodeMessagesRequest(body: unknown): DecodedRequest {
  const parsed = parseMessagesBody(body);
  const messages: Message[] = [];
  if (parsed.system !== undefined) {
    const content = typeof parsed.system === 'string' ? [{ type: 'text' as const, text: parsed.system }] : parsed.system.map(textPart);
    if (content.length > 0) messages.push({ role: 'system', content });
  }
  parsed.messages.forEach((message, index) => decodeMessage(message, index, messages));

  const request: ChatRequest = { kind: 'chat', messages, stream: parsed.stream === true, passthrough: {} };
  if (parsed.max_tokens !== undefined) request.maxTokens = parsed.max_tokens;
  if (parsed.temperature !== undefined) request.temperature = parsed.temperature;
  if (parsed.top_p !== undefined) request.topP = parsed.top_p;
  if (parsed.top_k !== undefined) request.topK = parsed.top_k;
  if (parsed.stop_sequences?.length) request.stop = parsed.stop_sequences;
  if (parsed.tools?.length) request.tools = parsed.tools.map(decodeTool);
  if (parsed.tool_choice !== undefined) {
    request.toolChoice = decodeToolChoice(parsed.tool_choice);
    if ('disable_parallel_tool_use' in parsed.tool_choice && parsed.tool_choice.disable_parallel_tool_use !== undefined) {
      request.parallelToolCalls = !parsed.tool_choice.disable_parallel_tool_use;
    }
  }
  const reasoning = decodeReasoning(parsed);
  if (reasoning) request.reasoning = reasoning;
  const format = parsed.output_config?.format;
  if (format) request.responseFormat = { type: 'json_schema', name: 'output', schema: format.schema };
  const user = parsed.metadata?.user_id ?? parsed.user;
  if (user != null) request.user = user;
  if (parsed.cache_control != null) request.cacheControl = cacheControl(parsed.cache_control);
  return { request, directives: decodeRoutingDirectives(routingView(parsed)) };
}

/** `thinking` (and output_config.effort) as the IR's reasoning options. */
function decodeReasoning(parsed: MessagesRequestBody): ReasoningOptions | undefined {
  const effort = parsed.output_config?.effort ?? undefined;
  const thinking = parsed.thinking;
  if (!thinking && !effort) return undefined;
  const out: ReasoningOptions = {};
  if (thinking?.type === 'enabled') {
    out.enabled = true;
    out.maxTokens = thinking.budget_tokens;
  } else if (thinking) {
    out.enabled = thinking.type === 'adaptive';
  }
  if (effort) out.effort = effort;
  return out;
}

/** The body seen through chat-completion names, so directives and sent parameters match that surface. */
function routingView(parsed: MessagesRequestBody): CommonBody & Record<string, unknown> {
  if (parsed.models?.length && parsed.fallbacks?.length) throw new GatewayError('bad_request', 'fallbacks cannot be combined with models: send one of them');
  return {
    model: parsed.model,
    models: parsed.fallbacks?.length ? [...(parsed.model ? [parsed.model] : []), ...parsed.fallbacks.map((fallback) => fallback.model)] : parsed.models,
    provider: parsed.provider,
    session_id: parsed.session_id,
    max_tokens: parsed.max_tokens,
    temperature: parsed.temperature,
    top_p: parsed.top_p,
    top_k: parsed.top_k,
    stop: parsed.stop_sequences?.length ? parsed.stop_sequences : undefined,
    tools: parsed.tools?.length ? parsed.tools : undefined,
    tool_choice: parsed.tool_choice,
    reasoning: parsed.thinking?.type === 'enabled' || parsed.thinking?.type === 'adaptive' || parsed.output_config?.effort ? {} : undefined,
    response_format: parsed.output_config?.format ?? undefined,
  };
}

function decodeMessage(message: MessageBody, index: number, out: Message[]): void {
  if (typeof message.content === 'string') {
    const text: TextPart = { type: 'text', text: message.content };
    out.push(message.role === 'user' ? { role: 'user', content: [text] } : { role: 'assistant', content: [text], toolCalls: [] });
    return;
  }
  if (message.role === 'user') decodeUserBlocks(message.content, index, out);
  else out.push(decodeAssistantBlocks(message.content, index));
}

/**
 * A user turn: each tool_result becomes a tool message (in order, before the rest, as
 * Anthropic requires them first), the text and images one user message after them.
 */
function decodeUserBlocks(blocks: ContentBlockBody[], index: number, out: Message[]): void {
  const content: UserContentPart[] = [];
  blocks.forEach((block, blockIndex) => {
    switch (block.type) {
      case 'text':
        content.push(textPart(block));
        return;
      case 'image':
        content.push(imagePart(block));
        return;
      case 'tool_result': {
        const parts = toolResultText(block.content, index, blockIndex);
        // The breakpoint after the whole result sits on its last part: same cache prefix.
        const breakpoint = block.cache_control ? cacheControl(block.cache_control) : undefined;
        const last = parts[parts.length - 1];
        if (breakpoint && last) last.cacheControl = breakpoint;
        out.push({ role: 'tool', toolCallId: block.tool_use_id, content: parts, ...(block.is_error !== undefined ? { isError: block.is_error } : {}) });
        return;
      }
      default:
        throw misplaced(index, blockIndex, block.type, 'user');
    }
  });
  if (content.length > 0) out.push({ role: 'user', content });
}

function decodeAssistantBlocks(blocks: ContentBlockBody[], index: number): AssistantMessage {
  const message: AssistantMessage = { role: 'assistant', content: [], toolCalls: [] };
  const details: ReasoningDetail[] = [];
  const reasoning: string[] = [];
  blocks.forEach((block, blockIndex) => {
    switch (block.type) {
      case 'text':
        message.content.push(textPart(block));
        return;
      case 'tool_use':
        message.toolCalls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input) });
        return;
      case 'thinking': {
        reasoning.push(block.thinking);
        // Unsigned thinking (our own rendering of another provider's reasoning) gets no format:
        // no Anthropic upstream could verify it.
        const detail: ReasoningDetail = { type: 'reasoning.text', text: block.thinking, index: details.length };
        if (block.signature !== '') {
          detail.signature = block.signature;
          detail.format = ANTHROPIC_REASONING_FORMAT;
        }
        details.push(detail);
        return;
      }
      case 'redacted_thinking':
        details.push({ type: 'reasoning.encrypted', data: block.data, format: ANTHROPIC_REASONING_FORMAT, index: details.length });
        return;
      default:
        throw misplaced(index, blockIndex, block.type, 'assistant');
    }
  });
  if (reasoning.length > 0) message.reasoning = reasoning.join('');
  if (details.length > 0) message.reasoningDetails = details;
  return message;
}

function toolResultText(content: string | (TextBlockBody | ImageBlockBody)[] | undefined, index: number, blockIndex: number): TextPart[] {
  if (content === undefined) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, partIndex) => {
    if (part.type === 'text') return textPart(part);
    // The IR's tool messages carry text only, as most protocols' tool results do.
    throw new GatewayError('bad_request', `messages[${index}].content[${blockIndex}].content[${partIndex}]: images inside tool_result are not supported; send the image in a user text/image block`);
  });
}

function misplaced(index: number, blockIndex: number, type: string, role: string): GatewayError {
  return new GatewayError('bad_request', `messages[${index}].content[${blockIndex}]: a ${type} block cannot appear in a ${role} message`);
}

function textPart(block: TextBlockBody): TextPart {
  const part: TextPart = { type: 'text', text: block.text };
  if (block.cache_control) part.cacheControl = cacheControl(block.cache_control);
  return part;
}

/** Base64 sources become `data:` URLs, the IR's single image form; adapters split them back. */
function imagePart(block: ImageBlockBody): ImagePart {
  const url = block.source.type === 'base64' ? `data:${block.source.media_type};base64,${block.source.data}` : block.source.url;
  const part: ImagePart = { type: 'image', url };
  if (block.cache_control) part.cacheControl = cacheControl(block.cache_control);
  return part;
}

function cacheControl(value: { type: 'ephemeral'; ttl?: '5m' | '1h' | undefined }): CacheControl {
  return value.ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: value.ttl };
}

function decodeTool(tool: NonNullable<MessagesRequestBody['tools']>[number]): FunctionTool {
  const out: FunctionTool = { name: tool.name, parameters: tool.input_schema };
  if (tool.description !== undefined) out.description = tool.description;
  if (tool.cache_control) out.cacheControl = cacheControl(tool.cache_control);
  return out;
}

function decodeToolChoice(choice: NonNullable<MessagesRequestBody['tool_choice']>): ToolChoice {
  switch (choice.type) {
    case 'auto': return 'auto';
    case 'any': return 'required';
    case 'none': return 'none';
    case 'tool': return { name: choice.name };
  }
}
