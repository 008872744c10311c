import { chat, type ChatAnswer } from './concurrent-chat-load.js';

export interface LoadOutcome extends Omit<ChatAnswer, 'body'> {
  model: string;
  /** Unix ms, when the request was sent and when its answer ended. */
  startedAt: number;
  endedAt: number;
  /** A transport failure (no HTTP answer): its message; status is then 0. */
  failure?: string;
}

export interface ContinuousLoadOptions {
  baseUrl: string;
  apiKey: string;
  /** Requests in flight at any time: each client sends its next request when the last one ends. */
  clients: number;
  /** Taken in turn by each client. */
  models: string[];
  maxTokens?: number;
}

/**
 * A steady load until stopped: `clients` loops, each sending one chat completion after another
 * (a fresh connection each, so every worker gets some), every answer kept with its timing.
 */
export class ContinuousChatLoad {
  readonly outcomes: LoadOutcome[] = [];
  private stopped = false;
  private readonly loops: Promise<void>[];
  private sent = 0;

  constructor(private readonly options: ContinuousLoadOptions) {
    this.loops = Array.from({ length: options.clients }, () => this.loop());
  }

  /** Stops sending; resolves with every outcome once the requests in flight have ended. */
  async stop(): Promise<LoadOutcome[]> {
    this.stopped = true;
    await Promise.all(this.loops);
    return this.outcomes;
  }

  /** Outcomes of one model, optionally only of requests sent after `since` (unix ms). */
  of(model: string, since = 0): LoadOutcome[] {
    return this.outcomes.filter((outcome) => outcome.model === model && outcome.startedAt >= since);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const index = this.sent++;
      const model = this.options.models[index % this.options.models.length]!;
      const startedAt = Date.now();
      try {
        const { body: _body, ...answer } = await chat({ baseUrl: this.options.baseUrl, apiKey: this.options.apiKey, model, ...(this.options.maxTokens === undefined ? {} : { maxTokens: this.options.maxTokens }) }, index);
        this.outcomes.push({ ...answer, model, startedAt, endedAt: Date.now() });
      } catch (error) {
        this.outcomes.push({ status: 0, generationId: '', reason: undefined, retryAfter: undefined, model, startedAt, endedAt: Date.now(), failure: String(error) });
      }
    }
  }
}
