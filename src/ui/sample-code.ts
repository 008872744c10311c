import type { IncomingMessage } from 'node:http';

export interface SampleCode {
  id: string;
  label: string;
  code: string;
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The API base URL as the browser reached this gateway (its Host header), so the samples run
 * as copied. A Host that is not a plain host[:port] is not echoed; `X-Forwarded-Proto: https`
 * from a TLS-terminating proxy is honoured.
 */
export function gatewayBaseUrl(request: IncomingMessage, fallbackHost: string): string {
  const host = request.headers.host && HOST.test(request.headers.host) ? request.headers.host : fallbackHost;
  const forwarded = request.headers['x-forwarded-proto'];
  const scheme = forwarded === 'https' ? 'https' : 'http';
  return `${scheme}://${host}/api/v1`;
}

const QUESTION = 'What is the meaning of life?';

/** curl, Python and TypeScript `openai`, and `@openrouter/sdk`, each a complete program. */
export function sampleCode(baseUrl: string, modelId: string): SampleCode[] {
  const model = JSON.stringify(modelId);
  const url = JSON.stringify(baseUrl);
  return [
    {
      id: 'curl',
      label: 'curl',
      code: `curl ${baseUrl}/chat/completions \\
  -H "Content-Type: application/json" \\
  -H "Authorization: Bearer $SWITCHBOARD_API_KEY" \\
  -d '{
  "model": ${model.replace(/'/g, "'\\''")},
  "messages": [{"role": "user", "content": "${QUESTION}"}]
}'`,
    },
    {
      id: 'python',
      label: 'Python (openai)',
      code: `import os
from openai import OpenAI

client = OpenAI(
    base_url=${url},
    api_key=os.environ["SWITCHBOARD_API_KEY"],
)

completion = client.chat.completions.create(
    model=${model},
    messages=[{"role": "user", "content": "${QUESTION}"}],
)
print(completion.choices[0].message.content)`,
    },
    {
      id: 'typescript',
      label: 'TypeScript (openai)',
      code: `import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: ${url},
  apiKey: process.env.SWITCHBOARD_API_KEY,
});

const completion = await client.chat.completions.create({
  model: ${model},
  messages: [{ role: 'user', content: '${QUESTION}' }],
});
console.log(completion.choices[0].message.content);`,
    },
    {
      id: 'openrouter-sdk',
      label: '@openrouter/sdk',
      code: `import { OpenRouter } from '@openrouter/sdk';

const client = new OpenRouter({
  apiKey: process.env.SWITCHBOARD_API_KEY,
  serverURL: ${url},
});

const completion = await client.chat.send({
  model: ${model},
  messages: [{ role: 'user', content: '${QUESTION}' }],
  stream: false,
});
console.log(completion.choices[0].message.content);`,
    },
  ];
}
