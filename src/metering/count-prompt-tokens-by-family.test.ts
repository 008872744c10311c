import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../spec/chat-request.js';
import { countPromptTokensFor, encodingForTokenizer } from './count-prompt-tokens-by-family.js';

const request = (text: string): ChatRequest => ({ kind: 'chat', messages: [{ role: 'user', content: [{ type: 'text', text }] }], stream: false, passthrough: {} });

describe('countPromptTokensFor', () => {
  it('picks the encoding from the model family', () => {
    expect(encodingForTokenizer('GPT')).toBe('o200k_base');
    expect(encodingForTokenizer('Llama3')).toBe('cl100k_base');
    expect(encodingForTokenizer('Qwen3')).toBe('cl100k_base');
    expect(encodingForTokenizer('Claude')).toBe('o200k_base');
  });

  it('counts with the family’s tokenizer: the encodings differ on the same text', () => {
    // Devanagari: o200k_base has far more merges for it than cl100k_base.
    const text = 'नमस्ते दुनिया, यह एक परीक्षण वाक्य है जो टोकन गिनती की तुलना करता है।'.repeat(4);
    const gpt = countPromptTokensFor(request(text), 'GPT');
    const llama = countPromptTokensFor(request(text), 'Llama3');
    expect(llama).toBeGreaterThan(gpt);
    // Cached per message text: the same count again, without re-tokenizing.
    expect(countPromptTokensFor(request(text), 'Llama3')).toBe(llama);
  });
});
