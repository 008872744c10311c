import type { ProviderAdapter } from './provider-adapter.js';
import { anthropicAdapter } from './anthropic/anthropic-adapter.js';
import { geminiAdapter } from './gemini/gemini-adapter.js';
import { openAIAdapter } from './openai/openai-adapter.js';

/**
 * Wire protocol name (a provider's `adapter` in the config) → its adapter. The Anthropic and
 * Gemini adapters register here when they land.
 */
const adapters: ReadonlyMap<string, ProviderAdapter> = new Map<string, ProviderAdapter>([
  [openAIAdapter.protocol, openAIAdapter],
  [anthropicAdapter.protocol, anthropicAdapter],
  [geminiAdapter.protocol, geminiAdapter],
]);

/** The adapter for a provider's wire protocol, or undefined when none is registered (a config error). */
export function getAdapter(protocol: string): ProviderAdapter | undefined {
  return adapters.get(protocol);
}

/** Every registered protocol name, for config validation and error messages. */
export function adapterProtocols(): string[] {
  return [...adapters.keys()];
}
