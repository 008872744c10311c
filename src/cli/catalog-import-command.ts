import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { Document, isMap, isSeq, parseDocument } from 'yaml';
import { convertOpenRouterModels } from '../catalog/import/convert-openrouter-models.js';
import { parseConfigText } from '../catalog/load-config.js';
import { PROVIDER_PRESETS } from '../catalog/presets/provider-presets.js';
import { adapterProtocols } from '../providers/adapter-registry.js';

export interface CatalogImportArguments {
  file: string;
  /** Provider the imported models are served by; default `openrouter`. */
  provider?: string;
  /** Config file to add the models to (created when missing); stdout when absent. */
  out?: string;
}

/**
 * `switchboard catalog import FILE`: an OpenRouter `GET /models` document → `models:` entries of
 * our config on one provider, validated like any config before anything is written. Models
 * the target file already has are kept as they are (the file's entries win).
 */
export async function catalogImportCommand(args: CatalogImportArguments): Promise<boolean> {
  const provider = args.provider ?? 'openrouter';
  let document: unknown;
  try {
    document = JSON.parse(await readFile(args.file, 'utf8'));
  } catch (error) {
    process.stderr.write(`${args.file}: cannot read an OpenRouter /models JSON document (${error instanceof Error ? error.message : String(error)})\n`);
    return false;
  }
  let imported: ReturnType<typeof convertOpenRouterModels>;
  try {
    imported = convertOpenRouterModels(document, provider);
  } catch {
    process.stderr.write(`${args.file}: expected {"data": [models…]} as GET /api/v1/models answers\n`);
    return false;
  }

  const target = args.out !== undefined && existsSync(args.out) ? parseDocument(await readFile(args.out, 'utf8')) : new Document({ providers: [], models: [] });
  if (target.errors.length > 0) {
    process.stderr.write(`${args.out ?? ''}: not valid YAML (${target.errors[0]!.message.split('\n', 1)[0] ?? ''})\n`);
    return false;
  }
  if (!ensureProvider(target, provider)) {
    process.stderr.write(`provider "${provider}" is neither defined in ${args.out ?? 'the output'} nor a built-in preset (${PROVIDER_PRESETS.map((preset) => preset.provider.slug).join(', ')})\n`);
    return false;
  }
  const existing = new Set(entries(target, 'models').map((model) => model.get('id')));
  const kept = imported.models.filter((model) => !existing.has(model.id));
  for (const model of imported.models) if (existing.has(model.id)) imported.skipped.push({ id: model.id, reason: 'already in the config (kept as it is)' });
  appendAll(target, 'models', kept);

  const text = target.toString({ lineWidth: 0 });
  const name = args.out ?? 'imported catalog';
  const validated = parseConfigText(text, name, { knownAdapters: adapterProtocols(), environment: withPlaceholders(text) });
  if (!validated.ok) {
    process.stderr.write(`${name}: the imported catalog does not validate\n${validated.errors.map((line) => `  ${line}`).join('\n')}\n`);
    return false;
  }
  if (args.out !== undefined) await writeFile(args.out, text);
  else process.stdout.write(text);
  process.stderr.write(`imported ${kept.length} models on provider "${provider}"${args.out ? ` into ${args.out}` : ''}\n`);
  for (const skipped of imported.skipped) process.stderr.write(`  skipped ${skipped.id}: ${skipped.reason}\n`);
  return true;
}

/** Adds the provider from its preset (key as `${ENV}`) when the document does not define it. */
function ensureProvider(target: Document, slug: string): boolean {
  if (entries(target, 'providers').some((provider) => provider.get('slug') === slug)) return true;
  const preset = PROVIDER_PRESETS.find((candidate) => candidate.provider.slug === slug);
  if (!preset) return false;
  const access = 'api_key_env' in preset.enabled_by ? { api_key: `\${${preset.enabled_by.api_key_env[0]}}` } : { base_url: `\${${preset.enabled_by.base_url_env}}` };
  appendAll(target, 'providers', [{ ...preset.provider, ...access }]);
  return true;
}

function entries(target: Document, key: string): { get(field: string): unknown }[] {
  const node = target.get(key, true);
  return isSeq(node) ? node.items.filter(isMap) : [];
}

function appendAll(target: Document, key: string, values: unknown[]): void {
  const node = target.get(key, true);
  if (isSeq(node)) for (const value of values) node.add(target.createNode(value));
  else target.set(key, target.createNode(values));
}

/**
 * The environment for validation: keys are not needed to check a catalog, so a `${VAR}` that is
 * unset here gets a placeholder instead of failing.
 */
function withPlaceholders(text: string): Record<string, string | undefined> {
  const environment: Record<string, string | undefined> = { ...process.env };
  for (const match of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
    const name = match[1]!;
    if (environment[name] === undefined) environment[name] = name.endsWith('_URL') ? 'http://127.0.0.1:1/v1' : 'unset';
  }
  return environment;
}
