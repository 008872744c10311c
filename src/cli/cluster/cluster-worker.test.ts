import { describe, expect, it } from 'vitest';
import type { Logger } from '../../http/gateway-context.js';
import { makeGenerationRecord } from '../../metering/test-support/generation-record-factory.js';
import { RequestLog } from '../../telemetry/request-log.js';
import { withWorkerField } from './cluster-worker.js';

describe('withWorkerField', () => {
  it('tags every line with the worker id, the hand-written request-log line included', () => {
    const lines: Array<{ message: string; fields: Record<string, unknown> }> = [];
    const base: Logger = {
      info: (message, fields) => lines.push({ message, fields: fields ?? {} }),
      warn: (message, fields) => lines.push({ message, fields: fields ?? {} }),
      error: (message, fields) => lines.push({ message, fields: fields ?? {} }),
      infoMembers: (message, members) => lines.push({ message, fields: JSON.parse(`{${members}}`) as Record<string, unknown> }),
    };
    const log = withWorkerField(base, 3);
    log.warn('store slow', { ms: 40 });
    const record = makeGenerationRecord();
    new RequestLog(log).generations([record]);
    expect(lines[0]).toEqual({ message: 'store slow', fields: { worker: 3, ms: 40 } });
    expect(lines[1]).toMatchObject({ message: 'generation', fields: { worker: 3, request_id: record.id, model: record.model } });
  });

  it('offers no infoMembers when the logger it wraps has none', () => {
    const log = withWorkerField({ info: () => undefined, warn: () => undefined, error: () => undefined }, 1);
    expect(log.infoMembers).toBeUndefined();
  });
});
