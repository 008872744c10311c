import { GatewayError } from '../../spec/errors.js';
import type { ChatRequest, FunctionTool, ResponseFormat, ToolChoice } from '../../spec/chat-request.js';
import { convertReasoningToGeminiThinking } from './convert-reasoning-to-gemini-thinking.js';
import { convertToGeminiContents } from './convert-to-gemini-contents.js';
import { reduceJsonSchemaForGemini, SchemaReductionError } from './reduce-json-schema-for-gemini.js';
import type { JsonSchema } from './reduce-json-schema-for-gemini.js';

/**
 * The GenerateContentRequest body (https://ai.google.dev/api/generate-content#request-body):
 * contents and systemInstruction, tools as functionDeclarations with schemas reduced to
 * Gemini's subset, toolConfig.functionCallingConfig, and generationConfig with only the
 * parameters the client sent. The model is in the URL, not the body. Parameters Gemini has
 * no field for (min_p, top_a, repetition_penalty, logit_bias, parallel_tool_calls) are not
 * sent; the router only picks endpoints whose catalog entry lists what the client asked for.
 */
export function convertToGeminiRequest(request: ChatRequest): Record<string, unknown> {
  const conversation = convertToGeminiContents(request.messages);
  const body: Record<string, unknown> = { contents: conversation.contents };
  if (conversation.systemInstruction !== undefined) body.systemInstruction = conversation.systemInstruction;

  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = [{ functionDeclarations: request.tools.map(convertTool) }];
    if (request.toolChoice !== undefined) body.toolConfig = { functionCallingConfig: convertToolChoice(request.toolChoice) };
  }

  const generationConfig = buildGenerationConfig(request);
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  return body;
}

function buildGenerationConfig(request: ChatRequest): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (request.stop !== undefined && request.stop.length > 0) config.stopSequences = request.stop;
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.seed !== undefined) config.seed = request.seed;
  if (request.presencePenalty !== undefined) config.presencePenalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) config.frequencyPenalty = request.frequencyPenalty;
  if (request.responseFormat !== undefined) Object.assign(config, convertResponseFormat(request.responseFormat));
  const thinking = convertReasoningToGeminiThinking(request.reasoning, request.maxTokens);
  if (thinking !== undefined) config.thinkingConfig = thinking;
  return config;
}

function convertTool(tool: FunctionTool, index: number): Record<string, unknown> {
  const declaration: Record<string, unknown> = { name: tool.name };
  if (tool.description !== undefined) declaration.description = tool.description;
  if (tool.parameters !== undefined) {
    const parameters = reduceSchema(tool.parameters, `tools[${index}].function.parameters`);
    // Gemini rejects an OBJECT with empty properties ("should be non-empty for OBJECT type");
    // a function without arguments simply has no `parameters`.
    if (!(parameters.type === 'OBJECT' && parameters.properties === undefined && parameters.anyOf === undefined)) declaration.parameters = parameters;
  }
  return declaration;
}

/** auto → AUTO, none → NONE, required → ANY, a named function → ANY limited to that name. */
function convertToolChoice(choice: ToolChoice): Record<string, unknown> {
  if (choice === 'auto') return { mode: 'AUTO' };
  if (choice === 'none') return { mode: 'NONE' };
  if (choice === 'required') return { mode: 'ANY' };
  return { mode: 'ANY', allowedFunctionNames: [choice.name] };
}

/** json_object → JSON output; json_schema → JSON output constrained by the reduced schema. */
function convertResponseFormat(format: ResponseFormat): Record<string, unknown> {
  if (format.type === 'text') return {};
  if (format.type === 'json_object' || format.schema === undefined) return { responseMimeType: 'application/json' };
  return { responseMimeType: 'application/json', responseSchema: reduceSchema(format.schema, 'response_format.json_schema.schema') };
}

function reduceSchema(schema: JsonSchema, location: string): JsonSchema {
  try {
    return reduceJsonSchemaForGemini(schema);
  } catch (error) {
    if (!(error instanceof SchemaReductionError)) throw error;
    const param = error.path === '' ? location : `${location}.${error.path}`;
    throw new GatewayError('bad_request', `${param}: ${error.message}`, { metadata: { param } });
  }
}
