import { describe, expect, it } from 'vitest';
import type { Message } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/errors.js';
import { makeTestEndpoint, TEST_API_KEY } from '../test-support/make-test-endpoint.js';
import { chatRequest } from '../test-support/stream-helpers.js';
import { buildGeminiHttpRequest } from './build-gemini-http-request.js';
import { FOREIGN_CALL_SIGNATURE } from './convert-to-gemini-contents.js';
import { convertToGeminiRequest } from './convert-to-gemini-request.js';

const SIGNATURE = 'CiQB0e2Kb1J0c2lnbmF0dXJl';

function thrownBy(action: () => unknown): GatewayError {
  try {
    action();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('Gemini request: contents', () => {
  it('moves system messages to systemInstruction and maps roles to user/model', () => {
    const body = convertToGeminiRequest(
      chatRequest({
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'You are terse.' }] },
          { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'Hello.' }], toolCalls: [] },
          { role: 'system', content: [{ type: 'text', text: 'Answer in French.' }] },
          { role: 'user', content: [{ type: 'text', text: 'How are you?' }] },
        ],
      }),
    );
    expect(body).toEqual({
      systemInstruction: { parts: [{ text: 'You are terse.' }, { text: 'Answer in French.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Hi' }] },
        { role: 'model', parts: [{ text: 'Hello.' }] },
        { role: 'user', parts: [{ text: 'How are you?' }] },
      ],
    });
  });

  it('sends data: images inline and http(s) images as fileData', () => {
    const body = convertToGeminiRequest(
      chatRequest({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Compare these.' },
              { type: 'image', url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' },
              { type: 'image', url: 'https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg', detail: 'high' },
              { type: 'image', url: 'https://images.example.com/render?id=42' },
            ],
          },
        ],
      }),
    );
    expect(body.contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: 'Compare these.' },
          { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' } },
          { fileData: { fileUri: 'https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg', mimeType: 'image/jpeg' } },
          { fileData: { fileUri: 'https://images.example.com/render?id=42' } },
        ],
      },
    ]);
  });

  it('rejects an image URL Gemini cannot take with a 400 naming the part', () => {
    const error = thrownBy(() =>
      convertToGeminiRequest(chatRequest({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'image', url: 'file:///etc/passwd' }] }] })),
    );
    expect(error).toMatchObject({ kind: 'bad_request', status: 400 });
    expect(error.message).toContain('messages[0].content[1]');
    const notBase64 = thrownBy(() => convertToGeminiRequest(chatRequest({ messages: [{ role: 'user', content: [{ type: 'image', url: 'data:image/svg+xml,<svg/>' }] }] })));
    expect(notBase64.message).toContain('base64');
  });

  it('sends a tool round trip: functionCall with its signature back on the same part, functionResponse under the call\'s name', () => {
    const messages: Message[] = [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Tokyo?' }] },
      {
        role: 'assistant',
        content: [],
        toolCalls: [
          { id: 'call_a', name: 'get_weather', arguments: '{"location":"Paris"}' },
          { id: 'call_b', name: 'get_time', arguments: '{"city":"Tokyo"}' },
        ],
        reasoning: 'I need both tools.',
        reasoningDetails: [
          { type: 'reasoning.text', text: 'I need both tools.', format: 'google-gemini-v1', index: 0 },
          { type: 'reasoning.encrypted', data: SIGNATURE, id: 'call_a', format: 'google-gemini-v1', index: 1 },
          { type: 'reasoning.encrypted', data: 'anthropic-signature', id: 'call_b', format: 'anthropic-claude-v1', index: 2 },
        ],
      },
      { role: 'tool', toolCallId: 'call_b', content: [{ type: 'text', text: '09:30' }] },
      { role: 'tool', toolCallId: 'call_a', content: [{ type: 'text', text: '{"temperature":21,"unit":"celsius"}' }] },
      { role: 'user', content: [{ type: 'text', text: 'Thanks. And tomorrow?' }] },
    ];
    const body = convertToGeminiRequest(chatRequest({ messages }));
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris and Tokyo?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'get_weather', args: { location: 'Paris' } }, thoughtSignature: SIGNATURE },
          { functionCall: { name: 'get_time', args: { city: 'Tokyo' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_time', response: { output: '09:30' } } },
          { functionResponse: { name: 'get_weather', response: { temperature: 21, unit: 'celsius' } } },
          { text: 'Thanks. And tomorrow?' },
        ],
      },
    ]);
    expect(JSON.stringify(body)).not.toContain('call_a');
    expect(JSON.stringify(body)).not.toContain('I need both tools');
  });

  it('puts a signature without a tool call id back on the model\'s text part', () => {
    const body = convertToGeminiRequest(
      chatRequest({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'Hello' }, { type: 'text', text: ' there.' }], toolCalls: [], reasoningDetails: [{ type: 'reasoning.encrypted', data: SIGNATURE, id: null, format: 'google-gemini-v1' }] },
          { role: 'user', content: [{ type: 'text', text: 'Bye' }] },
        ],
      }),
    );
    expect((body.contents as unknown[])[1]).toEqual({ role: 'model', parts: [{ text: 'Hello there.', thoughtSignature: SIGNATURE }] });
  });

  it('puts a text signature on the first unsigned part when the client sent the calls without their text', () => {
    const body = convertToGeminiRequest(
      chatRequest({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
          {
            role: 'assistant',
            content: [],
            toolCalls: [{ id: 'call_a', name: 'f', arguments: '{}' }, { id: 'call_b', name: 'g', arguments: '{}' }],
            reasoningDetails: [
              { type: 'reasoning.encrypted', data: 'call-a-signature', id: 'call_a', format: 'google-gemini-v1' },
              { type: 'reasoning.encrypted', data: SIGNATURE, format: 'google-gemini-v1' },
            ],
          },
        ],
      }),
    );
    expect((body.contents as unknown[])[1]).toEqual({
      role: 'model',
      parts: [
        { functionCall: { name: 'f', args: {} }, thoughtSignature: 'call-a-signature' },
        { functionCall: { name: 'g', args: {} }, thoughtSignature: SIGNATURE },
      ],
    });
  });

  it('gives a first call sent back without any signature Google\'s stand-in, so Gemini 3 still takes the turn', () => {
    const body = convertToGeminiRequest(
      chatRequest({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }], toolCalls: [{ id: 'call_a', name: 'get_weather', arguments: '{}' }, { id: 'call_b', name: 'get_time', arguments: '{}' }] },
          { role: 'tool', toolCallId: 'call_a', content: [{ type: 'text', text: 'sunny' }] },
          { role: 'tool', toolCallId: 'call_b', content: [{ type: 'text', text: 'noon' }] },
        ],
      }),
    );
    expect((body.contents as unknown[])[1]).toEqual({
      role: 'model',
      parts: [{ text: 'Checking.' }, { functionCall: { name: 'get_weather', args: {} }, thoughtSignature: FOREIGN_CALL_SIGNATURE }, { functionCall: { name: 'get_time', args: {} } }],
    });
  });

  it('rejects a tool message that answers no known call, and arguments that are not a JSON object', () => {
    const orphan = thrownBy(() =>
      convertToGeminiRequest(chatRequest({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }, { role: 'tool', toolCallId: 'call_x', content: [{ type: 'text', text: '1' }] }] })),
    );
    expect(orphan).toMatchObject({ kind: 'bad_request', status: 400 });
    expect(orphan.message).toContain('messages[1]');
    expect(orphan.message).toContain('call_x');
    const badArguments = thrownBy(() =>
      convertToGeminiRequest(
        chatRequest({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }, { role: 'assistant', content: [], toolCalls: [{ id: 'c', name: 'f', arguments: '[1,2]' }] }] }),
      ),
    );
    expect(badArguments.message).toContain('messages[1].tool_calls[0].function.arguments');
  });
});

describe('Gemini request: tools, generationConfig, thinking', () => {
  it('declares functions with reduced schemas and maps every tool_choice', () => {
    const tools = [
      {
        name: 'get_weather',
        description: 'Current weather',
        parameters: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['location'], additionalProperties: false },
        strict: true,
      },
      { name: 'get_time', parameters: { type: 'object', properties: {} } },
    ];
    const expectedDeclarations = [
      {
        name: 'get_weather',
        description: 'Current weather',
        parameters: { type: 'OBJECT', properties: { location: { type: 'STRING' }, unit: { type: 'STRING', enum: ['celsius', 'fahrenheit'] } }, required: ['location'] },
      },
      { name: 'get_time' },
    ];
    const choices = [
      ['auto', { mode: 'AUTO' }],
      ['none', { mode: 'NONE' }],
      ['required', { mode: 'ANY' }],
      [{ name: 'get_time' }, { mode: 'ANY', allowedFunctionNames: ['get_time'] }],
    ] as const;
    for (const [toolChoice, config] of choices) {
      const body = convertToGeminiRequest(chatRequest({ tools, toolChoice }));
      expect(body.tools).toEqual([{ functionDeclarations: expectedDeclarations }]);
      expect(body.toolConfig).toEqual({ functionCallingConfig: config });
    }
    expect(convertToGeminiRequest(chatRequest({ tools })).toolConfig).toBeUndefined();
    expect(convertToGeminiRequest(chatRequest({ tools: [], toolChoice: 'auto' }))).not.toHaveProperty('tools');
  });

  it('rejects a tool schema it cannot express, naming the tool and the node', () => {
    const error = thrownBy(() =>
      convertToGeminiRequest(chatRequest({ tools: [{ name: 'a' }, { name: 'tree', parameters: { type: 'object', properties: { child: { $ref: '#' } } } }] })),
    );
    expect(error).toMatchObject({ kind: 'bad_request', status: 400 });
    expect(error.message).toContain('tools[1].function.parameters.properties.child.$ref');
  });

  it('sends only the sampling parameters the client set, under Gemini\'s names', () => {
    expect(convertToGeminiRequest(chatRequest())).not.toHaveProperty('generationConfig');
    const body = convertToGeminiRequest(
      chatRequest({ temperature: 0.2, topP: 0.9, topK: 40, maxTokens: 512, stop: ['END'], seed: 7, presencePenalty: 0.5, frequencyPenalty: 0.25, minP: 0.1, repetitionPenalty: 1.1, logitBias: { '1': 2 } }),
    );
    expect(body.generationConfig).toEqual({ temperature: 0.2, topP: 0.9, topK: 40, maxOutputTokens: 512, stopSequences: ['END'], seed: 7, presencePenalty: 0.5, frequencyPenalty: 0.25 });
  });

  it('asks for JSON for json_object and JSON with a reduced responseSchema for json_schema', () => {
    expect(convertToGeminiRequest(chatRequest({ responseFormat: { type: 'json_object' } })).generationConfig).toEqual({ responseMimeType: 'application/json' });
    expect(convertToGeminiRequest(chatRequest({ responseFormat: { type: 'text' } }))).not.toHaveProperty('generationConfig');
    const body = convertToGeminiRequest(
      chatRequest({
        responseFormat: { type: 'json_schema', name: 'weather', strict: true, schema: { type: 'object', properties: { city: { type: 'string' }, temperature: { type: ['number', 'null'] } }, required: ['city', 'temperature'], additionalProperties: false } },
      }),
    );
    expect(body.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseSchema: { type: 'OBJECT', properties: { city: { type: 'STRING' }, temperature: { type: 'NUMBER', nullable: true } }, required: ['city', 'temperature'] },
    });
  });

  it('maps reasoning to thinkingConfig', () => {
    const thinking = (reasoning: Parameters<typeof chatRequest>[0]): unknown => (convertToGeminiRequest(chatRequest(reasoning)).generationConfig as Record<string, unknown> | undefined)?.thinkingConfig;
    expect(thinking({ reasoning: { maxTokens: 3000 } })).toEqual({ thinkingBudget: 3000, includeThoughts: true });
    expect(thinking({ reasoning: { effort: 'high' } })).toEqual({ thinkingBudget: 16384, includeThoughts: true });
    expect(thinking({ reasoning: { effort: 'low' }, maxTokens: 10_000 })).toEqual({ thinkingBudget: 2000, includeThoughts: true });
    expect(thinking({ reasoning: { effort: 'minimal' }, maxTokens: 2_000 })).toEqual({ thinkingBudget: 1024, includeThoughts: true });
    expect(thinking({ reasoning: { enabled: true } })).toEqual({ thinkingBudget: -1, includeThoughts: true });
    expect(thinking({ reasoning: { effort: 'medium', exclude: true } })).toEqual({ thinkingBudget: 8192, includeThoughts: false });
    expect(thinking({ reasoning: { effort: 'none' } })).toEqual({ thinkingBudget: 0 });
    expect(thinking({ reasoning: { enabled: false } })).toEqual({ thinkingBudget: 0 });
    expect(thinking({})).toBeUndefined();
  });
});

describe('Gemini request: HTTP', () => {
  const endpoint = makeTestEndpoint({ baseUrl: 'https://generativelanguage.googleapis.com/v1beta/', adapter: 'gemini', upstreamModel: 'gemini-2.5-flash', headers: { 'X-Goog-User-Project': 'demo' } });

  it('posts to :generateContent or :streamGenerateContent?alt=sse with the key in x-goog-api-key', () => {
    const plain = buildGeminiHttpRequest({ contents: [] }, endpoint.provider, endpoint.upstreamModel, false);
    expect(plain.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent');
    expect(plain.headers).toEqual({ 'content-type': 'application/json', accept: 'application/json', 'x-goog-user-project': 'demo', 'x-goog-api-key': TEST_API_KEY });
    expect(plain.url).not.toContain(TEST_API_KEY);
    const streamed = buildGeminiHttpRequest({ contents: [] }, endpoint.provider, endpoint.upstreamModel, true);
    expect(streamed.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(streamed.headers.accept).toBe('text/event-stream');
    expect(buildGeminiHttpRequest({}, endpoint.provider, 'tunedModels/my-model-abc', false).url).toBe('https://generativelanguage.googleapis.com/v1beta/tunedModels/my-model-abc:generateContent');
  });
});
