import { synthesizeToolCallId } from './synthesize-tool-call-id.js';

/** What to emit for one streamed tool-call delta. */
export interface ResolvedToolCallDelta {
  index: number;
  /** Set only on the first delta of a call. */
  id?: string;
  /** Set only once per call, on the first delta that carries it. */
  name?: string;
}

/**
 * Keeps streamed tool calls apart. OpenAI sends `index` on every delta and `id`/`name` on the
 * first one only; other servers repeat the id on every delta, send the name late, omit
 * `index`, or reuse one index for several parallel calls with different ids
 * (see openrouter-notes §29.11). The upstream index is kept whenever it is unambiguous.
 */
export class OpenAIToolCallTracker {
  /** Upstream index → our index (equal unless the upstream reused an index). */
  private readonly indexByUpstream = new Map<number, number>();
  private readonly idByIndex = new Map<number, string>();
  private readonly indexById = new Map<string, number>();
  private readonly named = new Set<number>();
  /** Calls whose id we made up: a late upstream id for them is ignored, not taken as a new call. */
  private readonly synthesized = new Set<number>();
  private nextIndex = 0;
  private lastIndex: number | undefined;

  /** Decides which call a delta belongs to and whether it is the one to carry the id and name. */
  resolve(
    upstreamIndex: number | null | undefined,
    upstreamId: string | null | undefined,
    name: string | null | undefined,
    /** Position in the delta's `tool_calls` array: entries after the first are always other calls. */
    position: number,
  ): ResolvedToolCallDelta {
    const id = upstreamId || undefined;
    const index = this.indexFor(upstreamIndex ?? undefined, id, position > 0);
    this.lastIndex = index;
    if (index >= this.nextIndex) this.nextIndex = index + 1;

    const resolved: ResolvedToolCallDelta = { index };
    if (!this.idByIndex.has(index)) {
      // A call the upstream never gave an id still needs one for the client's tool message.
      const announced = id ?? synthesizeToolCallId();
      if (id === undefined) this.synthesized.add(index);
      this.idByIndex.set(index, announced);
      this.indexById.set(announced, index);
      resolved.id = announced;
    }
    if (name && !this.named.has(index)) {
      this.named.add(index);
      resolved.name = name;
    }
    return resolved;
  }

  private indexFor(upstreamIndex: number | undefined, id: string | undefined, notFirstInChunk: boolean): number {
    if (id !== undefined) {
      const known = this.indexById.get(id);
      if (known !== undefined) return known;
    }
    if (upstreamIndex === undefined) {
      // No index: a new id, or a second entry in one delta, starts a new call; otherwise the
      // delta continues the last call.
      if (id !== undefined || notFirstInChunk || this.lastIndex === undefined) return this.nextIndex;
      return this.lastIndex;
    }
    const mapped = this.indexByUpstream.get(upstreamIndex);
    const reused = id !== undefined && mapped !== undefined && this.idByIndex.has(mapped) && !this.synthesized.has(mapped);
    if (mapped !== undefined && !reused) return mapped;
    // First sight of this upstream index, or a new id on an index already in use.
    const index = mapped === undefined && !this.idByIndex.has(upstreamIndex) ? upstreamIndex : this.nextIndex;
    this.indexByUpstream.set(upstreamIndex, index);
    return index;
  }
}
