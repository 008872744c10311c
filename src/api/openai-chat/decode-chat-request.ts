import type {
  AssistantMessage,
  ChatRequest,
  Message,
  ReasoningDetail,
  ResponseFormat,
  TextPart,
  ToolChoice,
  UserContentPart,
} from '../../spec/chat-request.js';
import type { RoutingDirectives } from '../../spec/routing-directives.js';
import { chatRequestSchema, type ChatRequestBody, type MessageBody } from './chat-request-schema.js';
import { decodeCommonRequest, decodeRoutingDirectives } from '../shared/decode-common-fields.js';
import { GATEWAY_ONLY_FIELDS, parseBody } from '../shared/parse-body.js';

const KNOWN_FIELDS = new Set<string>([...Object.keys(chatRequestSchema.shape), ...GATEWAY_ONLY_FIELDS]);

export interface DecodedRequest {
  request: ChatRequest;
  directives: RoutingDirectives;
}

/** Validates an OpenAI/OpenRouter chat body and turns it into the IR plus routing directives. */
export function decodeChatRequest(body: unknown): DecodedRequest {
  const parsed = parseBody(chatRequestSchema, body);
  const request = decodeCommonRequest(parsed, KNOWN_FIELDS, { kind: 'chat', messages: parsed.messages.map(decodeMessage) });
  if (parsed.tools?.length) {
    request.tools = parsed.tools.map(({ function: fn }) => ({
      name: fn.name,
      ...(fn.description !== undefined ? { description: fn.description } : {}),
      ...(fn.parameters !== undefined ? { parameters: fn.parameters } : {}),
      ...(fn.strict != null ? { strict: fn.strict } : {}),
    }));
  }
  if (parsed.tool_choice != null) request.toolChoice = decodeToolChoice(parsed.tool_choice);
  if (parsed.parallel_tool_calls != null) request.parallelToolCalls = parsed.parallel_tool_calls;
  if (parsed.response_format != null) request.responseFormat = decodeResponseFormat(parsed.response_format);
  if (parsed.cache_control != null) request.cacheControl = parsed.cache_control;
  return { request, directives: decodeRoutingDirectives(parsed) };
}

function textParts(content: string | { type: 'text'; text: string; cache_control?: TextPart['cacheControl'] }[]): TextPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part) => (part.cache_control ? { type: 'text', text: part.text, cacheControl: part.cache_control } : { type: 'text', text: part.text }));
}

function decodeMessage(message: MessageBody): Message {
  switch (message.role) {
    case 'system':
    case 'developer':
      return withName<Message>({ role: 'system', content: textParts(message.content) }, message.name);
    case 'user': {
      const content: UserContentPart[] =
        typeof message.content === 'string'
          ? [{ type: 'text', text: message.content }]
          : message.content.map((part): UserContentPart => {
              if (part.type === 'text') return part.cache_control ? { type: 'text', text: part.text, cacheControl: part.cache_control } : { type: 'text', text: part.text };
              const image: UserContentPart = { type: 'image', url: part.image_url.url };
              if (part.image_url.detail) image.detail = part.image_url.detail;
              if (part.cache_control) image.cacheControl = part.cache_control;
              return image;
            });
      return withName<Message>({ role: 'user', content }, message.name);
    }
    case 'assistant': {
      const out: AssistantMessage = {
        role: 'assistant',
        content: message.content == null ? [] : textParts(message.content),
        toolCalls: (message.tool_calls ?? []).map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments })),
      };
      if (message.reasoning != null) out.reasoning = message.reasoning;
      if (message.reasoning_details != null) {
        // Passed back unchanged: providers verify their signatures byte for byte.
        out.reasoningDetails = message.reasoning_details.map((detail) => dropNulls(detail) as unknown as ReasoningDetail);
      }
      if (message.refusal != null) out.refusal = message.refusal;
      return withName(out, message.name);
    }
    case 'tool':
      return { role: 'tool', toolCallId: message.tool_call_id, content: textParts(message.content) };
  }
}

function withName<T extends Message>(message: T, name: string | undefined): T {
  if (name !== undefined && message.role !== 'tool') message.name = name;
  return message;
}

function dropNulls(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in value) if (value[key] != null) out[key] = value[key];
  return out;
}

function decodeToolChoice(choice: NonNullable<ChatRequestBody['tool_choice']>): ToolChoice {
  return typeof choice === 'string' ? choice : { name: choice.function.name };
}

function decodeResponseFormat(format: NonNullable<ChatRequestBody['response_format']>): ResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  const out: ResponseFormat = { type: 'json_schema', name: format.json_schema.name };
  if (format.json_schema.schema !== undefined) out.schema = format.json_schema.schema;
  if (format.json_schema.strict != null) out.strict = format.json_schema.strict;
  if (format.json_schema.description !== undefined) out.description = format.json_schema.description;
  return out;
}
