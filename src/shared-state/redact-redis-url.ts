/** The Redis URL for logs and errors: the password (and a username's secret part) replaced. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not a URL we can parse: say nothing about it rather than risk echoing a secret.
    return 'redis://(unparseable url)';
  }
}
