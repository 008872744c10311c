import type { Endpoint, Model } from '../catalog/catalog-types.js';
import { GatewayError } from '../spec/errors.js';
import { picodollarsToUsd, picodollarsToUsdString } from '../spec/money.js';
import type { ChatRequest } from '../spec/chat-request.js';
import type { ApiKeyRecord, GenerationRecord } from '../store/store-types.js';
import type { FreeTierCounter } from './free-tier-limiter.js';
import type { GenerationWriter, MeteringLogger } from './generation-writer.js';
import { countImages } from './meter-generation.js';
import type { Reservation, ReservationRefusal, SpendLedger } from './spend-ledger.js';
import { affordableCompletionTokens, isFreePricing, worstCaseCost, type WorstCase } from './worst-case-cost.js';

export interface MeteringOptions {
  writer: GenerationWriter;
  ledger: SpendLedger;
  /** Null: free models are not rate-limited. */
  freeTier: FreeTierCounter | null;
  /** `free_variants`: only `:free` model ids count as free models (for the limiter and reservations). */
  freeTierScope?: 'all_free_models' | 'free_variants';
  /** billing.credits: paid requests need the org's balance to cover them. */
  creditsEnabled: boolean;
  logger: MeteringLogger;
  now: () => number;
}

export interface AdmissionRequest {
  key: ApiKeyRecord;
  /** The planned attempts: any of them may end up serving the request. */
  attempts: readonly { model: Model; endpoint: Endpoint }[];
  request: ChatRequest;
  /** A cheap bound of the prompt's tokens (bytes); Infinity when it cannot bound them (images, tools). */
  promptTokenUpperBound: number;
  countPromptTokens: () => number;
}

/** Tokenizer counts are estimates of other models' tokenizers: reserve double, plus framing. */
function promptTokensToReserve(request: AdmissionRequest): number {
  if (Number.isFinite(request.promptTokenUpperBound)) return request.promptTokenUpperBound;
  return request.countPromptTokens() * 2 + 256;
}

/** One admitted request: its hold on the budgets, finished (recorded and settled) exactly once. */
export class Admission {
  finished = false;
  constructor(
    readonly keyHash: string,
    readonly reservation: Reservation | null,
  ) {}
}

/**
 * The metering hooks of the request path. `admit` runs before any upstream call (free-tier
 * limits, then the worst-case reservation against the key limit and the credits: 429 or 402);
 * `finish` records the generation and settles its cost, once; `abandon` releases a hold that
 * was never finished (the handler's `finally`).
 */
export class Metering {
  private readonly freeModels = new WeakMap<Model, boolean>();

  constructor(private readonly options: MeteringOptions) {}

  async admit(request: AdmissionRequest): Promise<Admission> {
    const { key } = request;
    const { freeTier, creditsEnabled, ledger, writer } = this.options;
    // Every admitted request ends in a record; with the buffer full and the store failing, a
    // new one could not be metered without growing memory without bound.
    if (writer.isFull) {
      throw new GatewayError('unavailable', 'The gateway cannot record usage right now (its store is unavailable and its buffer is full); try again shortly', { retryAfterSeconds: 5 });
    }
    const free = request.attempts.every((attempt) => this.isFreeModel(attempt.model));
    if (free && freeTier !== null) {
      const decision = await freeTier.take(key.hash);
      if (!decision.ok) {
        throw new GatewayError('rate_limited', `Rate limit exceeded: ${decision.limit}. Free models allow ${decision.max} requests per ${decision.limit === 'free-models-per-day' ? 'UTC day' : 'minute'} per key.`, {
          retryAfterSeconds: decision.retryAfterSeconds,
          metadata: { error_type: 'rate_limit_exceeded', limit: decision.limit, limit_max: decision.max, retry_after_seconds: decision.retryAfterSeconds },
        });
      }
    }
    // The fast path: nothing to hold money against.
    if (key.limit === null && !creditsEnabled) return new Admission(key.hash, null);
    const worst = free
      ? null
      : worstCaseCost(
          request.attempts.map((attempt) => attempt.endpoint),
          { promptTokens: promptTokensToReserve(request), images: countImages(request.request), maxTokens: request.request.maxTokens },
        );
    const amount = worst?.amount ?? 0n;
    const result = await reserveOrUnavailable(() => ledger.reserve({ key, amount, againstCredits: creditsEnabled && !free, at: this.options.now() }));
    if (!result.ok) throw paymentRequired(result.refusal, worst, key);
    return new Admission(key.hash, result.reservation);
  }

  /**
   * Records the generation (readable at once) and settles its cost; a second call is ignored.
   * Returns a promise when the record is being journaled: send the response once it resolves.
   */
  finish(admission: Admission, record: GenerationRecord): Promise<void> | undefined {
    if (admission.finished) {
      this.options.logger.error({ generationId: record.id }, 'generation finished twice; the second record is ignored');
      return undefined;
    }
    admission.finished = true;
    const journaled = this.options.writer.record(record);
    // Never rejects (a shared ledger buffers a failed write and replays it); not awaited so the
    // response is not held up by the ledger.
    void this.options.ledger.settle(admission.keyHash, admission.reservation, record.totalCost, record.createdAt);
    return journaled;
  }

  /** Releases the hold of a request that ended without a record. */
  abandon(admission: Admission): void {
    if (admission.finished) return;
    admission.finished = true;
    if (admission.reservation !== null) void this.options.ledger.release(admission.reservation);
  }

  /** Free models are those whose every endpoint is free (the `:free` variants). */
  isFreeModel(model: Model): boolean {
    let free = this.freeModels.get(model);
    if (free === undefined) {
      free = model.endpoints.length > 0 && model.endpoints.every((endpoint) => isFreePricing(endpoint.pricing));
      if (this.options.freeTierScope === 'free_variants' && !model.id.endsWith(':free')) free = false;
      this.freeModels.set(model, free);
    }
    return free;
  }
}

function paymentRequired(refusal: ReservationRefusal, worst: WorstCase | null, key: ApiKeyRecord): GatewayError {
  const affordable = worst === null ? 0 : affordableCompletionTokens(worst, refusal.available);
  const left = `$${picodollarsToUsdString(refusal.available)}`;
  const requested = `$${picodollarsToUsdString(refusal.requested)}`;
  const tokens = worst === null ? '' : ` You requested up to ${worst.completionTokens} tokens, but can only afford ${affordable}.`;
  const message =
    refusal.source === 'key_limit'
      ? `Key limit exceeded: this request may cost up to ${requested} and the key has ${left} left of its ${key.limitReset ?? 'total'} limit of $${picodollarsToUsdString(refusal.budget)}. Lower max_tokens or raise the key's limit.${tokens}`
      : `Insufficient credits: this request may cost up to ${requested} and the balance has ${left} left. Add credits, or send fewer max_tokens.${tokens}`;
  return new GatewayError('payment_required', message, {
    metadata: {
      error_type: 'payment_required',
      limit_source: refusal.source === 'key_limit' ? 'key' : 'credits',
      requested_usd: picodollarsToUsd(refusal.requested),
      available_usd: picodollarsToUsd(refusal.available),
      max_affordable_tokens: affordable,
    },
  });
}


/**
 * A limit or balance that cannot be read (the store is down before this key's spend was
 * loaded) fails closed: without the spend, the request could overspend.
 */
async function reserveOrUnavailable<T>(reserve: () => Promise<T>): Promise<T> {
  try {
    return await reserve();
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    throw new GatewayError('unavailable', 'The spending limit cannot be checked right now (the store is unavailable); try again shortly', { cause: error, retryAfterSeconds: 5 });
  }
}
