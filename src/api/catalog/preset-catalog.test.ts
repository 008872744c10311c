import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../catalog/load-config.js';
import { PROVIDER_PRESETS } from '../../catalog/presets/provider-presets.js';
import { validateAgainstSpec } from '../test-support/openapi-validator.js';
import { encodeModel } from './encode-model.js';
import { encodeModelEndpoints, NO_STATISTICS } from './encode-model-endpoints.js';
import { encodeProvider } from './encode-providers.js';

describe('the catalog of every provider preset at once', () => {
  it('answers /models, /providers and each model\'s /endpoints valid against OpenRouter\'s spec', () => {
    const environment = Object.fromEntries(
      PROVIDER_PRESETS.map((preset) => ('api_key_env' in preset.enabled_by ? [preset.enabled_by.api_key_env[0]!, 'key'] : [preset.enabled_by.base_url_env, 'http://127.0.0.1:1/v1'])),
    );
    const validated = validateConfig({ providers: [], models: [] }, { knownAdapters: ['openai', 'anthropic', 'gemini'], presetEnvironment: environment });
    if (!validated.ok) throw new Error(validated.errors.join('\n'));
    const { catalog } = validated;
    expect(catalog.providers.size).toBe(PROVIDER_PRESETS.length);
    const models = [...catalog.models.values()];
    expect(validateAgainstSpec('/models', 'get', 200, { data: models.map(encodeModel), total_count: models.length, links: { next: null } })).toEqual([]);
    expect(validateAgainstSpec('/providers', 'get', 200, { data: [...catalog.providers.values()].map(encodeProvider) })).toEqual([]);
    for (const model of models) {
      expect(validateAgainstSpec('/models/{author}/{slug}/endpoints', 'get', 200, { data: encodeModelEndpoints(model, () => NO_STATISTICS) })).toEqual([]);
    }
  });
});
