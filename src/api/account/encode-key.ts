import { picodollarsToUsd, type Picodollars } from '../../spec/money.js';
import type { ApiKeyRecord, KeyUsage } from '../../store/store-types.js';

function usageFields(usage: KeyUsage): Record<string, number> {
  return {
    usage: picodollarsToUsd(usage.total),
    usage_daily: picodollarsToUsd(usage.daily),
    usage_weekly: picodollarsToUsd(usage.weekly),
    usage_monthly: picodollarsToUsd(usage.monthly),
    byok_usage: 0,
    byok_usage_daily: 0,
    byok_usage_weekly: 0,
    byok_usage_monthly: 0,
  };
}

function remaining(key: ApiKeyRecord, usedAgainstLimit: Picodollars): number | null {
  if (key.limit === null) return null;
  const left = key.limit - usedAgainstLimit;
  return picodollarsToUsd(left > 0n ? left : 0n);
}

/** S:GET /key data: the calling key's limit and usage. */
export function encodeCurrentKey(key: ApiKeyRecord, usage: KeyUsage, usedAgainstLimit: Picodollars): Record<string, unknown> {
  return {
    label: key.label,
    name: key.name,
    limit: key.limit === null ? null : picodollarsToUsd(key.limit),
    limit_remaining: remaining(key, usedAgainstLimit),
    limit_reset: key.limitReset,
    include_byok_in_limit: false,
    ...usageFields(usage),
    is_free_tier: false,
    is_management_key: key.isManagement,
    is_provisioning_key: key.isManagement,
    creator_user_id: null,
    expires_at: key.expiresAt === null ? null : new Date(key.expiresAt).toISOString(),
    rate_limit: { requests: -1, interval: '10s', note: 'Not enforced for paid models; see the free tier limits.' },
  };
}

/** S:POST /keys data (and GET/PATCH /keys/{hash}): a key as its manager sees it. */
export function encodeManagedKey(key: ApiKeyRecord, usage: KeyUsage, usedAgainstLimit: Picodollars): Record<string, unknown> {
  return {
    hash: key.hash,
    name: key.name,
    label: key.label,
    disabled: key.disabled,
    limit: key.limit === null ? null : picodollarsToUsd(key.limit),
    limit_remaining: remaining(key, usedAgainstLimit),
    limit_reset: key.limitReset,
    include_byok_in_limit: false,
    ...usageFields(usage),
    created_at: new Date(key.createdAt).toISOString(),
    updated_at: new Date(key.updatedAt).toISOString(),
    expires_at: key.expiresAt === null ? null : new Date(key.expiresAt).toISOString(),
    creator_user_id: null,
    workspace_id: 'default',
  };
}
