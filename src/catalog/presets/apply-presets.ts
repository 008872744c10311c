import { configError } from '../config-path.js';
import type { EnvironmentVariables } from '../interpolate-environment.js';
import { PROVIDER_PRESETS } from './provider-presets.js';
import type { PresetModelInput, ProviderPreset } from './preset-types.js';

export interface ApplyPresetsOptions {
  environment: EnvironmentVariables;
  /** Adapter registry keys: a preset whose adapter is not registered is skipped, not an error. */
  knownAdapters: readonly string[];
  /** Defaults to the built-in PROVIDER_PRESETS. */
  presets?: readonly ProviderPreset[];
}

/** What the presets did, for the start-up log. */
export interface PresetReport {
  enabled: string[];
  skipped: { slug: string; reason: string }[];
}

export type ApplyPresetsResult = { ok: true; config: unknown; report: PresetReport } | { ok: false; errors: string[] };

type RawConfig = Record<string, unknown>;

/**
 * Merges the presets enabled by the environment into a config as written (before schema
 * validation, so the result is validated like any file). The config's own entries win: a
 * preset whose provider slug the config defines is skipped, and so is a preset model whose id
 * the config defines. A model several enabled presets serve becomes one model with one
 * endpoint per preset. `presets: false` turns them off; a list names the ones allowed.
 */
export function applyPresets(raw: unknown, options: ApplyPresetsOptions): ApplyPresetsResult {
  const report: PresetReport = { enabled: [], skipped: [] };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: true, config: raw, report };
  const config = raw as RawConfig;
  const all = options.presets ?? PROVIDER_PRESETS;
  const selection = config.presets ?? true;
  // A mistyped `presets` is the schema's to report.
  if (selection === false || (selection !== true && !Array.isArray(selection))) return { ok: true, config, report };
  const allowed = selection === true ? undefined : selection;
  const errors = unknownPresetErrors(allowed, all);
  if (errors.length > 0) return { ok: false, errors };

  const userProviders = Array.isArray(config.providers) ? (config.providers as unknown[]) : [];
  const userModels = Array.isArray(config.models) ? (config.models as unknown[]) : [];
  const userProviderSlugs = new Set(userProviders.map((provider) => slugOf(provider)));
  const userModelIds = new Set(userModels.map((model) => slugOf(model, 'id')));
  const providers: unknown[] = [];
  const models = new Map<string, PresetModelInput>();

  for (const preset of all) {
    const slug = preset.provider.slug;
    if (allowed && !allowed.includes(slug)) continue;
    const access = presetAccess(preset, options.environment);
    if (!access) continue;
    if (userProviderSlugs.has(slug)) {
      report.skipped.push({ slug, reason: 'the config defines a provider with this slug' });
      continue;
    }
    if (!options.knownAdapters.includes(preset.provider.adapter)) {
      report.skipped.push({ slug, reason: `no "${preset.provider.adapter}" adapter is registered` });
      continue;
    }
    report.enabled.push(slug);
    providers.push({ ...preset.provider, ...access.provider });
    for (const model of [...preset.models, ...access.models]) {
      if (!userModelIds.has(model.id)) mergeModel(models, model);
    }
  }
  if (providers.length === 0) return { ok: true, config, report };
  return { ok: true, config: { ...config, providers: [...userProviders, ...providers], models: [...userModels, ...models.values()] }, report };
}

/** The key or URL that enables a preset, or undefined when its environment is not set. */
function presetAccess(preset: ProviderPreset, environment: EnvironmentVariables): { provider: Record<string, string>; models: PresetModelInput[] } | undefined {
  if ('api_key_env' in preset.enabled_by) {
    const name = preset.enabled_by.api_key_env.find((variable) => nonEmpty(environment[variable]));
    return name === undefined ? undefined : { provider: { api_key: environment[name]!.trim() }, models: [] };
  }
  const baseUrl = environment[preset.enabled_by.base_url_env];
  if (!nonEmpty(baseUrl)) return undefined;
  return { provider: { base_url: baseUrl.trim() }, models: preset.local_model ? [localModel(preset, environment)] : [] };
}

/** `ollama/llama3.2`: the server's slug as author, the served model's name (lower-cased) as slug. */
function localModel(preset: ProviderPreset, environment: EnvironmentVariables): PresetModelInput {
  const spec = preset.local_model!;
  const served = nonEmpty(environment[spec.env]) ? environment[spec.env]!.trim() : spec.default;
  const slug = served.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'default';
  return {
    id: `${preset.provider.slug}/${slug}`,
    name: `${preset.provider.name}: ${served}`,
    created: preset.catalog_date,
    context_length: spec.context_length,
    endpoints: [{ provider: preset.provider.slug, upstream_model: served, pricing: { prompt: '0', completion: '0' } }],
  };
}

/** One model per id; each preset adds its endpoint, limits kept per endpoint. */
function mergeModel(models: Map<string, PresetModelInput>, model: PresetModelInput): void {
  const known = models.get(model.id);
  if (!known) {
    models.set(model.id, { ...model, endpoints: [...(model.endpoints ?? [])] });
    return;
  }
  const contextLength = Math.max(Number(known.context_length), Number(model.context_length));
  models.set(model.id, { ...known, context_length: contextLength, endpoints: [...(known.endpoints ?? []), ...(model.endpoints ?? [])] });
}

function unknownPresetErrors(allowed: unknown[] | undefined, all: readonly ProviderPreset[]): string[] {
  if (!allowed) return [];
  const known = all.map((preset) => preset.provider.slug);
  return allowed.flatMap((entry, index) =>
    typeof entry === 'string' && !known.includes(entry) ? [configError(['presets', index], `unknown preset "${entry}" (known: ${known.join(', ')})`)] : [],
  );
}

function slugOf(entry: unknown, field = 'slug'): unknown {
  return entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>)[field] : undefined;
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
