import { z } from 'zod';
import { configError } from './config-path.js';
import { closestName } from './closest-name.js';

type Issue = z.core.$ZodIssue;

/**
 * Turns zod issues into the config's path-scoped error lines
 * (`models[0].contxt_length: unknown field (did you mean "context_length"?)`), in words an
 * operator reads rather than zod's internal vocabulary. `schema` lets an unknown field suggest
 * the nearest known one.
 */
export function formatSchemaIssues(issues: readonly Issue[], schema: z.ZodType): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = fieldNamesAt(schema, issue.path);
      for (const key of issue.keys) {
        const suggestion = closestName(key, known);
        const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
        lines.push(configError([...issue.path, key], `unknown field${hint}`));
      }
      continue;
    }
    lines.push(configError(issue.path, describeIssue(issue)));
  }
  return lines;
}

function describeIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'is required'
        : `expected ${describeExpected(issue.expected)}, got ${describeValue(issue.input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}, got ${describeValue(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      if (issue.origin === 'array') return `must list at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`;
      return `must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${issue.minimum}, got ${describeValue(issue.input)}`;
    case 'too_big':
      if (issue.origin === 'array') return `must list at most ${issue.maximum} items`;
      return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}, got ${describeValue(issue.input)}`;
    case 'invalid_format':
      return `${issue.message}, got ${describeValue(issue.input)}`;
    case 'invalid_union':
      return describeUnion(issue);
    default:
      return issue.message;
  }
}

function describeUnion(issue: Extract<Issue, { code: 'invalid_union' }>): string {
  if (issue.input === undefined) return 'is required';
  const expected = new Set<string>();
  for (const branch of issue.errors) {
    for (const nested of branch) {
      if (nested.code === 'invalid_type' && nested.path.length === 0) expected.add(describeExpected(nested.expected));
    }
  }
  if (expected.size === 0) return issue.message;
  return `expected ${[...expected].join(' or ')}, got ${describeValue(issue.input)}`;
}

function describeExpected(expected: string): string {
  if (expected === 'object' || expected === 'record') return 'a mapping';
  if (expected === 'array') return 'a list';
  if (expected === 'int') return 'an integer';
  return expected;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return JSON.stringify(value.toISOString().slice(0, 10));
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** The field names the schema allows at `path`, for "did you mean" hints. */
function fieldNamesAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (current instanceof z.ZodObject && typeof segment === 'string') current = current.shape[segment] as z.ZodType | undefined;
    else if (current instanceof z.ZodArray && typeof segment === 'number') current = current.element as z.ZodType;
    else return [];
    current = current ? unwrap(current) : undefined;
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else return current;
  }
}
