#!/usr/bin/env node
// `node scripts/bench-journal.mjs` (after `npm run build`): the request path's cost of the record
// journal. GenerationWriter.record() on 100k realistic generation records (a streamed chat with a
// fallback attempt, app attribution, a user agent), once with no journal and once with the
// journal in a temporary directory (encode, one write(2) per event-loop turn for the records
// finished in it, segments rotating at 4 MB), over several interleaved rounds; prints µs per
// record for both and the difference.
// Figures are CPU time (user + system) per record, not wall time.
// For scale it also prints the floor this machine puts under any such journal: one bare
// write(2) of a record-sized line to /dev/null and to a file (syscall cost differs a lot between
// machines and VMs), and the encoding alone.
// Options: --records N (100000), --rounds R (5), --per-turn K (8: records finished per turn)
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GenerationWriter } from '../dist/metering/generation-writer.js';
import { RecordJournal } from '../dist/metering/record-journal.js';
import { encodeGenerationRecord } from '../dist/metering/record-journal-codec.js';

const { values } = parseArgs({ options: { records: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '5' }, 'per-turn': { type: 'string', default: '8' } } });
const count = Number(values.records);
const rounds = Number(values.rounds);
const perTurn = Number(values['per-turn']);
const BATCH = 256;

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const neverFlush = { setTimeout: () => 0, clearTimeout: () => undefined };
const store = { insertGenerations: async () => undefined, getGeneration: async () => undefined, listGenerations: async () => [] };

function makeRecords(round) {
  const records = new Array(count);
  const createdAt = Date.now();
  for (let index = 0; index < count; index += 1) {
    records[index] = {
      id: `gen-${Math.floor(createdAt / 1000)}-r${round}x${String(index).padStart(12, '0')}`,
      upstreamId: `chatcmpl-${(index * 2654435761 >>> 0).toString(16)}`,
      createdAt: createdAt + index,
      apiKeyHash: '3f9a1c7e5b2d4860a1f3c5e7b9d1f3a5c7e9b1d3f5a7c9e13f9a1c7e5b2d4860',
      model: 'thudm/glm-4-32b',
      providerName: 'Acme AI',
      providerSlug: 'acme',
      endpointId: 'thudm/glm-4-32b@acme',
      apiType: 'chat',
      streamed: index % 2 === 0,
      cancelled: false,
      finishReason: 'stop',
      nativeFinishReason: 'stop',
      latencyMs: 180 + (index % 50),
      generationTimeMs: 1200 + (index % 700),
      tokensPrompt: 1234 + (index % 100),
      tokensCompletion: 256 + (index % 300),
      nativeTokensPrompt: 1234 + (index % 100),
      nativeTokensCompletion: 256 + (index % 300),
      nativeTokensReasoning: 0,
      nativeTokensCached: 0,
      nativeTokensCacheWrite: 0,
      numMediaPrompt: 0,
      totalCost: 357_600_000n + BigInt(index),
      cacheDiscount: 0n,
      appTitle: 'Switchboard Playground',
      httpReferer: 'https://playground.example.com/',
      appCategories: null,
      userAgent: 'OpenAI/JS 6.49.0',
      externalUser: null,
      sessionId: null,
      errorMessage: null,
      attempts: [
        { providerName: 'Zephyr', providerSlug: 'zephyr', endpointId: 'thudm/glm-4-32b@zephyr', model: 'thudm/glm-4-32b', status: 503, latencyMs: 87, errorKind: 'upstream_unavailable', errorMessage: 'Service Unavailable' },
        { providerName: 'Acme AI', providerSlug: 'acme', endpointId: 'thudm/glm-4-32b@acme', model: 'thudm/glm-4-32b', status: 200, latencyMs: 180 },
      ],
    };
  }
  return records;
}

/** CPU time (user + system) since `started`: on a shared machine wall time mostly measures the neighbours. */
function cpuMicros(started) {
  const { user, system } = process.cpuUsage(started);
  return user + system;
}

/**
 * record() on every record, `perTurn` records per turn of the event loop (the responses that
 * finish in one turn share one journal write), awaiting what record() returns as the request
 * path does. The whole run is timed, the journal's setImmediate write included; the writer's
 * store commits at once, so the journal deletes finished segments as in steady state.
 */
async function run(records, journal) {
  const writer = new GenerationWriter({ store, logger: { error: () => undefined }, timers: neverFlush, maxBatchSize: BATCH, ...(journal ? { journal } : {}) });
  const started = process.cpuUsage();
  for (let start = 0; start < records.length; start += perTurn) {
    const end = Math.min(records.length, start + perTurn);
    let journaled;
    for (let index = start; index < end; index += 1) journaled = writer.record(records[index]);
    if (journaled !== undefined) await journaled;
    else await new Promise((resolve) => setImmediate(resolve));
  }
  const micros = cpuMicros(started);
  await writer.flush();
  return micros / records.length;
}

function perRecord(work) {
  const started = process.cpuUsage();
  for (let index = 0; index < count; index += 1) work(index);
  return cpuMicros(started) / count;
}

const plain = [];
const journaled = [];
const encodeOnly = [];
const devNull = [];
const bareFile = [];
for (let round = 0; round < rounds; round += 1) {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-journal-'));
  const journal = new RecordJournal({ dir, storeIdentity: 'sqlite:/bench.db', log: quiet });
  plain.push(await run(makeRecords(round * 3), undefined));
  journaled.push(await run(makeRecords(round * 3 + 1), journal));
  await journal.close();
  const records = makeRecords(round * 3 + 2);
  // Flattened, as the journal's writeSync flattens its freshly concatenated line.
  const lines = records.map((record) => Buffer.from(encodeGenerationRecord(record)).toString());
  let length = 0;
  encodeOnly.push(perRecord((index) => (length += encodeGenerationRecord(records[index]).length)));
  const nullFd = openSync('/dev/null', 'a');
  devNull.push(perRecord((index) => writeSync(nullFd, lines[index])));
  closeSync(nullFd);
  const fileFd = openSync(join(dir, 'bare.ndjson'), 'ax');
  bareFile.push(perRecord((index) => writeSync(fileFd, lines[index])));
  closeSync(fileFd);
  rmSync(dir, { recursive: true, force: true });
  if (round === 0) console.log(`a record line is ${Buffer.byteLength(lines[0])} bytes`);
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const format = (value) => value.toFixed(2);
console.log(`${count} records × ${rounds} rounds, ${perTurn} records per event-loop turn (median of rounds)`);
console.log(`record() without journal: ${format(median(plain))} µs/record  [${plain.map(format).join(', ')}]`);
console.log(`record() with journal:    ${format(median(journaled))} µs/record  [${journaled.map(format).join(', ')}]`);
console.log(`journal cost:             ${format(median(journaled) - median(plain))} µs/record`);
console.log(`  of which encoding:      ${format(median(encodeOnly))} µs/record  [${encodeOnly.map(format).join(', ')}]`);
console.log(`floor: write(2) to /dev/null ${format(median(devNull))} µs, to a file ${format(median(bareFile))} µs per line`);
