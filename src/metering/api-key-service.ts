import type { Picodollars } from '../spec/money.js';
import type { ApiKeyRecord, KeyPatch, KeyUsage, LimitReset, Store } from '../store/store-types.js';
import { hashApiKey, labelApiKey, mintApiKey } from './api-key-material.js';
import type { GenerationWriter } from './generation-writer.js';
import { usageAgainstLimit, usagePeriodStarts } from './usage-periods.js';

export interface NewKey {
  name: string;
  limit: Picodollars | null;
  limitReset: LimitReset | null;
  expiresAt: number | null;
  isManagement: boolean;
}

export interface KeyUsageReport {
  usage: KeyUsage;
  /** What the limit is checked against: usage of the reset period, or all time. */
  usedAgainstLimit: Picodollars;
}

/**
 * Creating keys and reading their usage. Usage combines the store's rollup with the records
 * still pending in the writer, so a key's usage is exact the moment a response ends.
 */
export class ApiKeyService {
  constructor(
    private readonly store: Store,
    private readonly writer: GenerationWriter,
    private readonly now: () => number,
  ) {}

  /** Mints, stores (hashed) and returns the plaintext once. */
  async create(input: NewKey): Promise<{ plaintext: string; record: ApiKeyRecord }> {
    const plaintext = mintApiKey();
    const at = this.now();
    const record: ApiKeyRecord = {
      hash: hashApiKey(plaintext),
      name: input.name,
      label: labelApiKey(plaintext),
      disabled: false,
      isManagement: input.isManagement,
      limit: input.limit,
      limitReset: input.limitReset,
      expiresAt: input.expiresAt,
      createdAt: at,
      updatedAt: at,
    };
    await this.store.keys.insertKey(record);
    return { plaintext, record };
  }

  update(hash: string, patch: KeyPatch): Promise<ApiKeyRecord | undefined> {
    return this.store.keys.updateKey(hash, patch, this.now());
  }

  async usage(key: ApiKeyRecord): Promise<KeyUsageReport> {
    const since = usagePeriodStarts(this.now());
    const usage = await this.writer.readKeyUsage(key.hash, since, () => this.store.usage.keyUsage(key.hash, since));
    return { usage, usedAgainstLimit: usageAgainstLimit(usage, key.limitReset) };
  }

  /**
   * On first start with no management key anywhere, generates one and returns its plaintext
   * (to print once); otherwise null.
   */
  async ensureManagementKey(): Promise<string | null> {
    if ((await this.store.keys.countManagementKeys()) > 0) return null;
    const { plaintext } = await this.create({ name: 'management (generated on first start)', limit: null, limitReset: null, expiresAt: null, isManagement: true });
    return plaintext;
  }
}
