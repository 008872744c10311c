/**
 * Thought signatures the simulator issues: opaque base64 like Google's, but recognisable, so a
 * later turn can be checked for carrying back a signature this simulator really gave out.
 */
const PREFIX = 'sim-thought:';

export function issueSimulatorSignature(responseId: string, partIndex: number): string {
  return Buffer.from(`${PREFIX}${responseId}:${partIndex}`, 'utf8').toString('base64');
}

/** Google's documented stand-in for calls the model did not produce; Gemini accepts it. */
const STAND_IN = 'skip_thought_signature_validator';

/** Whether Gemini would take this signature back: one the simulator issued, or the stand-in. */
export function isAcceptedSignature(signature: string): boolean {
  return signature === STAND_IN || Buffer.from(signature, 'base64').toString('utf8').startsWith(PREFIX);
}
