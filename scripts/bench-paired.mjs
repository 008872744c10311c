#!/usr/bin/env node
// Paired figures from one harness run: each target (Switchboard, its variants, the peers)
// against the bare proxy *in the same repetition* (the harness interleaves targets within a
// repetition, so a repetition's pair shares the machine's speed of that minute), then the
// median over repetitions. On a shared VM whose speed moves between repetitions, the per-target
// medians the harness reports can pair a fast repetition of one target with a slow one of bare. Usage: node scripts/bench-paired.mjs OUT_DIR
// (the harness's --out directory); prints Markdown and writes OUT_DIR/paired.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REFERENCE = 'bare';

/** One row per (target, scenario): the figure of every repetition and their median. */
export function pairRuns(runs) {
  const byKey = new Map();
  for (const run of runs) byKey.set(`${run.target}\u0000${run.scenario}\u0000${run.rep}`, run);
  const rows = [];
  const targets = [...new Set(runs.map((run) => run.target))].filter((target) => target !== REFERENCE && target !== 'direct');
  const scenarios = [...new Set(runs.map((run) => run.scenario))];
  for (const target of targets) {
    for (const scenario of scenarios) {
      const figure = FIGURES[scenario.replace(/-c\d+$/, '')];
      if (figure === undefined) continue;
      const perRep = [];
      for (const run of runs) {
        if (run.target !== target || run.scenario !== scenario) continue;
        const bare = byKey.get(`${REFERENCE}\u0000${scenario}\u0000${run.rep}`);
        if (bare === undefined || run.errors > 0 || bare.errors > 0) continue;
        perRep.push({ rep: run.rep, ...figure(run, bare) });
      }
      if (perRep.length === 0) continue;
      perRep.sort((a, b) => a.rep - b.rep);
      rows.push({ target, scenario, perRep, median: Object.fromEntries(Object.keys(perRep[0]).filter((k) => k !== 'rep').map((k) => [k, median(perRep.map((p) => p[k]))])) });
    }
  }
  return rows;
}

/** What is paired per scenario family: latency over bare, throughput and CPU as ratios. */
const FIGURES = {
  json: (run, bare) => ({ p50OverBareMs: run.p50 - bare.p50, rpsRatio: run.rps / bare.rps, cpuRatio: run.cpu_us_per_req / bare.cpu_us_per_req }),
  sse: (run, bare) => ({ ttfbOverBareMs: run.ttfb50 - bare.ttfb50, cpuRatio: run.cpu_us_per_req / bare.cpu_us_per_req }),
};

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const ms = (value) => `${value >= 0 ? '+' : ''}${value.toFixed(3)}`;
const ratio = (value) => value.toFixed(2);

export function renderPaired(rows) {
  const lines = [
    `Paired with \`${REFERENCE}\` in the same repetition (per repetition, then the median over them):`,
    '',
    '| target | scenario | median | per repetition |',
    '|---|---|---|---|',
  ];
  for (const { target, scenario, perRep, median: mid } of rows) {
    const describe = (figure) =>
      'ttfbOverBareMs' in figure
        ? `TTFB ${ms(figure.ttfbOverBareMs)} ms, CPU ×${ratio(figure.cpuRatio)}`
        : `p50 ${ms(figure.p50OverBareMs)} ms, req/s ×${ratio(figure.rpsRatio)}, CPU ×${ratio(figure.cpuRatio)}`;
    lines.push(`| ${target} | ${scenario} | ${describe(mid)} | ${perRep.map((p) => `${p.rep}: ${'ttfbOverBareMs' in p ? ms(p.ttfbOverBareMs) : `${ms(p.p50OverBareMs)}, ×${ratio(p.rpsRatio)}`}`).join('; ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Reads OUT_DIR/runs.json, writes OUT_DIR/paired.md and returns its text (undefined: no runs). */
export function writePairedReport(dir) {
  const runsFile = join(dir, 'runs.json');
  if (!existsSync(runsFile)) return undefined;
  const text = renderPaired(pairRuns(JSON.parse(readFileSync(runsFile, 'utf8'))));
  writeFileSync(join(dir, 'paired.md'), text);
  return text;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!process.argv[2]) {
    console.error('usage: node scripts/bench-paired.mjs OUT_DIR');
    process.exit(2);
  }
  const text = writePairedReport(process.argv[2]);
  if (text === undefined) {
    console.error(`bench-paired: no runs.json in ${process.argv[2]}`);
    process.exit(1);
  }
  process.stdout.write(`\n${text}`);
}
