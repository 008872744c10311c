import type { DemoSimulatorConfigInput } from '../config-schema.js';

/** A simulated provider of the demo: who it is and how its upstream behaves. */
export interface DemoProvider {
  slug: string;
  name: string;
  dataCollection: 'allow' | 'deny';
  /** Wire protocol the gateway speaks to it (default `openai`); its simulator speaks every wire. */
  adapter?: string;
  /** Simulator behaviour, as in the config's `demo.simulators[]` (port added later). */
  simulator: Omit<DemoSimulatorConfigInput, 'provider' | 'port'>;
}

/**
 * Providers with the trade-offs routing exists for: fast and pricey, steady and mid-priced,
 * cheap and flaky (with a periodic outage), free and rate limited; plus one reached over the
 * Anthropic Messages wire, so the demo exercises that adapter. Outages start minutes after
 * launch so a fresh demo looks healthy.
 */
export const DEMO_PROVIDERS: readonly DemoProvider[] = [
  {
    slug: 'swiftinfer',
    name: 'SwiftInfer',
    dataCollection: 'deny',
    simulator: {
      first_token_latency_ms: 180,
      tokens_per_second: 140,
      error_rate: 0.01,
      fail_mid_stream_rate: 0.002,
      model_overrides: { 'llama-3.3-70b-specdec': { first_token_latency_ms: 120, tokens_per_second: 320 } },
    },
  },
  {
    slug: 'steadyai',
    name: 'SteadyAI',
    dataCollection: 'deny',
    simulator: { first_token_latency_ms: 420, tokens_per_second: 60, error_rate: 0.003 },
  },
  {
    slug: 'cheapgpu',
    name: 'CheapGPU Cloud',
    dataCollection: 'allow',
    simulator: {
      first_token_latency_ms: 850,
      tokens_per_second: 28,
      error_rate: 0.06,
      error_statuses: [500, 502, 503],
      fail_mid_stream_rate: 0.01,
      outage: { every_s: 600, for_s: 45 },
    },
  },
  {
    slug: 'freeway',
    name: 'Freeway',
    dataCollection: 'allow',
    simulator: {
      first_token_latency_ms: 1100,
      tokens_per_second: 20,
      error_rate: 0.12,
      error_statuses: [429, 429, 429, 503],
      fail_mid_stream_rate: 0.02,
      outage: { every_s: 900, for_s: 60, offset_s: 300, mode: 'reset' },
    },
  },
  {
    slug: 'anthropic-sim',
    name: 'Anthropic (simulated)',
    dataCollection: 'deny',
    adapter: 'anthropic',
    simulator: { first_token_latency_ms: 600, tokens_per_second: 75, error_rate: 0.01, error_statuses: [429, 529], fail_mid_stream_rate: 0.005 },
  },
  {
    // Speaks the Gemini API (generateContent, x-goog-api-key), so the demo exercises that adapter.
    slug: 'google-ai-studio',
    name: 'Google AI Studio',
    dataCollection: 'deny',
    adapter: 'gemini',
    simulator: { first_token_latency_ms: 380, tokens_per_second: 170, error_rate: 0.005, error_statuses: [429, 503] },
  },
];
