/**
 * A PostgreSQL URL as it may appear in errors and logs: scheme, host, port and database,
 * never the user's password (nor the user, nor query parameters, which may carry secrets).
 */
export function describePostgresUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'an unparsable postgres:// URL';
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  const host = parsed.hostname === '' ? '(socket)' : parsed.hostname;
  const port = parsed.port === '' ? '' : `:${parsed.port}`;
  return `${scheme}://${host}${port}${parsed.pathname}`;
}
