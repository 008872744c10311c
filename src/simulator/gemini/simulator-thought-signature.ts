/**
 * Thought signatures the simulator issues: opaque base64 like Google's, but recognisable, so a
 * later turn can be checked for carrying back a signature this simulator really gave out.
 */
const PREFIX = 'sim-thought:';

export function issueSimulatorSignature(responseId: string, partIndex: number): string {
  return Buffer.from(`${PREFIX}${responseId}:${partIndex}`, 'utf8').toString('base64');
}

export function isSimulatorSignature(signature: string): boolean {
  return Buffer.from(signature, 'base64').toString('utf8').startsWith(PREFIX);
}
