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
}

/** The iterator's step at hand through its fast path; undefined when it has none (await `next()`). */
export function takeReady<T>(iterator: AsyncIterator<T>): IteratorResult<T> | undefined {
  const ready = (iterator as Partial<ReadyIterator<T>>).takeReady;
  return ready === undefined ? undefined : ready.call(iterator);
}

/** The step that ends an iteration, shared (it carries no state). */
export const ITERATION_DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });
