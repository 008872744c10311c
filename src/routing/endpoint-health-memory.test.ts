import { describe, expect, it } from 'vitest';
import { MemoryEndpointHealth } from './endpoint-health-memory.js';

const AT = 1_800_000_000_000;
const ID = 'thudm/glm-4-32b@cheap';

describe('MemoryEndpointHealth', () => {
  it('has no state for an endpoint without traffic (healthy by default)', () => {
    expect(new MemoryEndpointHealth().state(ID)).toBeUndefined();
  });

  it('declares an outage after a significant share of failures in 30 s, not after one', () => {
    const health = new MemoryEndpointHealth();
    for (let index = 0; index < 10; index++) health.recordResult(ID, 'success', AT + index);
    health.recordResult(ID, 'failure', AT + 20);
    health.recordResult(ID, 'failure', AT + 21);
    expect(health.state(ID)?.inOutage(AT + 22)).toBe(false);
    // Three in a row is an outage whatever the ratio.
    health.recordResult(ID, 'failure', AT + 23);
    expect(health.state(ID)?.inOutage(AT + 24)).toBe(true);
  });

  it('ends the outage when a trial succeeds, or when no failure was seen for 30 s', () => {
    const health = new MemoryEndpointHealth({ trialIntervalMs: 5_000 });
    for (let index = 0; index < 3; index++) health.recordResult(ID, 'failure', AT);
    expect(health.claimTrial(ID, AT + 1_000)).toBe(false);
    expect(health.claimTrial(ID, AT + 5_000)).toBe(true);
    expect(health.claimTrial(ID, AT + 5_001)).toBe(false);
    health.recordResult(ID, 'failure', AT + 5_100);
    expect(health.state(ID)?.inOutage(AT + 6_000)).toBe(true);
    expect(health.state(ID)?.inOutage(AT + 35_100)).toBe(false);
    health.recordResult(ID, 'failure', AT + 40_000);
    health.recordResult(ID, 'failure', AT + 40_001);
    health.recordResult(ID, 'failure', AT + 40_002);
    expect(health.claimTrial(ID, AT + 45_002)).toBe(true);
    health.recordResult(ID, 'success', AT + 45_100);
    expect(health.state(ID)?.inOutage(AT + 45_200)).toBe(false);
    // Its old failures no longer count: one more failure is not an outage again.
    health.recordResult(ID, 'failure', AT + 45_300);
    expect(health.state(ID)?.inOutage(AT + 45_400)).toBe(false);
  });

  it('keeps Retry-After as the time the endpoint may be called again', () => {
    const health = new MemoryEndpointHealth();
    health.recordResult(ID, 'rate_limited', AT, 7);
    expect(health.state(ID)?.coolingUntil).toBe(AT + 7_000);
    expect(health.state(ID)?.lastFailureAt).toBe(AT);
  });

  it('reads latency and throughput percentiles over the last 5 minutes', () => {
    const health = new MemoryEndpointHealth();
    for (let index = 1; index <= 100; index++) health.recordLatency(ID, index * 10, AT);
    health.recordThroughput(ID, 40, AT);
    health.recordThroughput(ID, 60, AT);
    const state = health.state(ID)!;
    expect(state.latencyMs('p50', AT)).toBe(500);
    expect(state.latencyMs('p90', AT)).toBe(900);
    expect(state.latencyMs('p99', AT)).toBe(990);
    expect(state.throughput('p50', AT)).toBe(40);
    expect(state.latencyMs('p50', AT + 301_000)).toBeUndefined();
  });
});
