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
  const { connectMs } = provider.timeouts;
  const signature = String(connectMs);
  const existing = clients.get(provider.slug);
  if (existing && existing.signature === signature) return existing.agent;
  if (existing) void closeAgent(existing.agent, 30_000);

  // Time to first token, idle gaps and the total budget are enforced by the router: every
  // upstream call carries an AttemptSignal (routing/attempt-signal.ts) whose first-token and
  // total timers always run, and its abort ends the call. So undici's own header and body
  // timers are off: they duplicated the total timer as "fast timers" that undici keeps in a
  // list for at least a second after they are cleared, so every request's timer outlived two
  // young-generation GCs and was promoted: a third of the old generation's growth under load
  // (BENCHMARKS.md, session 9).
  const agent = new Agent({
    connect: connectMs > 0 ? { timeout: connectMs } : {},
    keepAliveTimeout: KEEP_ALIVE_MS,
    keepAliveMaxTimeout: KEEP_ALIVE_MS,
    headersTimeout: 0,
    bodyTimeout: 0,
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
