import { DDSketch } from '@datadog/sketches-js';

/** A DDSketch as plain data: its zero count and its non-empty bins as [key, count, key, count…]. */
export interface EncodedSketch {
  z: number;
  p: number[];
  n: number[];
}

type Store = DDSketch['store'];

/**
 * DDSketch's own protobuf codec needs protobufjs, which is not a dependency; the bins are all a
 * sketch is (plus its mapping, fixed by the relative accuracy both sides are configured with).
 */
export function encodeSketch(sketch: DDSketch): EncodedSketch {
  return { z: sketch.zeroCount, p: bins(sketch.store), n: bins(sketch.negativeStore) };
}

/** The sketch back, with the same relative accuracy the encoder used; null when the data is not a sketch. */
export function decodeSketch(encoded: unknown, relativeAccuracy: number): DDSketch | null {
  if (typeof encoded !== 'object' || encoded === null) return null;
  const { z, p, n } = encoded as Partial<EncodedSketch>;
  if (typeof z !== 'number' || !isBinList(p) || !isBinList(n)) return null;
  const sketch = new DDSketch({ relativeAccuracy });
  for (let index = 0; index < p.length; index += 2) sketch.store.add(p[index]!, p[index + 1]!);
  for (let index = 0; index < n.length; index += 2) sketch.negativeStore.add(n[index]!, n[index + 1]!);
  sketch.zeroCount = z;
  sketch.count = sketch.store.count + sketch.negativeStore.count + z;
  return sketch;
}

function bins(store: Store): number[] {
  const out: number[] = [];
  store.bins.forEach((count, index) => {
    if (count > 0) out.push(index + store.offset, count);
  });
  return out;
}

function isBinList(value: unknown): value is number[] {
  return Array.isArray(value) && value.length % 2 === 0 && value.every((entry) => typeof entry === 'number' && Number.isFinite(entry));
}
