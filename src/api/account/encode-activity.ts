import { picodollarsToUsd, type Picodollars } from '../../spec/money.js';

/** One activity row as metering reports it. */
export interface ActivityFigures {
  date: string;
  model: string;
  endpointId: string;
  providerName: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  cost: Picodollars;
}

/** S:ActivityItem. `workspaceId` is set when the caller asked for `group_by=workspace`. */
export function encodeActivityItem(row: ActivityFigures, modelPermaslug: string, workspaceId?: string): Record<string, unknown> {
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
