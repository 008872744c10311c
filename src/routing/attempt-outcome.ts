import type { GatewayError } from '../spec/errors.js';
import type { Attempt } from './plan-attempts.js';

/** What happened to one attempt: kept for the generation record's provider_responses. */
export interface AttemptOutcome {
  attempt: Attempt;
  /** Upstream HTTP status; 200 on success, null without a response. */
  status: number | null;
  startedAt: number;
  latencyMs: number;
  error?: GatewayError;
}
