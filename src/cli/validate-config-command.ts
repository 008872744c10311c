import { loadConfigFile } from '../catalog/load-config.js';
import { adapterProtocols } from '../providers/adapter-registry.js';

/** `switchboard validate-config PATH`: every problem, path-scoped; exit code says valid or not. */
export async function validateConfigCommand(path: string): Promise<boolean> {
  // Validates what `serve` would serve: presets enabled by this environment included.
  const loaded = await loadConfigFile(path, { knownAdapters: adapterProtocols(), presetEnvironment: process.env });
  if (loaded.ok) {
    process.stdout.write(`${path}: valid (${loaded.catalog.providers.size} providers, ${loaded.catalog.models.size} models)\n`);
    return true;
  }
  process.stderr.write(`${path}: invalid config\n${loaded.errors.map((line) => `  ${line}`).join('\n')}\n`);
  return false;
}
