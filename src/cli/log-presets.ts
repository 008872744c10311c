import type { PresetReport } from '../catalog/presets/apply-presets.js';
import type { Logger } from '../http/gateway-context.js';

/** Says which provider presets the environment enabled, and which it could not. */
export function logPresets(log: Logger, report: PresetReport | undefined): void {
  if (!report) return;
  if (report.enabled.length > 0) log.info('provider presets enabled', { presets: report.enabled });
  for (const skipped of report.skipped) log.warn('provider preset skipped', { preset: skipped.slug, reason: skipped.reason });
}
