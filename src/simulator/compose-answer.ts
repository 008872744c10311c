import { createRandomSource, hashText, pickOne } from './random-source.js';
import { BODY_SENTENCES, CLOSING_SENTENCES, OPENING_SENTENCES, STOP_WORDS } from './text-corpus.js';

// `Say "hello"`, `reply with "OK"`, `repeat: 'x'`: tests and demos want a predictable answer.
const QUOTED_INSTRUCTION = /\b(?:say|reply with|respond with|repeat|echo)\b[^"'“]{0,20}["'“]([^"'”]{1,500})["'”]/i;

/**
 * A plausible, deterministic answer to a prompt: the same prompt gives the same text. The
 * prompt's most telling word becomes the topic; a quoted "say …" instruction is obeyed exactly.
 */
export function composeAnswer(prompt: string, seed = 0): string {
  const quoted = QUOTED_INSTRUCTION.exec(prompt);
  if (quoted?.[1] !== undefined) return quoted[1];
  const random = createRandomSource(hashText(prompt) ^ seed);
  const topic = promptTopic(prompt);
  const sentences = [pickOne(OPENING_SENTENCES, random)];
  const bodyCount = 2 + Math.floor(random() * 3);
  for (let index = 0; index < bodyCount; index++) sentences.push(pickOne(BODY_SENTENCES, random));
  if (random() < 0.6) sentences.push(pickOne(CLOSING_SENTENCES, random));
  return sentences.map((sentence) => sentence.replaceAll('{topic}', topic)).join(' ');
}

/** An answer that uses a tool's result, for the turn after a tool call. */
export function composeToolFollowUp(toolResult: string, seed = 0): string {
  const random = createRandomSource(hashText(toolResult) ^ seed);
  const excerpt = toolResult.replace(/\s+/g, ' ').trim().slice(0, 120);
  const lead = excerpt === '' ? 'The tool returned no data.' : `The tool returned: ${excerpt}.`;
  return `${lead} ${pickOne(BODY_SENTENCES, random).replaceAll('{topic}', 'this result')}`;
}

/** The prompt's longest uncommon word, or "your question" when there is none. */
export function promptTopic(prompt: string): string {
  let best = '';
  for (const word of prompt.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? []) {
    if (word.length < 4 || STOP_WORDS.has(word)) continue;
    if (word.length > best.length) best = word;
  }
  return best === '' ? 'your question' : best;
}
