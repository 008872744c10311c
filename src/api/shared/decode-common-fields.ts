import type { PercentileCutoffs, ProviderPreferences, RoutingDirectives } from '../../spec/routing-directives.js';
import type { ChatRequest, Message, ReasoningOptions, SamplingParameters } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/errors.js';
import type { ProviderPreferencesBody } from '../openai-chat/chat-request-schema.js';

/** The subset of decoded body fields shared by chat and legacy completions. */
export interface CommonBody {
  model?: string | undefined;
  models?: string[] | null | undefined;
  provider?: ProviderPreferencesBody | null | undefined;
  session_id?: string | null | undefined;
  max_tokens?: number | null | undefined;
  max_completion_tokens?: number | null | undefined;
  temperature?: number | null | undefined;
  top_p?: number | null | undefined;
  top_k?: number | null | undefined;
  min_p?: number | null | undefined;
  top_a?: number | null | undefined;
  frequency_penalty?: number | null | undefined;
  presence_penalty?: number | null | undefined;
  repetition_penalty?: number | null | undefined;
  seed?: number | null | undefined;
  stop?: string | string[] | null | undefined;
  logit_bias?: Record<string, number> | null | undefined;
  logprobs?: boolean | null | undefined;
  top_logprobs?: number | null | undefined;
  reasoning?: { effort?: ReasoningOptions['effort'] | null; max_tokens?: number | null; exclude?: boolean | null; enabled?: boolean | null } | null | undefined;
  reasoning_effort?: ReasoningOptions['effort'] | null | undefined;
  stream?: boolean | null | undefined;
  user?: string | null | undefined;
}

/** Sampling parameters present in the body; absent or null ones stay absent. */
export function decodeSamplingParameters(body: CommonBody): SamplingParameters {
  const out: SamplingParameters = {};
  if (body.temperature != null) out.temperature = body.temperature;
  if (body.top_p != null) out.topP = body.top_p;
  if (body.top_k != null) out.topK = body.top_k;
  if (body.min_p != null) out.minP = body.min_p;
  if (body.top_a != null) out.topA = body.top_a;
  if (body.frequency_penalty != null) out.frequencyPenalty = body.frequency_penalty;
  if (body.presence_penalty != null) out.presencePenalty = body.presence_penalty;
  if (body.repetition_penalty != null) out.repetitionPenalty = body.repetition_penalty;
  if (body.seed != null) out.seed = body.seed;
  if (body.stop != null) out.stop = typeof body.stop === 'string' ? [body.stop] : body.stop;
  if (body.logit_bias != null) out.logitBias = body.logit_bias;
  if (body.logprobs != null) out.logprobs = body.logprobs;
  if (body.top_logprobs != null) out.topLogprobs = body.top_logprobs;
  return out;
}

/** `max_completion_tokens` wins over the deprecated `max_tokens` when both are sent. */
export function decodeMaxTokens(body: CommonBody): number | undefined {
  return body.max_completion_tokens ?? body.max_tokens ?? undefined;
}

/** The `reasoning` object, with the OpenAI-style `reasoning_effort` shorthand folded in. */
export function decodeReasoning(body: CommonBody): ReasoningOptions | undefined {
  const source = body.reasoning;
  const effort = source?.effort ?? body.reasoning_effort ?? undefined;
  if (!source && !effort) return undefined;
  const out: ReasoningOptions = {};
  if (effort) out.effort = effort;
  if (source?.max_tokens != null) out.maxTokens = source.max_tokens;
  if (source?.exclude != null) out.exclude = source.exclude;
  if (source?.enabled != null) out.enabled = source.enabled;
  return out;
}

function decodeProviderPreferences(body: ProviderPreferencesBody | null | undefined): ProviderPreferences {
  if (!body) return {};
  const out: ProviderPreferences = {};
  if (body.order) out.order = body.order;
  if (body.allow_fallbacks != null) out.allowFallbacks = body.allow_fallbacks;
  if (body.require_parameters != null) out.requireParameters = body.require_parameters;
  if (body.data_collection) out.dataCollection = body.data_collection;
  if (body.zdr != null) out.zdr = body.zdr;
  if (body.only) out.only = body.only;
  if (body.ignore) out.ignore = body.ignore;
  if (body.quantizations) out.quantizations = body.quantizations;
  if (body.sort) {
    const sort = typeof body.sort === 'string' ? { by: body.sort } : body.sort;
    if (sort.by) out.sort = sort.partition ? { by: sort.by, partition: sort.partition } : { by: sort.by };
  }
  if (body.max_price) {
    const { prompt, completion, request, image } = body.max_price;
    const maxPrice: NonNullable<ProviderPreferences['maxPrice']> = {};
    if (prompt != null) maxPrice.prompt = prompt;
    if (completion != null) maxPrice.completion = completion;
    if (request != null) maxPrice.request = request;
    if (image != null) maxPrice.image = image;
    out.maxPrice = maxPrice;
  }
  const throughput = decodeCutoffs(body.preferred_min_throughput);
  if (throughput) out.preferredMinThroughput = throughput;
  const latency = decodeCutoffs(body.preferred_max_latency);
  if (latency) out.preferredMaxLatency = latency;
  if (body.hedge != null) out.hedge = body.hedge;
  if (body.resume != null) out.resume = body.resume;
  return out;
}

function decodeCutoffs(value: number | { p50?: number | null; p75?: number | null; p90?: number | null; p99?: number | null } | null | undefined): PercentileCutoffs | undefined {
  if (value == null) return undefined;
  if (typeof value === 'number') return { p50: value };
  const out: PercentileCutoffs = {};
  if (value.p50 != null) out.p50 = value.p50;
  if (value.p75 != null) out.p75 = value.p75;
  if (value.p90 != null) out.p90 = value.p90;
  if (value.p99 != null) out.p99 = value.p99;
  return out.p50 === undefined && out.p75 === undefined && out.p90 === undefined && out.p99 === undefined ? undefined : out;
}

/** Names of request fields that are parameters in OpenRouter's supported_parameters sense. */
const PARAMETER_NAMES: Record<string, string> = {
  temperature: 'temperature', top_p: 'top_p', top_k: 'top_k', min_p: 'min_p', top_a: 'top_a',
  frequency_penalty: 'frequency_penalty', presence_penalty: 'presence_penalty',
  repetition_penalty: 'repetition_penalty', seed: 'seed', stop: 'stop', logit_bias: 'logit_bias',
  logprobs: 'logprobs', top_logprobs: 'top_logprobs', max_tokens: 'max_tokens',
  max_completion_tokens: 'max_tokens', tools: 'tools', tool_choice: 'tool_choice',
  parallel_tool_calls: 'parallel_tool_calls', response_format: 'response_format',
  reasoning: 'reasoning', reasoning_effort: 'reasoning',
};

/** Model, fallbacks, provider preferences and the sent parameter names. */
export function decodeRoutingDirectives(body: CommonBody & Record<string, unknown>): RoutingDirectives {
  const fallbackModels = body.models ?? [];
  const model = body.model ?? fallbackModels[0];
  if (!model) throw new GatewayError('bad_request', 'model: a model slug is required (or a non-empty models list)');
  const sentParameters: string[] = [];
  for (const key in body) {
    const name = PARAMETER_NAMES[key];
    if (name !== undefined && body[key] != null && !sentParameters.includes(name)) sentParameters.push(name);
  }
  return {
    model,
    fallbackModels: fallbackModels.filter((slug) => slug !== model),
    provider: decodeProviderPreferences(body.provider),
    sessionId: body.session_id ?? null,
    sentParameters,
  };
}

/** Copies body fields we do not model, for OpenAI-compatible upstreams. */
export function collectPassthrough(body: Record<string, unknown>, known: ReadonlySet<string>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key in body) {
    if (known.has(key)) continue;
    (out ??= {})[key] = body[key];
  }
  return out ?? {};
}

/**
 * The IR fields every surface decodes the same way (stream, sampling, limits, reasoning, user,
 * passthrough); the surface supplies what differs: its kind and the messages.
 */
export function decodeCommonRequest(
  body: CommonBody & Record<string, unknown>,
  known: ReadonlySet<string>,
  surface: { kind: ChatRequest['kind']; messages: Message[]; prompt?: string },
): ChatRequest {
  const request: ChatRequest = {
    kind: surface.kind,
    messages: surface.messages,
    stream: body.stream === true,
    passthrough: collectPassthrough(body, known),
    ...decodeSamplingParameters(body),
  };
  if (surface.prompt !== undefined) request.prompt = surface.prompt;
  const maxTokens = decodeMaxTokens(body);
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  const reasoning = decodeReasoning(body);
  if (reasoning) request.reasoning = reasoning;
  if (body.user != null) request.user = body.user;
  return request;
}
