import type { ToolCall } from '../../spec/chat-request.js';
import type { Usage } from '../../spec/usage.js';

/** The answers every protocol's fixtures must encode. */
export const CONFORMANCE = {
  text: 'Hello! How can I help you today?',
  reasoning: 'The user greets me. I should greet them back and offer help.',
  /** The single tool call of the tool scenario. */
  toolCall: { id: 'call_weather_paris', name: 'get_weather', arguments: '{"location":"Paris","unit":"celsius"}' },
  /** The two calls of the parallel scenario, in index order. */
  parallelToolCalls: [
    { id: 'call_weather_paris', name: 'get_weather', arguments: '{"location":"Paris","unit":"celsius"}' },
    { id: 'call_weather_tokyo', name: 'get_weather', arguments: '{"location":"Tokyo","unit":"celsius"}' },
  ],
  /** Usage of the text and stream scenarios. */
  usage: { promptTokens: 19, completionTokens: 10 },
  /** Text the broken stream delivers before the connection drops. */
  brokenStreamPrefix: 'Hello! How',
  /** The structured answer of the json_schema scenario (exact text). */
  jsonAnswer: '{"city":"Paris","temperature_c":24}',
  /** The reasoning of the signed-reasoning scenario, before its tool call CONFORMANCE.toolCall. */
  signedReasoning: 'The user wants the weather in Paris. I will call get_weather.',
  /** The tool result sent back on the second turn. */
  toolResult: '{"temperature_c":24,"condition":"sunny"}',
  /** A 1×1 PNG, base64, sent as a data URL in the image scenario. */
  imageBase64: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
} as const satisfies {
  text: string;
  reasoning: string;
  toolCall: ToolCall;
  parallelToolCalls: readonly ToolCall[];
  usage: Usage;
  brokenStreamPrefix: string;
  jsonAnswer: string;
  signedReasoning: string;
  toolResult: string;
  imageBase64: string;
};

/** The JSON Schema of the json_schema scenario. */
export const WEATHER_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: {
    city: { type: 'string', description: 'City name' },
    temperature_c: { type: 'number' },
  },
  required: ['city', 'temperature_c'],
  additionalProperties: false,
};

/** The tool of the tool scenarios, with a realistic schema. */
export const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: {
    type: 'object',
    properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['location'],
  },
};
