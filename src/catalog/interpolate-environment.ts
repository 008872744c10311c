import { configError } from './config-path.js';

/** Where `${NAME}` values come from; process.env by default, injectable for tests. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/** The interpolated value, and one path-scoped error per unresolved reference. */
export interface InterpolationResult {
  value: unknown;
  errors: string[];
}

// `$${` escapes a literal `${`; `${NAME}` and `${NAME:-default}` (default when unset or empty).
const REFERENCE = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const REFERENCE_BODY = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

/**
 * Replaces `${NAME}` / `${NAME:-default}` in every string value of a parsed config, so secrets
 * such as provider keys stay in the environment and out of the file. Keys are left alone. An
 * unset variable without a default is an error naming the value's path.
 */
export function interpolateEnvironment(value: unknown, environment: EnvironmentVariables): InterpolationResult {
  const errors: string[] = [];
  const result = visit(value, [], environment, errors);
  return { value: result, errors };
}

function visit(value: unknown, path: PropertyKey[], environment: EnvironmentVariables, errors: string[]): unknown {
  if (typeof value === 'string') return interpolateString(value, path, environment, errors);
  if (Array.isArray(value)) return value.map((item, index) => visit(item, [...path, index], environment, errors));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = visit(item, [...path, key], environment, errors);
    return copy;
  }
  return value;
}

function interpolateString(text: string, path: PropertyKey[], environment: EnvironmentVariables, errors: string[]): string {
  if (!text.includes('${')) return text;
  return text.replace(REFERENCE, (match: string, body: string | undefined) => {
    if (match === '$${') return '${';
    const parsed = body === undefined ? null : REFERENCE_BODY.exec(body);
    if (!parsed) {
      errors.push(configError(path, `malformed environment reference ${JSON.stringify(match)} (expected \${NAME} or \${NAME:-default})`));
      return match;
    }
    const name = parsed[1] ?? '';
    const fallback = parsed[2];
    const current = environment[name];
    if (fallback !== undefined) return current === undefined || current === '' ? fallback : current;
    if (current === undefined) {
      errors.push(configError(path, `environment variable ${name} is not set`));
      return match;
    }
    return current;
  });
}
