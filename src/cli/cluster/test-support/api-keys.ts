import { postJson } from './send-request.js';

export interface CreatedKey {
  /** The plaintext key, for Authorization. */
  key: string;
  hash: string;
}

/** Creates an API key through POST /api/v1/keys with the management key; `limit` in USD. */
export async function createApiKey(baseUrl: string, managementKey: string, options: { name: string; limit?: number }): Promise<CreatedKey> {
  const created = await postJson(`${baseUrl}/api/v1/keys`, managementKey, { name: options.name, ...(options.limit === undefined ? {} : { limit: options.limit }) });
  if (created.status !== 201) throw new Error(`creating key ${options.name}: ${created.status} ${created.body}`);
  const { key, data } = JSON.parse(created.body) as { key: string; data: { hash: string } };
  return { key, hash: data.hash };
}
