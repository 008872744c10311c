import { z } from 'zod';
import { INPUT_MODALITIES, OUTPUT_MODALITIES, PARAMETERS, QUANTIZATIONS } from './catalog-vocabulary.js';

/**
 * The YAML config file as a schema: snake_case fields, defaults applied, strict objects so a
 * misspelt field is an error instead of a silently ignored setting. Cross-references (an
 * endpoint's provider, duplicate ids, prices) are checked afterwards by build-catalog.ts.
 */

const SLUG_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
const STORE_URL_PATTERN = /^(sqlite:|postgres:\/\/|postgresql:\/\/)/;

/** An integer; a digit-only string is accepted too, so `port: ${PORT:-8080}` works. */
function integerAtLeast(minimum: number, maximum = Number.MAX_SAFE_INTEGER) {
  return z
    .union([z.number(), z.string()])
    .transform((value, context) => {
      const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isInteger(number)) {
        context.issues.push({ code: 'custom', message: `expected an integer, got ${JSON.stringify(value)}`, input: value });
        return z.NEVER;
      }
      if (number < minimum || number > maximum) {
        const range = maximum === Number.MAX_SAFE_INTEGER ? `at least ${minimum}` : `between ${minimum} and ${maximum}`;
        context.issues.push({ code: 'custom', message: `must be ${range}, got ${number}`, input: value });
        return z.NEVER;
      }
      return number;
    });
}

/** A USD amount as written (number or decimal string); converted exactly in build-catalog.ts. */
const usdAmount = z.union([z.number(), z.string()]);

const fraction = z.number().min(0).max(1);

const slug = z.string().regex(SLUG_PATTERN, {
  message: 'expected a slug (lower-case letters, digits, ".", "_" and "-")',
});

const url = z.url({ message: 'expected an absolute URL' });

const serverSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: integerAtLeast(0, 65535).default(8080),
  body_limit_bytes: integerAtLeast(1).default(10 * 1024 * 1024),
  stream_keepalive_ms: integerAtLeast(1).default(1000),
  /** On SIGTERM/SIGINT: how long running requests (streams) may take to finish before they are cut. */
  shutdown_grace_ms: integerAtLeast(0).default(10_000),
  /** Serve Prometheus metrics at GET /metrics. */
  metrics: z.boolean().default(true),
  /** One structured JSON log line per generation (request id, key hash, model, provider, durations). */
  request_log: z.boolean().default(true),
});

const storeSchema = z.strictObject({
  url: z
    .string()
    .regex(STORE_URL_PATTERN, { message: 'expected sqlite:<path> or postgres://…' })
    .default('sqlite:./data/switchboard.db'),
  /**
   * Most generation records kept in memory while the store cannot take them; when reached, new
   * requests get 503 until the store is back (records of requests already running still go in).
   */
  max_pending_records: integerAtLeast(1).default(50_000),
  /** PostgreSQL: most connections in each process's pool. */
  pool_size: integerAtLeast(1, 1000).default(10),
  /** PostgreSQL: the schema that holds the tables (created when missing); default: the server's search_path. */
  schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'expected a lower-case SQL identifier' }).optional(),
  /** How long a finished record may wait in memory for its batch (readable at once meanwhile). */
  flush_interval_ms: integerAtLeast(1, 60_000).default(25),
  /**
   * The local journal of finished records that a killed process's successor replays. Absent:
   * on for a SQLite file and PostgreSQL, off for sqlite::memory:.
   */
  journal: z.boolean().optional(),
  /** Default: `journal` beside a SQLite file; `./data/journal` for PostgreSQL. */
  journal_dir: z.string().min(1).optional(),
}).superRefine((store, context) => {
  if (store.url !== 'sqlite::memory:') return;
  // Records of an in-memory database die with its process: there is nothing to replay them into.
  const message = 'sqlite::memory: keeps no records across processes, so it takes no journal';
  if (store.journal === true) context.addIssue({ code: 'custom', path: ['journal'], message });
  else if (store.journal_dir !== undefined && store.journal !== false) context.addIssue({ code: 'custom', path: ['journal_dir'], message });
});

const REDIS_URL_PATTERN = /^rediss?:\/\//;

/** Shared state for several gateway processes (src/shared-state/); absent or an empty url: in memory. */
const redisSchema = z.strictObject({
  /** redis://[user:password@]host:port[/db] or rediss:// (TLS); `${REDIS_URL:-}` leaves it off when unset. */
  url: z.string().refine((value) => value === '' || REDIS_URL_PATTERN.test(value), { message: 'expected redis://… or rediss://…' }),
  /** Every key the gateway writes starts with this, so several deployments can share one Redis. */
  key_prefix: z.string().default('switchboard:'),
  /** A command slower than this counts as a failure (the degradation policy applies). */
  command_timeout_ms: integerAtLeast(1).default(1_000),
});

const freeTierSchema = z.strictObject({
  /** false: free models are not rate-limited at all. */
  enabled: z.boolean().default(true),
  /** Which models count as free: every model whose endpoints are all free, or only `:free` variants (local zero-price models stay unlimited). */
  scope: z.enum(['all_free_models', 'free_variants']).default('all_free_models'),
  /** Per key, for models whose every endpoint is free; 0 blocks free models. */
  requests_per_minute: integerAtLeast(0).default(20),
  requests_per_day: integerAtLeast(0).default(50),
});

const billingSchema = z.strictObject({
  /** When true, requests debit prepaid credits and fail with 402 when they run out. */
  credits: z.boolean().default(false),
  free_tier: freeTierSchema.prefault({}),
});

const timeoutsSchema = z.strictObject({
  connect_ms: integerAtLeast(1).default(10_000),
  first_token_ms: integerAtLeast(1).default(60_000),
  idle_ms: integerAtLeast(1).default(60_000),
  total_ms: integerAtLeast(1).default(600_000),
});

const openaiOptionsSchema = z.strictObject({
  max_tokens_field: z.enum(['max_tokens', 'max_completion_tokens']).default('max_tokens'),
  stream_usage: z.boolean().default(true),
  auth_header: z.string().min(1).default('authorization'),
  drop_parameters: z.array(z.string()).default([]),
  extra_body: z.record(z.string(), z.unknown()).default({}),
});

/** Only read by the `anthropic` adapter. */
const anthropicOptionsSchema = z.strictObject({
  version: z.string().min(1).default('2023-06-01'),
  default_max_tokens: integerAtLeast(1).default(4096),
});

const providerSchema = z.strictObject({
  slug,
  name: z.string().min(1),
  adapter: z.string().min(1),
  base_url: url,
  /** Empty (e.g. `${KEY:-}` with KEY unset) means no key is sent. */
  api_key: z.string().optional(),
  data_collection: z.enum(['allow', 'deny']).default('allow'),
  /** Zero data retention: the provider keeps no prompts or outputs (`provider.zdr` filter). */
  zdr: z.boolean().default(false),
  headers: z.record(z.string(), z.string()).default({}),
  timeouts: timeoutsSchema.prefault({}),
  openai: openaiOptionsSchema.prefault({}),
  anthropic: anthropicOptionsSchema.prefault({}),
  privacy_policy_url: url.optional(),
  terms_of_service_url: url.optional(),
  status_page_url: url.optional(),
});

const pricingSchema = z.strictObject({
  /** USD per million tokens. */
  prompt: usdAmount,
  completion: usdAmount,
  input_cache_read: usdAmount.optional(),
  input_cache_write: usdAmount.optional(),
  internal_reasoning: usdAmount.optional(),
  /** USD per request and per image. */
  request: usdAmount.default(0),
  image: usdAmount.default(0),
});

const endpointSchema = z.strictObject({
  provider: z.string().min(1),
  /** Second endpoint of one provider for a model: routing tag becomes `provider/<tag>`. */
  tag: z.string().min(1).optional(),
  upstream_model: z.string().min(1),
  context_length: integerAtLeast(1).optional(),
  max_completion_tokens: integerAtLeast(1).nullable().default(null),
  max_prompt_tokens: integerAtLeast(1).nullable().default(null),
  quantization: z.enum(QUANTIZATIONS).default('unknown'),
  pricing: pricingSchema,
  supported_parameters: z.array(z.enum(PARAMETERS)).optional(),
  input_modalities: z.array(z.enum(INPUT_MODALITIES)).optional(),
});

/** `2025-04-17`, an ISO date-time, unix seconds, or a Date (YAML 1.1 timestamps, JS configs). */
const createdSchema = z.union([z.number(), z.string(), z.date()]).transform((value, context) => {
  const seconds = toUnixSeconds(value);
  if (seconds === null) {
    context.issues.push({
      code: 'custom',
      message: `expected a date (2025-04-17) or unix seconds, got ${JSON.stringify(value)}`,
      input: value,
    });
    return z.NEVER;
  }
  return seconds;
});

function toUnixSeconds(value: number | string | Date): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : null;
  if (value instanceof Date) {
    const milliseconds = value.getTime();
    return Number.isNaN(milliseconds) ? null : Math.floor(milliseconds / 1000);
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (dateOnly) {
    const milliseconds = Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]));
    // Date.UTC rolls 2025-02-30 over into March; a round trip catches that.
    return new Date(milliseconds).toISOString().startsWith(text) ? milliseconds / 1000 : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
  const milliseconds = Date.parse(text);
  return Number.isNaN(milliseconds) ? null : Math.floor(milliseconds / 1000);
}

const modelSchema = z.strictObject({
  id: z.string().min(1),
  canonical_slug: z.string().min(1).optional(),
  name: z.string().min(1),
  created: createdSchema,
  description: z.string().default(''),
  context_length: integerAtLeast(1),
  input_modalities: z.array(z.enum(INPUT_MODALITIES)).min(1).default(['text']),
  output_modalities: z.array(z.enum(OUTPUT_MODALITIES)).min(1).default(['text']),
  tokenizer: z.string().min(1).default('Other'),
  instruct_type: z.string().min(1).nullable().default(null),
  endpoints: z.array(endpointSchema).default([]),
  /** Routing defaults for this model (a request's `provider.hedge` / `provider.resume` override them). */
  routing: z
    .strictObject({
      /** Race a second endpoint when the first has no token after its p90 time to first token. */
      hedge: z.boolean().default(false),
      /** Continue a stream that broke mid-answer on the next endpoint. */
      resume: z.boolean().default(false),
    })
    .optional(),
});

const outageSchema = z.strictObject({
  /** Cycle length; the outage is the last `for_s` seconds of every cycle. */
  every_s: z.number().positive(),
  for_s: z.number().positive(),
  /** Shifts the cycle so simulators do not fail in lockstep. */
  offset_s: z.number().min(0).default(0),
  /** `error`: answer 503; `reset`: destroy the connection. */
  mode: z.enum(['error', 'reset']).default('error'),
});

const simulatedSpeedSchema = z.strictObject({
  first_token_latency_ms: z.number().min(0).optional(),
  tokens_per_second: z.number().positive().optional(),
});

const demoSimulatorSchema = z.strictObject({
  /** The provider this simulator stands in for: its base_url should point here. */
  provider: slug,
  /** 0 picks a free port (only useful when the caller rewrites base_url, as the demo does). */
  port: integerAtLeast(0, 65535),
  first_token_latency_ms: z.number().min(0).default(200),
  tokens_per_second: z.number().positive().default(50),
  error_rate: fraction.default(0),
  error_statuses: z.array(integerAtLeast(400, 599)).min(1).default([429, 500, 503]),
  fail_mid_stream_rate: fraction.default(0),
  outage: outageSchema.optional(),
  /** Speed per upstream model name, e.g. a faster "turbo" deployment. */
  model_overrides: z.record(z.string(), simulatedSpeedSchema).default({}),
});

const demoSchema = z.strictObject({
  /** The simulated upstreams behind the demo providers (see src/simulator). */
  simulators: z.array(demoSimulatorSchema).default([]),
});

/** The whole config file. */
export const gatewayConfigSchema = z.strictObject({
  server: serverSchema.prefault({}),
  store: storeSchema.prefault({}),
  redis: redisSchema.optional(),
  providers: z.array(providerSchema),
  models: z.array(modelSchema),
  billing: billingSchema.prefault({}),
  demo: demoSchema.optional(),
  /**
   * Built-in provider presets (catalog/presets) joined when their environment variable is set:
   * true (all), false (none) or a list of preset slugs.
   */
  presets: z.union([z.boolean(), z.array(slug)]).default(true),
});

/** The validated config, defaults applied (snake_case, as in the file). */
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
/** The config as written (YAML after interpolation, or a JS object such as the demo's). */
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
/** One validated `providers[]` entry. */
export type ProviderConfig = GatewayConfig['providers'][number];
/** One validated `models[]` entry (`created` already unix seconds). */
export type ModelConfig = GatewayConfig['models'][number];
/** One validated `models[].endpoints[]` entry. */
export type EndpointConfig = ModelConfig['endpoints'][number];
/** Prices as written (USD); build-catalog.ts converts them exactly. */
export type PricingConfig = EndpointConfig['pricing'];
/** One validated `demo.simulators[]` entry. */
export type DemoSimulatorConfig = NonNullable<GatewayConfig['demo']>['simulators'][number];
/** One `demo.simulators[]` entry as written (defaults not yet applied). */
export type DemoSimulatorConfigInput = NonNullable<GatewayConfigInput['demo']>['simulators'] extends
  | (infer Entry)[]
  | undefined
  ? Entry
  : never;
