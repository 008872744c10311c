import { z } from 'zod';
import { usdToPicodollars, type Picodollars } from '../../spec/money.js';

/** A limit above this is a typo, not a budget. */
const MAX_LIMIT_USD = 1_000_000_000;

const limitSchema = z
  .number({ error: 'limit must be a number of USD' })
  .finite()
  .nonnegative('limit must not be negative')
  .max(MAX_LIMIT_USD, `limit must be at most ${MAX_LIMIT_USD} USD`)
  .nullable();

const limitResetSchema = z.enum(['daily', 'weekly', 'monthly'], { error: 'limit_reset must be daily, weekly, monthly or null' }).nullable();

const expiresAtSchema = z.iso.datetime({ offset: true, error: 'expires_at must be an ISO 8601 date-time (UTC)' }).nullable();

/** S:POST /keys body. */
export const createKeyBodySchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(200),
  limit: limitSchema.optional(),
  limit_reset: limitResetSchema.optional(),
  expires_at: expiresAtSchema.optional(),
  include_byok_in_limit: z.boolean().optional(),
}).loose();

/** S:PATCH /keys/{hash} body: absent fields stay, null clears. */
export const updateKeyBodySchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  disabled: z.boolean().optional(),
  limit: limitSchema.optional(),
  limit_reset: limitResetSchema.optional(),
  expires_at: expiresAtSchema.optional(),
  include_byok_in_limit: z.boolean().optional(),
}).loose();

/** USD from a validated body to picodollars (null stays null). */
export function limitToPicodollars(limit: number | null): Picodollars | null {
  if (limit === null) return null;
  // Validation bounded it; toFixed(12) keeps it exact to the picodollar.
  return usdToPicodollars(limit.toFixed(12));
}

export function expiresAtToMs(value: string | null): number | null {
  return value === null ? null : Date.parse(value);
}
