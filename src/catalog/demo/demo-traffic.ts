import type { RunningSimulator } from '../../simulator/simulator-types.js';
import type { Catalog } from '../catalog-types.js';
import type { GatewayConfig } from '../config-schema.js';

/** An app of the demo traffic: who it says it is (OpenRouter's attribution headers). */
interface DemoApp {
  title: string | null;
  referer: string | null;
  /** Relative share of the traffic. */
  weight: number;
  streams: boolean;
}

const APPS: readonly DemoApp[] = [
  { title: 'Helpdesk Copilot', referer: 'https://helpdesk.example.com', weight: 5, streams: true },
  { title: 'Code Review Bot', referer: 'https://github.com/example/review-bot', weight: 4, streams: false },
  { title: 'Docs Search', referer: 'https://docs.example.org', weight: 3, streams: true },
  { title: 'Nightly Summarizer', referer: null, weight: 2, streams: false },
  { title: null, referer: 'https://notes.example.net/app', weight: 1, streams: true },
];

const PROMPTS: readonly string[] = [
  'Summarize the attached support ticket in two sentences.',
  'Review this diff and list possible bugs: function add(a, b) { return a - b; }',
  'What is the difference between a process and a thread?',
  'Write a haiku about distributed systems.',
  'Translate "the meeting moved to Thursday" into French and German.',
  'Explain idempotency keys to a junior engineer.',
];

export interface DemoTrafficOptions {
  /** The gateway's origin, e.g. `http://127.0.0.1:8080`. */
  gatewayUrl: string;
  apiKey: string;
  catalog: Catalog;
  /** The demo's simulators by provider slug, to take one down now and then. */
  simulators: Map<string, RunningSimulator>;
  /** The config the simulators were started from (their normal error rates). */
  config: Pick<GatewayConfig, 'demo'>;
  requestsPerSecond?: number;
  maxInFlight?: number;
  /** Seconds between injected outages, and how long each lasts. */
  outageEveryS?: number;
  outageForS?: number;
  random?: () => number;
  log?: (line: string) => void;
}

export interface DemoTraffic {
  readonly counts: { sent: number; succeeded: number; failed: number };
  stop(): Promise<void>;
}

/**
 * `switchboard demo --traffic`: a steady, varied stream of chat requests from several named
 * apps to every model, streamed and not, through the gateway to the simulated providers, with
 * a provider outage now and then, so the catalog's charts and tables fill within a minute.
 */
export function startDemoTraffic(options: DemoTrafficOptions): DemoTraffic {
  const random = options.random ?? Math.random;
  const intervalMs = 1000 / (options.requestsPerSecond ?? 4);
  const maxInFlight = options.maxInFlight ?? 16;
  const models = [...options.catalog.models.values()];
  const counts = { sent: 0, succeeded: 0, failed: 0 };
  const inFlight = new Set<Promise<void>>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let stopped = false;

  const later = (delayMs: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) run();
    }, delayMs);
    timers.add(timer);
  };
  const pick = <T>(items: readonly T[], weight: (item: T) => number = () => 1): T => {
    const total = items.reduce((sum, item) => sum + weight(item), 0);
    let point = random() * total;
    for (const item of items) {
      point -= weight(item);
      if (point < 0) return item;
    }
    return items[items.length - 1]!;
  };

  const sendOne = async (): Promise<void> => {
    const app = pick(APPS, (candidate) => candidate.weight);
    // Cheaper models get more traffic, as they would in real life.
    const model = pick(models, (candidate) => (candidate.id.endsWith(':free') ? 1 : 2));
    const stream = app.streams && random() < 0.7;
    const headers: Record<string, string> = { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' };
    if (app.title) headers['x-title'] = app.title;
    if (app.referer) headers['http-referer'] = app.referer;
    const body: Record<string, unknown> = { model: model.id, messages: [{ role: 'user', content: pick(PROMPTS) }], max_tokens: 16 + Math.floor(random() * 100), stream };
    // Half the requests prefer one provider (as apps pinning a provider do), so every
    // provider of a model gets traffic and its latency and uptime fill in, not just the first.
    const endpoint = model.endpoints.length > 1 && random() < 0.5 ? pick(model.endpoints) : undefined;
    if (endpoint) body.provider = { order: [endpoint.tag] };
    counts.sent += 1;
    try {
      const response = await fetch(`${options.gatewayUrl}/api/v1/chat/completions`, { method: 'POST', headers, body: JSON.stringify(body) });
      await response.arrayBuffer();
      if (response.ok) counts.succeeded += 1;
      else counts.failed += 1;
    } catch {
      counts.failed += 1;
    }
  };

  const tick = (): void => {
    if (inFlight.size < maxInFlight) {
      const request = sendOne().finally(() => inFlight.delete(request));
      inFlight.add(request);
    }
    // A little jitter so the stream does not look machine-made on the charts.
    later(intervalMs * (0.5 + random()), tick);
  };

  const baseline = (slug: string): { errorRate: number; errorStatuses: number[] } => {
    const entry = options.config.demo?.simulators.find((candidate) => candidate.provider === slug);
    return { errorRate: entry?.error_rate ?? 0, errorStatuses: entry?.error_statuses ?? [500] };
  };
  const outage = (): void => {
    const slugs = [...options.simulators.keys()];
    if (slugs.length > 0) {
      const slug = pick(slugs);
      const simulator = options.simulators.get(slug)!;
      simulator.update({ errorRate: 1, errorStatuses: [502, 503] });
      options.log?.(`demo traffic: ${slug} is down for ${options.outageForS ?? 8} s (simulated outage)`);
      later((options.outageForS ?? 8) * 1000, () => {
        simulator.update(baseline(slug));
        options.log?.(`demo traffic: ${slug} is back`);
      });
    }
    later((options.outageEveryS ?? 40) * 1000, outage);
  };

  const report = (): void => {
    options.log?.(`demo traffic: ${counts.sent} requests sent, ${counts.succeeded} answered, ${counts.failed} failed`);
    later(30_000, report);
  };

  tick();
  later((options.outageEveryS ?? 40) * 500, outage);
  later(30_000, report);

  return {
    counts,
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}
