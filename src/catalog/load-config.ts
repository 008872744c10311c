import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { Catalog } from './catalog-types.js';
import { buildCatalog } from './build-catalog.js';
import { gatewayConfigSchema, type GatewayConfig } from './config-schema.js';
import { formatSchemaIssues } from './format-schema-issues.js';
import { interpolateEnvironment, type EnvironmentVariables } from './interpolate-environment.js';
import { applyPresets, type PresetReport } from './presets/apply-presets.js';
import { DEFAULT_KNOWN_ADAPTERS } from './build-catalog.js';

/** Injectable inputs of loading, so tests and the adapter registry can supply their own. */
export interface ConfigLoadOptions {
  /** Values for `${NAME}`; defaults to process.env. */
  environment?: EnvironmentVariables;
  /** Adapter registry keys; defaults to DEFAULT_KNOWN_ADAPTERS. */
  knownAdapters?: readonly string[];
  /**
   * Where provider presets look for their keys (`serve` passes process.env). Without it no
   * preset is merged, so a config validates the same on every machine.
   */
  presetEnvironment?: EnvironmentVariables;
}

/**
 * A config either loads completely or not at all, with every problem listed: user mistakes are
 * values, never exceptions. The catalog built while validating comes along so callers need not
 * build it twice.
 */
export type ConfigLoadResult = { ok: true; config: GatewayConfig; catalog: Catalog; presets?: PresetReport } | { ok: false; errors: string[] };

/** Reads, interpolates and validates a YAML config file. */
export async function loadConfigFile(path: string, options: ConfigLoadOptions = {}): Promise<ConfigLoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [`${path}: cannot read config file (${reason})`] };
  }
  return parseConfigText(text, path, options);
}

/** Parses YAML text (named `sourceName` in syntax errors), interpolates `${ENV}`, validates. */
export function parseConfigText(text: string, sourceName: string, options: ConfigLoadOptions = {}): ConfigLoadResult {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    return {
      ok: false,
      errors: document.errors.map((error) => {
        const position = error.linePos?.[0];
        const where = position ? `${sourceName}:${position.line}:${position.col}` : sourceName;
        return `${where}: ${firstLine(error.message)}`;
      }),
    };
  }
  const parsed: unknown = document.toJS();
  if (parsed === null || parsed === undefined) {
    return { ok: false, errors: [`${sourceName}: the file is empty; expected a mapping with providers and models`] };
  }
  const interpolated = interpolateEnvironment(parsed, options.environment ?? process.env);
  if (interpolated.errors.length > 0) return { ok: false, errors: interpolated.errors };
  return validateConfig(interpolated.value, options);
}

/**
 * Validates a config object (YAML already parsed, or built in code like the demo's) exactly as
 * a file is validated: schema first, then the catalog cross-checks.
 */
export function validateConfig(raw: unknown, options: Pick<ConfigLoadOptions, 'knownAdapters' | 'presetEnvironment'> = {}): ConfigLoadResult {
  let presets: PresetReport | undefined;
  if (options.presetEnvironment) {
    const applied = applyPresets(raw, { environment: options.presetEnvironment, knownAdapters: options.knownAdapters ?? DEFAULT_KNOWN_ADAPTERS });
    if (!applied.ok) return applied;
    raw = applied.config;
    presets = applied.report;
  }
  const parsed = gatewayConfigSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: formatSchemaIssues(parsed.error.issues, gatewayConfigSchema) };
  const built = buildCatalog(parsed.data, options);
  if (!built.ok) return built;
  return { ok: true, config: parsed.data, catalog: built.catalog, ...(presets ? { presets } : {}) };
}

function firstLine(message: string): string {
  // yaml's pretty messages end with " at line N, column M:" and a code frame; the position is
  // already in the prefix.
  const line = message.split('\n', 1)[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
}
