import { request, type IncomingHttpHeaders } from 'node:http';

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface SentResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request on a fresh connection, so node:cluster may hand it to any worker. */
export function send(url: string, options: SendOptions = {}): Promise<SentResponse> {
  return new Promise((resolvePromise, reject) => {
    const outgoing = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolvePromise({ status: response.statusCode ?? 0, headers: response.headers, body }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** A JSON POST with a bearer key. */
export function postJson(url: string, bearer: string, body: unknown): Promise<SentResponse> {
  return send(url, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
