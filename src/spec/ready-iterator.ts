/**
 * An async iterator that can also hand over, without a promise, an item it already holds.
 * The streamed-token path is built of these: the parts of one network read then flow from the
 * SSE parser through the adapter and the router to the response writer synchronously, with no
 * promise and microtask per layer and part (BENCHMARKS.md, "Results — session 4").
 */
export interface ReadyIterator<T> extends AsyncIterator<T> {
  /**
   * The next step if it is at hand now, or undefined when the caller must await `next()`.
   * A failure at hand is thrown, as `next()` would reject with it. Never waits.
   */
  takeReady(): IteratorResult<T> | undefined;
  /**
   * Resolves once `takeReady()` has something to answer (a step, or a failure it throws);
   * never rejects. Each layer hands down the promise of the layer below it, so a network read
   * costs one promise however many layers the stream passes through.
   */
  whenReady(): Promise<void>;
}

/** The iterator's step at hand through its fast path; undefined when it has none (await `next()`). */
export function takeReady<T>(iterator: AsyncIterator<T>): IteratorResult<T> | undefined {
  const ready = (iterator as Partial<ReadyIterator<T>>).takeReady;
  return ready === undefined ? undefined : ready.call(iterator);
}

/** `next()` of a ReadyIterator: its fast path, waiting for readiness only when nothing is at hand. */
export async function nextOf<T>(iterator: ReadyIterator<T>): Promise<IteratorResult<T>> {
  for (;;) {
    const ready = iterator.takeReady();
    if (ready !== undefined) return ready;
    await iterator.whenReady();
  }
}

/** A promise that has already resolved, for `whenReady()` when something is at hand. */
export const ALREADY_READY: Promise<void> = Promise.resolve();

/** The step that ends an iteration, shared (it carries no state). */
export const ITERATION_DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });
