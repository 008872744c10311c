import { computeChargedCost } from '../../metering/compute-cost.js';
import { countPromptTokens, countTextTokens } from '../../metering/count-tokens.js';
import type { MeteredGeneration } from '../../metering/meter-generation.js';
import type { StreamLeg } from '../../routing/execute-stream.js';
import type { ChatRequest } from '../../spec/chat-request.js';

/**
 * Mid-stream failover: the legs that broke before the final one produced tokens too, at their
 * own endpoint's prices. Each is counted (a broken stream reports no usage) and added to the
 * one generation record, its usage and its cost, so both legs are billed exactly once.
 */
export function addStreamLegs(metered: MeteredGeneration, legs: readonly StreamLeg[], request: ChatRequest): void {
  if (legs.length === 0) return;
  const promptTokens = countPromptTokens(request);
  for (const leg of legs) {
    const usage = { promptTokens, completionTokens: countTextTokens(leg.text), estimated: true };
    // A broken leg still produced what it streamed: billed as if it had finished.
    const cost = computeChargedCost(usage, leg.attempt.endpoint.pricing, 'stop');
    const total = metered.cost;
    total.total += cost.total;
    total.prompt += cost.prompt;
    total.completion += cost.completion;
    total.request += cost.request;
    total.image += cost.image;
    metered.usage.promptTokens += usage.promptTokens;
    metered.usage.completionTokens += usage.completionTokens;
    metered.record.tokensPrompt += usage.promptTokens;
    metered.record.tokensCompletion += usage.completionTokens;
    metered.record.totalCost += cost.total;
  }
}
