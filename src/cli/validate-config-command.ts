import { loadConfigFile } from '../catalog/load-config.js';
import { adapterProtocols } from '../providers/adapter-registry.js';

/** `switchboard validate-config PATH`: every problem, path-scoped; exit code says valid or not. */
export async function validateConfigCommand(path: string): Promise<boolean> {
  const loaded = await loadConfigFile(path, { knownAdapters: adapterProtocols() });
  if (loaded.ok) {
    process.stdout.write(`${path}: valid (${loaded.catalog.providers.size} providers, ${loaded.catalog.models.size} models)\n`);
    return true;
  }
  process.stderr.write(`${path}: invalid config\n${loaded.errors.map((line) => `  ${line}`).join('\n')}\n`);
  return false;
}
