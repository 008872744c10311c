import { ANTHROPIC_PRESET } from './anthropic-preset.js';
import { DEEPINFRA_PRESET } from './deepinfra-preset.js';
import { DEEPSEEK_PRESET } from './deepseek-preset.js';
import { FIREWORKS_PRESET } from './fireworks-preset.js';
import { GOOGLE_AI_STUDIO_PRESET } from './google-ai-studio-preset.js';
import { GROQ_PRESET } from './groq-preset.js';
import { LOCAL_SERVER_PRESETS } from './local-server-presets.js';
import { MISTRAL_PRESET } from './mistral-preset.js';
import { OPENAI_PRESET } from './openai-preset.js';
import { OPENROUTER_PRESET } from './openrouter-preset.js';
import type { ProviderPreset } from './preset-types.js';
import { TOGETHER_PRESET } from './together-preset.js';

/**
 * Every built-in provider, in merge order: direct providers first, so a model's first
 * endpoint is its maker's; OpenRouter and local servers after.
 */
export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  OPENAI_PRESET,
  ANTHROPIC_PRESET,
  GOOGLE_AI_STUDIO_PRESET,
  GROQ_PRESET,
  DEEPSEEK_PRESET,
  MISTRAL_PRESET,
  TOGETHER_PRESET,
  DEEPINFRA_PRESET,
  FIREWORKS_PRESET,
  OPENROUTER_PRESET,
  ...LOCAL_SERVER_PRESETS,
];
