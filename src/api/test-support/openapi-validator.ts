import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** The spec we keep: OpenRouter's published OpenAPI 3.1 document, vendored in reference/. */
const SPEC_PATH = fileURLToPath(new URL('../../../reference/openrouter-openapi.yaml', import.meta.url));

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

/**
 * Deliberate, documented deviation: a self-hosted gateway's providers have operator-chosen
 * display names, so OpenRouter's enum of its own provider names (as `ProviderName` and inline
 * copies of it) becomes any string. Nothing else is relaxed.
 */
function relax(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relax);
  if (!value || typeof value !== 'object') return value;
  const schema = value as Record<string, unknown>;
  if (Array.isArray(schema.enum) && schema.enum.includes('OpenAI') && schema.enum.includes('Anthropic')) {
    return { type: 'string' };
  }
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(schema)) out[key] = relax(entry);
  return out;
}

let cached: { ajv: Ajv2020; document: OpenApiDocument } | undefined;

function load(): { ajv: Ajv2020; document: OpenApiDocument } {
  if (cached) return cached;
  const document = relax(parse(readFileSync(SPEC_PATH, 'utf8'), { maxAliasCount: -1 })) as OpenApiDocument;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, discriminator: false });
  addFormats.default(ajv);
  for (const format of ['double', 'float', 'int32', 'int64']) ajv.addFormat(format, true);
  ajv.addSchema({ $id: 'openrouter', components: document.components }, 'openrouter');
  cached = { ajv, document };
  return cached;
}

const validators = new Map<string, ValidateFunction>();

/**
 * Validates a response body against the spec's schema for that operation and status; returns
 * the list of problems (empty when valid).
 */
export function validateAgainstSpec(path: string, method: string, status: number, body: unknown, contentType = 'application/json'): string[] {
  const key = `${method} ${path} ${status} ${contentType}`;
  let validate = validators.get(key);
  if (!validate) {
    const { ajv, document } = load();
    const schema = document.paths[path]?.[method]?.responses?.[String(status)]?.content?.[contentType]?.schema;
    if (!schema) throw new Error(`the spec has no ${contentType} schema for ${method.toUpperCase()} ${path} ${status}`);
    validate = ajv.compile(rewriteRefs(schema) as Record<string, unknown>);
    validators.set(key, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

/** Validates a value against a named component schema (e.g. ChatStreamChunk). */
export function validateComponent(name: string, value: unknown): string[] {
  const key = `#component ${name}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = load().ajv.compile({ $ref: `openrouter#/components/schemas/${name}` });
    validators.set(key, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) {
      out[key] = key === '$ref' && typeof entry === 'string' && entry.startsWith('#/') ? `openrouter${entry}` : rewriteRefs(entry);
    }
    return out;
  }
  return value;
}
