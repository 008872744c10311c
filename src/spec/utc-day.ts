const DAY_MS = 86_400_000;

/** The last day formatted: records of one batch (and one request) almost always share it. */
let memo: { startMs: number; text: string } | undefined;

/** The UTC calendar day (`YYYY-MM-DD`) of a unix-ms time. */
export function utcDayString(unixMs: number): string {
  if (memo !== undefined && unixMs >= memo.startMs && unixMs < memo.startMs + DAY_MS) return memo.text;
  const startMs = Math.floor(unixMs / DAY_MS) * DAY_MS;
  const text = new Date(startMs).toISOString().slice(0, 10);
  if (Number.isFinite(startMs)) memo = { startMs, text };
  return text;
}
