import type { Kysely, Selectable, Updateable } from 'kysely';
import type { ApiKeysTable, Database } from '../database-schema.js';
import type { ApiKeyRecord, KeyPatch, KeyStore, LimitReset } from '../store-types.js';
import {
  readBoolean,
  readInteger,
  readNullableInteger,
  readNullablePicodollars,
  writeBoolean,
} from './column-values.js';

/** API keys in the `api_keys` table; written with the portable query builder only. */
export class PortableKeyStore implements KeyStore {
  constructor(private readonly database: Kysely<Database>) {}

  async insertKey(record: ApiKeyRecord): Promise<void> {
    await this.database
      .insertInto('api_keys')
      .values({
        hash: record.hash,
        name: record.name,
        label: record.label,
        disabled: writeBoolean(record.disabled),
        is_management: writeBoolean(record.isManagement),
        spending_limit: record.limit,
        limit_reset: record.limitReset,
        expires_at: record.expiresAt,
        created_at: record.createdAt,
        updated_at: record.updatedAt,
      })
      .execute();
  }

  async getKey(hash: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.database.selectFrom('api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
    return row === undefined ? undefined : keyFromRow(row);
  }

  async listKeys(options: {
    includeDisabled: boolean;
    includeManagement: boolean;
    offset: number;
    limit: number;
  }): Promise<ApiKeyRecord[]> {
    let query = this.database.selectFrom('api_keys').selectAll();
    if (!options.includeDisabled) query = query.where('disabled', '=', 0);
    if (!options.includeManagement) query = query.where('is_management', '=', 0);
    const rows = await query
      .orderBy('created_at', 'asc')
      .orderBy('hash', 'asc')
      .limit(options.limit)
      .offset(options.offset)
      .execute();
    return rows.map(keyFromRow);
  }

  async updateKey(hash: string, patch: KeyPatch, updatedAt: number): Promise<ApiKeyRecord | undefined> {
    return this.database.transaction().execute(async (transaction) => {
      const result = await transaction
        .updateTable('api_keys')
        .set(changesFromPatch(patch, updatedAt))
        .where('hash', '=', hash)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) return undefined;
      const row = await transaction.selectFrom('api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
      return row === undefined ? undefined : keyFromRow(row);
    });
  }

  async deleteKey(hash: string): Promise<boolean> {
    const result = await this.database.deleteFrom('api_keys').where('hash', '=', hash).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Counts every management key, disabled ones included. */
  async countManagementKeys(): Promise<number> {
    const row = await this.database
      .selectFrom('api_keys')
      .select((expression) => expression.fn.countAll().as('count'))
      .where('is_management', '=', 1)
      .executeTakeFirstOrThrow();
    return readInteger(row.count, 'count(api_keys)');
  }
}

/** Patch semantics: an absent (undefined) field is left alone, null clears a nullable one. */
function changesFromPatch(patch: KeyPatch, updatedAt: number): Updateable<ApiKeysTable> {
  const changes: Updateable<ApiKeysTable> = { updated_at: updatedAt };
  if (patch.name !== undefined) changes.name = patch.name;
  if (patch.disabled !== undefined) changes.disabled = writeBoolean(patch.disabled);
  if (patch.limit !== undefined) changes.spending_limit = patch.limit;
  if (patch.limitReset !== undefined) changes.limit_reset = patch.limitReset;
  if (patch.expiresAt !== undefined) changes.expires_at = patch.expiresAt;
  return changes;
}

function keyFromRow(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    hash: row.hash,
    name: row.name,
    label: row.label,
    disabled: readBoolean(row.disabled, 'api_keys.disabled'),
    isManagement: readBoolean(row.is_management, 'api_keys.is_management'),
    limit: readNullablePicodollars(row.spending_limit, 'api_keys.spending_limit'),
    limitReset: readLimitReset(row.limit_reset),
    expiresAt: readNullableInteger(row.expires_at, 'api_keys.expires_at'),
    createdAt: readInteger(row.created_at, 'api_keys.created_at'),
    updatedAt: readInteger(row.updated_at, 'api_keys.updated_at'),
  };
}

function readLimitReset(value: string | null): LimitReset | null {
  if (value === null || value === 'daily' || value === 'weekly' || value === 'monthly') return value;
  throw new Error(`Stored column api_keys.limit_reset holds ${JSON.stringify(value)}, not a limit reset`);
}
