/**
 * The stream relay's turn in the event loop. A committed stream that waited for its upstream
 * writes what arrived in the check phase (`setImmediate`), after the I/O callbacks of the same
 * loop iteration, instead of in the middle of them. On a busy core this puts new requests and
 * first tokens that arrived in the same batch ahead of the token relays of running streams, so
 * relays do not queue ahead of them (time to first byte), and the writes of one batch go out
 * back to back, which wakes the clients' readers fewer times (BENCHMARKS.md, "Results —
 * session 8"). A stream's first bytes never wait for a turn: only a relay that had to wait does.
 *
 * One `setImmediate` and one promise serve every stream that waits in the same iteration.
 */
let pending: { promise: Promise<void>; resolve: () => void } | undefined;

/** Resolves in the check phase of the current event-loop iteration (the next, if called there). */
export function relayTurn(): Promise<void> {
  if (pending !== undefined) return pending.promise;
  let resolve = (): void => undefined;
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  pending = { promise, resolve };
  setImmediate(startTurn);
  return promise;
}

function startTurn(): void {
  const turn = pending as NonNullable<typeof pending>;
  pending = undefined;
  turn.resolve();
}
