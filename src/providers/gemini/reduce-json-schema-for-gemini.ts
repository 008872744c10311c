/**
 * Gemini's function `parameters` and `responseSchema` take a `Schema` object: a subset of
 * OpenAPI 3.0 (https://ai.google.dev/api/caching#Schema, v1beta). Unknown keywords are a 400
 * ("Invalid JSON payload received. Unknown name ..."), so a client's JSON Schema is reduced
 * to that subset here: references are inlined, unions rewritten, and every keyword Gemini
 * does not know is dropped, never sent. Pure; throws SchemaReductionError when the schema
 * cannot be expressed at all (a recursive or unresolvable `$ref`).
 */

export type JsonSchema = Record<string, unknown>;

export class SchemaReductionError extends Error {
  /** JSON-pointer-like path of the offending node (`properties.items.$ref`). */
  readonly path: string;

  constructor(message: string, path: string) {
    super(message);
    this.name = 'SchemaReductionError';
    this.path = path;
  }
}

/** Keywords Gemini's Schema accepts that pass through unchanged. */
const COPIED_KEYWORDS = [
  'title',
  'description',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'minProperties',
  'maxProperties',
  'pattern',
  'minimum',
  'maximum',
  'example',
  'default',
  'propertyOrdering',
] as const;

/** JSON Schema type → Gemini's `Type` enum. */
const TYPES: Readonly<Record<string, string>> = {
  string: 'STRING',
  number: 'NUMBER',
  integer: 'INTEGER',
  boolean: 'BOOLEAN',
  array: 'ARRAY',
  object: 'OBJECT',
};

/**
 * `format` values the Gemini Developer API accepts per type; others are rejected upstream
 * (Firebase AI docs: for strings "this must be either 'enum' or 'date-time'"), so they are dropped.
 */
const FORMATS: Readonly<Record<string, readonly string[]>> = {
  STRING: ['enum', 'date-time'],
  INTEGER: ['int32', 'int64', 'enum'],
  NUMBER: ['float', 'double', 'enum'],
};

interface ReductionContext {
  root: JsonSchema;
  /** `$ref`s being inlined, with where each was met, to refuse recursion instead of looping. */
  resolving: { reference: string; path: string }[];
}

/** Reduces a JSON Schema to Gemini's Schema subset (see the module comment). */
export function reduceJsonSchemaForGemini(schema: JsonSchema): JsonSchema {
  return reduceNode(schema, { root: schema, resolving: [] }, '');
}

function reduceNode(value: unknown, context: ReductionContext, path: string): JsonSchema {
  // `true` and `{}` accept anything: Gemini has no "any", so the node stays unconstrained.
  if (!isObject(value)) return {};
  let node = value;

  if (typeof node.$ref === 'string') node = inlineReference(node, context, path);
  if (Array.isArray(node.allOf)) node = mergeAllOf(node, context, path);

  const result: JsonSchema = {};
  for (const keyword of COPIED_KEYWORDS) if (node[keyword] !== undefined) result[keyword] = node[keyword];

  applyType(node, result);
  if (node.nullable === true) result.nullable = true;
  applyEnum(node, result);
  applyUnion(node, result, context, path);

  if (isObject(node.properties)) {
    const properties: JsonSchema = {};
    for (const [name, property] of Object.entries(node.properties)) properties[name] = reduceNode(property, context, `${path}properties.${name}.`);
    if (Object.keys(properties).length > 0) {
      result.properties = properties;
      if (Array.isArray(node.required)) {
        // Gemini rejects `required` names that are not declared properties.
        const required = node.required.filter((name): name is string => typeof name === 'string' && Object.hasOwn(properties, name));
        if (required.length > 0) result.required = required;
      }
    }
  }
  // Tuple forms (`items: [...]`, `prefixItems`) have no Gemini equivalent: the array stays untyped.
  if (isObject(node.items) || node.items === true) result.items = reduceNode(node.items, context, `${path}items.`);

  applyFormat(node, result);
  return result;
}

/** `{"$ref": "#/$defs/X", ...siblings}` → the referenced schema with the siblings over it. */
function inlineReference(node: JsonSchema, context: ReductionContext, path: string): JsonSchema {
  const reference = node.$ref as string;
  const open = context.resolving.find((entry) => entry.reference === reference);
  if (open !== undefined) {
    // Reported where the client's schema first uses the reference, not deep in the expansion.
    throw new SchemaReductionError(`recursive $ref "${reference}" cannot be expressed in Gemini's schema subset`, open.path);
  }
  const target = resolvePointer(context.root, reference);
  if (target === undefined) throw new SchemaReductionError(`$ref "${reference}" does not resolve inside the schema`, `${path}$ref`);
  const rest: JsonSchema = { ...node };
  delete rest.$ref;
  context.resolving.push({ reference, path: `${path}$ref` });
  try {
    // Reduce the target now, while the reference is on the stack, so cycles are caught; the
    // caller's pass over the (already reduced) result changes nothing.
    return { ...reduceNode(target, context, path), ...reduceSiblings(rest) };
  } finally {
    context.resolving.pop();
  }
}

/** Siblings of a `$ref` (description, title) override the target; schema-shaping ones are ignored. */
function reduceSiblings(rest: JsonSchema): JsonSchema {
  const siblings: JsonSchema = {};
  for (const keyword of ['title', 'description', 'default', 'example'] as const) if (rest[keyword] !== undefined) siblings[keyword] = rest[keyword];
  return siblings;
}

/** Local JSON pointers only (`#`, `#/$defs/X`, `#/definitions/X`, `#/properties/a`). */
function resolvePointer(root: JsonSchema, reference: string): JsonSchema | undefined {
  if (reference === '#') return root;
  if (!reference.startsWith('#/')) return undefined;
  let current: unknown = root;
  for (const raw of reference.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return isObject(current) ? current : undefined;
}

/**
 * `allOf` has no Gemini equivalent; the common use (composing object schemas) is merged:
 * properties and required names are united, other keywords keep their first value.
 */
function mergeAllOf(node: JsonSchema, context: ReductionContext, path: string): JsonSchema {
  const merged: JsonSchema = { ...node };
  delete merged.allOf;
  const members = node.allOf as unknown[];
  for (const [index, member] of members.entries()) {
    const reduced = reduceNode(member, context, `${path}allOf.${index}.`);
    for (const [key, value] of Object.entries(reduced)) {
      if (key === 'properties' && isObject(value)) merged.properties = { ...(isObject(merged.properties) ? merged.properties : {}), ...value };
      else if (key === 'required' && Array.isArray(value)) merged.required = [...new Set([...(Array.isArray(merged.required) ? merged.required : []), ...value])];
      else if (merged[key] === undefined) merged[key] = key === 'type' ? lowerType(value) : value;
    }
  }
  return merged;
}

/** A type already reduced by a member (`OBJECT`) back to JSON Schema form for the outer pass. */
function lowerType(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

/** `type`, with `"null"` (alone or in a type list) becoming `nullable`. */
function applyType(node: JsonSchema, result: JsonSchema): void {
  const declared = node.type;
  const names = typeof declared === 'string' ? [declared] : Array.isArray(declared) ? declared.filter((name): name is string => typeof name === 'string') : [];
  const lowered = names.map((name) => name.toLowerCase());
  if (lowered.includes('null')) result.nullable = true;
  const types = lowered.filter((name) => name !== 'null').map((name) => TYPES[name]).filter((name): name is string => name !== undefined);
  if (types.length === 1) result.type = types[0];
  // Several types: Gemini's only union is anyOf, one branch per type.
  else if (types.length > 1) result.anyOf = types.map((type) => ({ type }));
  if (result.type === undefined && result.anyOf === undefined && node.const !== undefined) {
    const inferred = TYPES[typeof node.const === 'number' ? (Number.isInteger(node.const) ? 'integer' : 'number') : typeof node.const];
    if (inferred !== undefined) result.type = inferred;
  }
}

/**
 * Gemini enums are strings (a number enum is `format: "enum"` with string values, per the
 * reference's apartment-number example). `const` becomes a one-value enum; `null` in an
 * enum becomes `nullable`; a boolean enum says no more than its type and is dropped.
 */
function applyEnum(node: JsonSchema, result: JsonSchema): void {
  const values = Array.isArray(node.enum) ? node.enum : node.const !== undefined ? [node.const] : undefined;
  if (values === undefined) return;
  if (values.includes(null)) result.nullable = true;
  const kept = values.filter((value) => typeof value === 'string' || typeof value === 'number');
  if (kept.length === 0) return;
  result.enum = kept.map(String);
  if (kept.some((value) => typeof value === 'number')) result.format = 'enum';
  else if (result.type === undefined && result.anyOf === undefined) result.type = 'STRING';
}

/** `anyOf`/`oneOf` → `anyOf`; `{"type":"null"}` branches become `nullable`, a single branch is inlined. */
function applyUnion(node: JsonSchema, result: JsonSchema, context: ReductionContext, path: string): void {
  const keyword = Array.isArray(node.anyOf) ? 'anyOf' : Array.isArray(node.oneOf) ? 'oneOf' : undefined;
  if (keyword === undefined) return;
  const branches: JsonSchema[] = [];
  for (const [index, branch] of (node[keyword] as unknown[]).entries()) {
    if (isObject(branch) && branch.type === 'null' && Object.keys(branch).length === 1) {
      result.nullable = true;
      continue;
    }
    branches.push(reduceNode(branch, context, `${path}${keyword}.${index}.`));
  }
  if (branches.length === 1) {
    const only = branches[0] as JsonSchema;
    for (const [key, value] of Object.entries(only)) if (result[key] === undefined) result[key] = value;
  } else if (branches.length > 1) {
    result.anyOf = branches;
  }
}

function applyFormat(node: JsonSchema, result: JsonSchema): void {
  if (typeof node.format !== 'string' || result.format !== undefined) return;
  const allowed = typeof result.type === 'string' ? FORMATS[result.type] : undefined;
  if (allowed?.includes(node.format)) result.format = node.format;
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
