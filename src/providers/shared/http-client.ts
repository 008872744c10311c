import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import type { Provider } from '../../catalog/catalog-types.js';

/**
 * One keep-alive connection pool per provider, so that every request to an upstream reuses
 * warm TCP/TLS connections instead of paying a handshake per call. Created on first use and
 * keyed by provider slug; a provider whose timeouts changed (config reload) gets a new pool.
 */

/** Idle keep-alive sockets live this long unless the upstream's Keep-Alive header says less. */
const KEEP_ALIVE_MS = 60_000;

interface PooledClient {
  agent: Agent;
  /** The options the agent was built with; a different value means the config changed. */
  signature: string;
}

const clients = new Map<string, PooledClient>();

/** The shared keep-alive dispatcher for one provider (created lazily, honouring `timeouts.connectMs`). */
export function getHttpClient(provider: Provider): Dispatcher {
  const { connectMs, totalMs } = provider.timeouts;
  const signature = `${connectMs}|${totalMs}`;
  const existing = clients.get(provider.slug);
  if (existing && existing.signature === signature) return existing.agent;
  if (existing) void closeAgent(existing.agent, 30_000);

  // Time to first token, idle gaps and the total budget are enforced by the router through
  // the call's AbortSignal; undici's own header/body timers are only a backstop so that a
  // socket can never hang forever when nobody aborts it.
  const backstopMs = totalMs > 0 ? totalMs : 0;
  const agent = new Agent({
    connect: connectMs > 0 ? { timeout: connectMs } : {},
    keepAliveTimeout: KEEP_ALIVE_MS,
    keepAliveMaxTimeout: KEEP_ALIVE_MS,
    headersTimeout: backstopMs,
    bodyTimeout: backstopMs,
  });
  clients.set(provider.slug, { agent, signature });
  return agent;
}

/**
 * Closes every provider's pool for shutdown and test teardown: in-flight requests get
 * `graceMs` to finish, then their sockets are destroyed. Later calls create new pools.
 */
export async function closeHttpClients(graceMs = 5_000): Promise<void> {
  const agents = [...clients.values()].map((client) => client.agent);
  clients.clear();
  await Promise.all(agents.map((agent) => closeAgent(agent, graceMs)));
}

async function closeAgent(agent: Agent, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
    timer.unref();
  });
  try {
    const outcome = await Promise.race([agent.close().then(() => 'closed' as const), deadline]);
    if (outcome === 'timeout') await agent.destroy();
  } catch {
    // Closing is best effort: a pool that fails to close has nothing left worth reporting.
  } finally {
    clearTimeout(timer);
  }
}
