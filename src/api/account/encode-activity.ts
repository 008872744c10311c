import { picodollarsToUsd } from '../../spec/money.js';
import type { ActivityRow } from '../../spec/usage-statistics.js';

/** S:ActivityItem. `workspaceId` is set when the caller asked for `group_by=workspace`. */
export function encodeActivityItem(row: ActivityRow, modelPermaslug: string, workspaceId?: string): Record<string, unknown> {
  return {
    date: row.date,
    model: row.model,
    model_permaslug: modelPermaslug,
    endpoint_id: row.endpointId,
    provider_name: row.providerName,
    usage: picodollarsToUsd(row.cost),
    byok_usage_inference: 0,
    requests: row.requests,
    prompt_tokens: row.promptTokens,
    completion_tokens: row.completionTokens,
    reasoning_tokens: row.reasoningTokens,
    ...(workspaceId !== undefined ? { workspace_id: workspaceId } : {}),
  };
}
