import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { gatewayBaseUrl, sampleCode } from './sample-code.js';

const request = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;

describe('sample code', () => {
  it('uses the Host the browser reached, and never echoes a malformed one', () => {
    expect(gatewayBaseUrl(request({ host: 'gateway.internal:8080' }), 'localhost')).toBe('http://gateway.internal:8080/api/v1');
    expect(gatewayBaseUrl(request({ host: '[::1]:3000', 'x-forwarded-proto': 'https' }), 'localhost')).toBe('https://[::1]:3000/api/v1');
    expect(gatewayBaseUrl(request({ host: 'evil"/><script>' }), 'localhost')).toBe('http://localhost/api/v1');
  });

  it('gives four complete programs with the base URL and the slug', () => {
    const samples = sampleCode('http://gw:8080/api/v1', 'thudm/glm-4-32b:free');
    expect(samples.map((sample) => sample.id)).toEqual(['curl', 'python', 'typescript', 'openrouter-sdk']);
    for (const sample of samples) {
      expect(sample.code).toContain('http://gw:8080/api/v1');
      expect(sample.code).toContain('"thudm/glm-4-32b:free"');
      expect(sample.code).toContain('SWITCHBOARD_API_KEY');
    }
    const body = /-d '([\s\S]*)'$/.exec(samples[0]!.code)?.[1];
    expect(JSON.parse(body!)).toEqual({ model: 'thudm/glm-4-32b:free', messages: [{ role: 'user', content: 'What is the meaning of life?' }] });
  });
});
