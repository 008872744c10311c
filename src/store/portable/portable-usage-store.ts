import { sql, type Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import type { Picodollars } from '../../spec/money.js';
import type {
  AppUsageQuery,
  AppUsageRow,
  KeyDailyCosts,
  KeyUsage,
  UsageDimension,
  UsageQuery,
  UsageRow,
  UsageStore,
} from '../store-types.js';
import { readInteger, readPicodollars } from './column-values.js';

const DIMENSION_COLUMNS: Record<UsageDimension, 'day' | 'api_key_hash' | 'model' | 'endpoint_id'> = {
  day: 'day',
  apiKeyHash: 'api_key_hash',
  model: 'model',
  endpoint: 'endpoint_id',
};

/** Spend read from the rollups (`key_daily_usage`, `usage_rollup`, `app_usage_rollup`), never by scanning generations. */
export class PortableUsageStore implements UsageStore {
  constructor(private readonly database: Kysely<Database>) {}

  /** Total spend, and spend on or after each given UTC day (`YYYY-MM-DD` compares as text). */
  async keyUsage(apiKeyHash: string, since: { day: string; week: string; month: string }): Promise<KeyUsage> {
    const row = await this.database
      .selectFrom('key_daily_usage')
      .where('api_key_hash', '=', apiKeyHash)
      .select((expression) => {
        const costSince = (day: string) =>
          expression.fn.sum(
            expression.case().when('day', '>=', day).then(expression.ref('total_cost')).else(expression.lit(0)).end(),
          );
        return [
          expression.fn.sum('total_cost').as('total'),
          costSince(since.day).as('daily'),
          costSince(since.week).as('weekly'),
          costSince(since.month).as('monthly'),
        ];
      })
      .executeTakeFirstOrThrow();
    return {
      total: readPicodollars(row.total, 'sum(total_cost)'),
      daily: readPicodollars(row.daily, 'sum(daily cost)'),
      weekly: readPicodollars(row.weekly, 'sum(weekly cost)'),
      monthly: readPicodollars(row.monthly, 'sum(monthly cost)'),
    };
  }

  async totalUsage(): Promise<Picodollars> {
    const row = await this.database
      .selectFrom('key_daily_usage')
      .select((expression) => expression.fn.sum('total_cost').as('total'))
      .executeTakeFirstOrThrow();
    return readPicodollars(row.total, 'sum(total_cost)');
  }

  async keyDailyCosts(apiKeyHash: string, sinceDay: string): Promise<KeyDailyCosts> {
    const rows = await this.database
      .selectFrom('key_daily_usage')
      .where('api_key_hash', '=', apiKeyHash)
      .select(['day', 'total_cost'])
      .orderBy('day')
      .execute();
    let total = 0n;
    const days: KeyDailyCosts['days'] = [];
    for (const row of rows) {
      const cost = readPicodollars(row.total_cost, 'key_daily_usage.total_cost');
      total += cost;
      if (row.day >= sinceDay) days.push({ day: row.day, cost });
    }
    return { total, days };
  }

  async usageRollup(query: UsageQuery): Promise<UsageRow[]> {
    const columns = query.groupBy.map((dimension) => DIMENSION_COLUMNS[dimension]);
    // The provider is a property of the endpoint: grouped with it, never on its own.
    const groupColumns = query.groupBy.includes('endpoint') ? [...columns, 'provider_name' as const] : columns;
    let select = this.database
      .selectFrom('usage_rollup')
      .where('day', '>=', query.sinceDay)
      .select((expression) => [
        expression.fn.sum('requests').as('requests'),
        expression.fn.sum('tokens_prompt').as('prompt'),
        expression.fn.sum('tokens_completion').as('completion'),
        expression.fn.sum('tokens_reasoning').as('reasoning'),
        expression.fn.sum('total_cost').as('cost'),
      ])
      .select(groupColumns);
    if (query.untilDay !== undefined) select = select.where('day', '<=', query.untilDay);
    if (query.apiKeyHash !== undefined) select = select.where('api_key_hash', '=', query.apiKeyHash);
    if (query.model !== undefined) select = select.where('model', '=', query.model);
    if (groupColumns.length > 0) select = select.groupBy(groupColumns);
    for (const column of groupColumns) select = select.orderBy(column);
    const rows = await select.execute();
    return rows
      .filter((row) => row.requests !== null)
      .map((row) => {
        const fields = row as Record<string, unknown>;
        const usage: UsageRow = {
          requests: readInteger(row.requests, 'sum(requests)'),
          promptTokens: readInteger(row.prompt, 'sum(tokens_prompt)'),
          completionTokens: readInteger(row.completion, 'sum(tokens_completion)'),
          reasoningTokens: readInteger(row.reasoning, 'sum(tokens_reasoning)'),
          cost: readPicodollars(row.cost, 'sum(total_cost)'),
        };
        if (query.groupBy.includes('day')) usage.day = String(fields.day);
        if (query.groupBy.includes('apiKeyHash')) usage.apiKeyHash = String(fields.api_key_hash);
        if (query.groupBy.includes('model')) usage.model = String(fields.model);
        if (query.groupBy.includes('endpoint')) {
          usage.endpointId = String(fields.endpoint_id);
          usage.providerName = String(fields.provider_name);
        }
        return usage;
      });
  }

  async appUsage(query: AppUsageQuery): Promise<AppUsageRow[]> {
    const byDay = query.groupBy.includes('day');
    const byModel = query.groupBy.includes('model');
    const extra = [...(byDay ? (['day'] as const) : []), ...(byModel ? (['model'] as const) : [])];
    let select = this.database
      .selectFrom('app_usage_rollup')
      .where('day', '>=', query.sinceDay)
      .select((expression) => [
        'app_key',
        expression.fn.max('app_referer').as('referer'),
        expression.fn.max('app_title').as('title'),
        expression.fn.sum('requests').as('requests'),
        expression.fn.sum('tokens_prompt').as('prompt'),
        expression.fn.sum('tokens_completion').as('completion'),
        expression.fn.sum('total_cost').as('cost'),
      ])
      .select(extra)
      .groupBy(['app_key', ...extra]);
    if (query.untilDay !== undefined) select = select.where('day', '<=', query.untilDay);
    if (query.model !== undefined) select = select.where('model', '=', query.model);
    const rows = await select
      .orderBy(sql`sum(tokens_prompt) + sum(tokens_completion)`, 'desc')
      .orderBy('app_key')
      .limit(query.limit)
      .execute();
    return rows.map((row) => {
      const fields = row as Record<string, unknown>;
      const usage: AppUsageRow = {
        appKey: row.app_key,
        referer: row.referer ?? null,
        title: row.title ?? null,
        requests: readInteger(row.requests, 'sum(requests)'),
        promptTokens: readInteger(row.prompt, 'sum(tokens_prompt)'),
        completionTokens: readInteger(row.completion, 'sum(tokens_completion)'),
        cost: readPicodollars(row.cost, 'sum(total_cost)'),
      };
      if (byDay) usage.day = String(fields.day);
      if (byModel) usage.model = String(fields.model);
      return usage;
    });
  }
}
