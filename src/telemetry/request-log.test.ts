import { mkdtempSync, openSync, readFileSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeGenerationRecord } from '../metering/test-support/generation-record-factory.js';
import { createJsonLogger } from './json-logger.js';
import { RequestLog, generationLogMembers } from './request-log.js';

describe('the request log line', () => {
  it('holds the record’s ids, outcome, durations, tokens, cost and attempts as valid JSON', () => {
    const record = makeGenerationRecord({
      attempts: [
        { providerName: 'Acme', providerSlug: 'acme', endpointId: 'x/y@acme', model: 'x/y', status: 503, latencyMs: 12, errorKind: 'upstream_error', errorMessage: 'busy' },
        { providerName: 'DeepInfra', providerSlug: 'deepinfra', endpointId: 'x/y@deepinfra', model: 'x/y', status: 200, latencyMs: 412 },
      ],
    });
    expect(JSON.parse(`{${generationLogMembers(record)}}`)).toEqual({
      request_id: record.id,
      key_hash: 'a'.repeat(64),
      model: 'thudm/glm-4-32b',
      provider: 'deepinfra',
      api_type: 'chat',
      streamed: true,
      outcome: 'ok',
      finish_reason: 'stop',
      latency_ms: 412,
      generation_time_ms: 3180,
      tokens_prompt: 1234,
      tokens_completion: 567,
      cost_usd: '0.00043224',
      attempts: [
        { provider: 'acme', status: 503, latency_ms: 12, error: 'upstream_error' },
        { provider: 'deepinfra', status: 200, latency_ms: 412, error: null },
      ],
      app: 'Switchboard tests',
    });
  });

  it('escapes what a client controls (the app title) and writes absent values as null', () => {
    const title = 'My "app"\n\\ line two \u0001 ✓ \ud83d';
    const record = makeGenerationRecord({ appTitle: title, providerSlug: null, finishReason: null, latencyMs: null, cancelled: true, attempts: [] });
    const fields = JSON.parse(`{${generationLogMembers(record)}}`) as Record<string, unknown>;
    expect(fields).toMatchObject({ app: title, provider: null, finish_reason: null, latency_ms: null, outcome: 'cancelled', attempts: [] });
    expect(generationLogMembers(record)).not.toContain('\n');
    expect(JSON.parse(`{${generationLogMembers(makeGenerationRecord({ errorMessage: 'upstream died' }))}}`)).toMatchObject({ outcome: 'error' });
  });

  it('is written by the JSON logger in pino’s shape: level, time, fields, message', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'request-log-')), 'log.ndjson');
    const fd = openSync(path, 'w');
    const log = createJsonLogger({ fd });
    log.info('generation', { request_id: 'gen-1', streamed: false });
    const record = makeGenerationRecord();
    new RequestLog(log).generations([record]);
    log.flush();
    closeSync(fd);
    const [viaPino, handWritten] = readFileSync(path, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(Object.keys(viaPino!)).toEqual(['level', 'time', 'request_id', 'streamed', 'message']);
    const keys = Object.keys(handWritten!);
    expect([keys[0], keys[1], keys.at(-1)]).toEqual(['level', 'time', 'message']);
    expect(handWritten).toMatchObject({ level: 'info', message: 'generation', request_id: record.id, cost_usd: '0.00043224' });
    expect(Date.parse(String(handWritten!.time))).toBeGreaterThan(Date.parse(String(viaPino!.time)) - 1000);
  });

  it('goes through info() with the same fields for a logger without infoMembers', () => {
    const lines: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    const record = makeGenerationRecord();
    new RequestLog({ info: (message, fields) => lines.push({ message, ...(fields ? { fields } : {}) }), warn: () => undefined, error: () => undefined }).generations([record]);
    expect(lines).toEqual([{ message: 'generation', fields: JSON.parse(`{${generationLogMembers(record)}}`) }]);
  });

  it('is not written by a quiet logger', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'request-log-')), 'log.ndjson');
    const fd = openSync(path, 'w');
    const log = createJsonLogger({ fd, quiet: true });
    new RequestLog(log).generations([makeGenerationRecord()]);
    log.flush();
    closeSync(fd);
    expect(readFileSync(path, 'utf8')).toBe('');
  });
});
