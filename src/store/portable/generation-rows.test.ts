import { describe, expect, it } from 'vitest';
import { makeGenerationRecord } from '../../metering/test-support/generation-record-factory.js';
import { GENERATION_COLUMNS, generationFromRow, generationRowValues, generationToRow } from './generation-rows.js';

describe('generation rows', () => {
  it('lists every column of the row once, and gives positional values in that order', () => {
    const record = makeGenerationRecord({ errorMessage: 'busy', sessionId: 'session-1', cancelled: true });
    const row = generationToRow(record);
    expect([...GENERATION_COLUMNS].sort()).toEqual(Object.keys(row).sort());
    expect(generationRowValues(record)).toEqual(GENERATION_COLUMNS.map((column) => row[column]));
  });

  it('reads back the record it wrote', () => {
    const record = makeGenerationRecord({ finishReason: 'length', totalCost: 123_456_789_012_345n });
    const row = Object.fromEntries(GENERATION_COLUMNS.map((column, index) => [column, generationRowValues(record)[index]]));
    expect(generationFromRow({ ...row, total_cost: String(row.total_cost), cache_discount: String(row.cache_discount) } as never)).toEqual(record);
  });
});
