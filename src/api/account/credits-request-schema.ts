import { z } from 'zod';

/** `POST /credits` body: the amount (USD, number or decimal string) is read exactly by metering. */
export const addCreditsBodySchema = z.strictObject({
  amount: z.unknown(),
  note: z.string().max(500).optional(),
});
