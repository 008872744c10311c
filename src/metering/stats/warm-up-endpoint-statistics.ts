import { setImmediate as nextTurn } from 'node:timers/promises';
import type { GenerationStore } from '../../store/store-types.js';
import type { EndpointStatisticsCollector } from './endpoint-statistics.js';

const DAY_MS = 86_400_000;
/**
 * Small pages, with an event-loop turn between them: SQLite reads synchronously, and a page of
 * 1,000 records held the loop for 30–50 ms while the server was already answering (200: ~2 ms).
 */
const PAGE_SIZE = 200;

/**
 * Replays the last day's stored generations into the in-memory endpoint figures after a
 * restart, newest first, so uptime and percentiles do not start from nothing. Bounded by
 * `maxRecords`: a busy gateway gets its recent windows back without a long start-up read.
 * Only records created before `startedAt` are read; later ones reach the collector live.
 * Requests are served meanwhile: every page is followed by an event-loop turn.
 */
export async function warmUpEndpointStatistics(
  generations: GenerationStore,
  collector: EndpointStatisticsCollector,
  startedAt: number,
  maxRecords = 20_000,
): Promise<number> {
  let before = startedAt;
  let replayed = 0;
  while (replayed < maxRecords) {
    const page = await generations.listGenerations({ limit: Math.min(PAGE_SIZE, maxRecords - replayed), before });
    const recent = page.filter((record) => record.createdAt > startedAt - DAY_MS);
    collector.observe(recent);
    replayed += recent.length;
    if (recent.length < page.length || page.length === 0) break;
    // Records sharing the last page's millisecond would be skipped by an exclusive bound; a
    // stats estimate can afford that.
    before = page[page.length - 1]!.createdAt;
    await nextTurn();
  }
  return replayed;
}
