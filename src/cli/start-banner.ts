export interface BannerFacts {
  url: string;
  source: string;
  /** Printed once: on the first start only. */
  managementKey: string | null;
  /** A key that can call inference right now (the demo makes one). */
  inferenceKey: string | null;
  exampleModel: string | null;
}

/** What a newcomer needs on start: where, with what key, and a curl that works as pasted. */
export function printStartBanner(facts: BannerFacts): void {
  const lines = [
    '',
    `Switchboard is listening on ${facts.url}  (catalog: ${facts.source})`,
    `OpenAI-compatible base URL: ${facts.url}/api/v1`,
  ];
  if (facts.managementKey) {
    lines.push('', `Management key (shown once, stored hashed; keep it): ${facts.managementKey}`);
  } else {
    lines.push('', 'Management key: set by SWITCHBOARD_MANAGEMENT_KEY, or the one printed on the first start.');
  }
  if (facts.inferenceKey && facts.exampleModel) {
    lines.push(
      `API key for this session: ${facts.inferenceKey}`,
      '',
      'Try it:',
      `curl -s ${facts.url}/api/v1/chat/completions \\`,
      `  -H 'Authorization: Bearer ${facts.inferenceKey}' \\`,
      `  -H 'Content-Type: application/json' \\`,
      `  -d '{"model":"${facts.exampleModel}","messages":[{"role":"user","content":"Say hello in five words."}]}'`,
    );
  } else {
    lines.push(
      '',
      'Create an API key:',
      `curl -s -X POST ${facts.url}/api/v1/keys -H 'Authorization: Bearer <management key>' -H 'Content-Type: application/json' -d '{"name":"my-app"}'`,
    );
  }
  lines.push('');
  process.stdout.write(lines.join('\n') + '\n');
}
