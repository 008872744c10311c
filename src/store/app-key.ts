import type { GenerationRecord } from './store-types.js';

/** The referer is an app's identity (OpenRouter); a title alone still names one. Null: not attributed. */
export function appKeyOf(record: Pick<GenerationRecord, 'httpReferer' | 'appTitle'>): string | null {
  if (record.httpReferer !== null) return record.httpReferer;
  return record.appTitle === null ? null : `title:${record.appTitle}`;
}
