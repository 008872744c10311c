import { describe, expect, it } from 'vitest';
import { median, pairRuns, renderPaired } from './bench-paired.mjs';

/** A harness run record, as runs.json holds them (only the fields the pairing reads). */
function run(target, scenario, rep, figures) {
  return { target, scenario, rep, errors: 0, cpu_us_per_req: 100, ...figures };
}

describe('paired bench figures', () => {
  it('pairs each repetition with the bare proxy of the same repetition, then takes the median', () => {
    const runs = [
      run('direct', 'sse-c32', 1, { ttfb50: 0.7 }),
      run('bare', 'sse-c32', 1, { ttfb50: 1.5, cpu_us_per_req: 1000 }),
      run('switchboard', 'sse-c32', 1, { ttfb50: 3.5, cpu_us_per_req: 2000 }),
      run('bare', 'sse-c32', 2, { ttfb50: 1.0, cpu_us_per_req: 1000 }),
      run('switchboard', 'sse-c32', 2, { ttfb50: 1.4, cpu_us_per_req: 1500 }),
      // A slow repetition moves both: the pair stays close though the medians per target would not.
      run('bare', 'sse-c32', 3, { ttfb50: 2.4, cpu_us_per_req: 2000 }),
      run('switchboard', 'sse-c32', 3, { ttfb50: 2.9, cpu_us_per_req: 3200 }),
    ];
    const [row] = pairRuns(runs);
    expect(row.target).toBe('switchboard');
    expect(row.perRep.map((p) => Number(p.ttfbOverBareMs.toFixed(3)))).toEqual([2, 0.4, 0.5]);
    expect(row.median.ttfbOverBareMs).toBeCloseTo(0.5, 9);
    expect(row.median.cpuRatio).toBeCloseTo(1.6, 9);
    expect(renderPaired([row])).toContain('| switchboard | sse-c32 | TTFB +0.500 ms, CPU ×1.60 | 1: +2.000; 2: +0.400; 3: +0.500 |');
  });

  it('pairs non-streamed runs on p50, throughput and CPU, and skips repetitions with errors or no bare run', () => {
    const runs = [
      run('bare', 'json-c64', 1, { p50: 2.0, rps: 8000, cpu_us_per_req: 120 }),
      run('switchboard', 'json-c64', 1, { p50: 2.5, rps: 4800, cpu_us_per_req: 200 }),
      run('bare', 'json-c64', 2, { p50: 2.0, rps: 8000, errors: 3 }),
      run('switchboard', 'json-c64', 2, { p50: 9.0, rps: 100 }),
      run('switchboard', 'json-c64', 3, { p50: 9.0, rps: 100 }),
    ];
    const [row] = pairRuns(runs);
    expect(row.perRep).toHaveLength(1);
    expect(row.median.p50OverBareMs).toBeCloseTo(0.5, 9);
    expect(row.median.rpsRatio).toBeCloseTo(0.6, 9);
    expect(row.median.cpuRatio).toBeCloseTo(200 / 120, 9);
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
