/**
 * Config error paths in one style, `models[2].endpoints[0].provider`, so that every message
 * (schema, environment, cross-checks) points at the same place the same way.
 */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) {
      text += text === '' ? segment : `.${segment}`;
    } else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text === '' ? 'config' : text;
}

/** One path-scoped error line: `<path>: <message>`. */
export function configError(path: readonly PropertyKey[], message: string): string {
  return `${formatConfigPath(path)}: ${message}`;
}
