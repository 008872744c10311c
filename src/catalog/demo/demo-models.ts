import type { GatewayConfigInput } from '../config-schema.js';
import type { PARAMETERS } from '../catalog-vocabulary.js';

type ModelInput = GatewayConfigInput['models'][number];

type Parameter = (typeof PARAMETERS)[number];

const CHAT_PARAMETERS: Parameter[] = ['max_tokens', 'temperature', 'top_p', 'stop', 'frequency_penalty', 'presence_penalty', 'seed'];
const TOOL_PARAMETERS: Parameter[] = [...CHAT_PARAMETERS, 'tools', 'tool_choice', 'response_format'];
const REASONING_PARAMETERS: Parameter[] = [...TOOL_PARAMETERS, 'reasoning', 'include_reasoning'];
// What Anthropic's Messages API takes (no penalties, seed or logprobs; top_k and structured outputs).
const ANTHROPIC_PARAMETERS: Parameter[] = ['max_tokens', 'temperature', 'top_p', 'top_k', 'stop', 'tools', 'tool_choice', 'parallel_tool_calls', 'reasoning', 'include_reasoning', 'response_format', 'structured_outputs'];

/**
 * The demo's models: real open-weight models with their public names, dates and context
 * lengths, each served by two or more simulated providers at different prices, quantizations
 * and limits, so routing, fallbacks and the catalog pages have something to show.
 */
export const DEMO_MODELS: readonly ModelInput[] = [
  {
    id: 'thudm/glm-4-32b',
    name: 'THUDM: GLM 4 32B',
    created: '2025-04-17',
    description:
      'GLM-4-32B-0414 is a 32B bilingual (Chinese-English) open-weights model tuned for code generation, function calling and agent-style tasks, with performance close to much larger models on many benchmarks.',
    context_length: 32768,
    tokenizer: 'Other',
    endpoints: [
      {
        provider: 'swiftinfer',
        upstream_model: 'glm-4-32b-0414',
        max_completion_tokens: 8192,
        quantization: 'fp8',
        pricing: { prompt: 0.24, completion: 0.24 },
        supported_parameters: TOOL_PARAMETERS,
      },
      {
        provider: 'cheapgpu',
        upstream_model: 'glm4:32b-0414-q4',
        max_completion_tokens: 4096,
        quantization: 'int4',
        pricing: { prompt: 0.1, completion: 0.15 },
        supported_parameters: CHAT_PARAMETERS,
      },
    ],
  },
  {
    id: 'thudm/glm-4-32b:free',
    name: 'THUDM: GLM 4 32B (free)',
    created: '2025-04-17',
    description: 'The free variant of GLM 4 32B: the same model on donated capacity, with low rate limits and no uptime promise.',
    context_length: 32768,
    tokenizer: 'Other',
    endpoints: [
      {
        provider: 'freeway',
        upstream_model: 'glm-4-32b-free',
        max_completion_tokens: 4096,
        quantization: 'fp8',
        pricing: { prompt: 0, completion: 0 },
        supported_parameters: TOOL_PARAMETERS,
      },
      {
        provider: 'cheapgpu',
        upstream_model: 'glm4:32b-0414-q4',
        context_length: 16384,
        max_completion_tokens: 2048,
        quantization: 'int4',
        pricing: { prompt: 0, completion: 0 },
        supported_parameters: CHAT_PARAMETERS,
      },
    ],
  },
  {
    id: 'meta-llama/llama-3.3-70b-instruct',
    name: 'Meta: Llama 3.3 70B Instruct',
    created: '2024-12-06',
    description:
      'Llama 3.3 70B is a multilingual instruction-tuned model optimized for dialogue. It supports English, German, French, Italian, Portuguese, Hindi, Spanish and Thai, and outperforms many open and closed chat models on common industry benchmarks.',
    context_length: 131072,
    tokenizer: 'Llama3',
    instruct_type: 'llama3',
    endpoints: [
      {
        provider: 'swiftinfer',
        upstream_model: 'llama-3.3-70b-versatile',
        max_completion_tokens: 32768,
        quantization: 'bf16',
        pricing: { prompt: 0.59, completion: 0.79 },
        supported_parameters: TOOL_PARAMETERS,
      },
      {
        provider: 'swiftinfer',
        tag: 'turbo',
        upstream_model: 'llama-3.3-70b-specdec',
        context_length: 8192,
        max_completion_tokens: 8192,
        quantization: 'fp8',
        pricing: { prompt: 0.88, completion: 0.88 },
        supported_parameters: CHAT_PARAMETERS,
      },
      {
        provider: 'steadyai',
        upstream_model: 'meta-llama/Llama-3.3-70B-Instruct',
        max_completion_tokens: 16384,
        quantization: 'fp8',
        pricing: { prompt: 0.23, completion: 0.4 },
        supported_parameters: TOOL_PARAMETERS,
      },
      {
        provider: 'cheapgpu',
        upstream_model: 'llama3.3:70b-instruct-q4_K_M',
        context_length: 32768,
        max_completion_tokens: 4096,
        quantization: 'int4',
        pricing: { prompt: 0.1, completion: 0.25 },
        supported_parameters: CHAT_PARAMETERS,
      },
    ],
  },
  {
    id: 'qwen/qwen3-32b',
    name: 'Qwen: Qwen3 32B',
    created: '2025-04-28',
    description:
      'Qwen3-32B is a dense 32.8B model from the Qwen3 series, switching between a thinking mode for math, coding and logical inference and a non-thinking mode for fast general conversation.',
    context_length: 40960,
    tokenizer: 'Qwen3',
    instruct_type: 'qwen3',
    endpoints: [
      {
        provider: 'steadyai',
        upstream_model: 'Qwen/Qwen3-32B',
        max_completion_tokens: 16384,
        quantization: 'fp8',
        pricing: { prompt: 0.1, completion: 0.3 },
        supported_parameters: REASONING_PARAMETERS,
      },
      {
        provider: 'swiftinfer',
        upstream_model: 'qwen3-32b',
        max_completion_tokens: 40960,
        quantization: 'bf16',
        pricing: { prompt: 0.29, completion: 0.59 },
        supported_parameters: REASONING_PARAMETERS,
      },
      {
        provider: 'cheapgpu',
        upstream_model: 'qwen3:32b-q4_K_M',
        max_completion_tokens: 8192,
        quantization: 'int4',
        pricing: { prompt: 0.06, completion: 0.18 },
        supported_parameters: CHAT_PARAMETERS,
      },
    ],
  },
  {
    id: 'mistralai/mistral-small-3.2-24b-instruct',
    name: 'Mistral: Mistral Small 3.2 24B',
    created: '2025-06-20',
    description:
      'Mistral-Small-3.2-24B-Instruct-2506 is an updated 24B model tuned for instruction following, repetition reduction and function calling. It accepts text and image inputs.',
    context_length: 131072,
    input_modalities: ['text', 'image'],
    tokenizer: 'Mistral',
    instruct_type: 'mistral',
    endpoints: [
      {
        provider: 'steadyai',
        upstream_model: 'mistralai/Mistral-Small-3.2-24B-Instruct-2506',
        max_completion_tokens: 32768,
        quantization: 'bf16',
        pricing: { prompt: 0.1, completion: 0.3, image: 0.0004 },
        supported_parameters: TOOL_PARAMETERS,
      },
      {
        provider: 'cheapgpu',
        upstream_model: 'mistral-small3.2:24b-q8',
        context_length: 32768,
        max_completion_tokens: 8192,
        quantization: 'int8',
        pricing: { prompt: 0.05, completion: 0.1 },
        supported_parameters: CHAT_PARAMETERS,
        input_modalities: ['text'],
      },
    ],
  },
  {
    id: 'deepseek/deepseek-chat-v3-0324',
    name: 'DeepSeek: DeepSeek V3 0324',
    created: '2025-03-24',
    description:
      'DeepSeek V3 0324 is a 685B-parameter mixture-of-experts model, the March 2025 update of the DeepSeek V3 chat model, strong at coding, math and general conversation.',
    context_length: 163840,
    tokenizer: 'DeepSeek',
    endpoints: [
      {
        provider: 'steadyai',
        upstream_model: 'deepseek-ai/DeepSeek-V3-0324',
        max_completion_tokens: 16384,
        quantization: 'fp8',
        pricing: { prompt: 0.28, completion: 0.88, input_cache_read: 0.07 },
        supported_parameters: TOOL_PARAMETERS,
      },
      {
        provider: 'swiftinfer',
        upstream_model: 'deepseek-v3-0324',
        context_length: 131072,
        max_completion_tokens: 16384,
        quantization: 'fp8',
        pricing: { prompt: 0.5, completion: 1.5 },
        supported_parameters: TOOL_PARAMETERS,
      },
      {
        provider: 'cheapgpu',
        upstream_model: 'deepseek-v3:671b-q4',
        context_length: 65536,
        max_completion_tokens: 8192,
        quantization: 'fp4',
        pricing: { prompt: 0.2, completion: 0.8 },
        supported_parameters: CHAT_PARAMETERS,
      },
    ],
  },
  {
    id: 'openai/gpt-oss-120b',
    name: 'OpenAI: gpt-oss-120b',
    created: '2025-08-05',
    description:
      'gpt-oss-120b is an open-weight 117B-parameter mixture-of-experts model from OpenAI for high-reasoning, agentic and general-purpose use, with configurable reasoning depth and native tool use. It fits on a single 80GB GPU with MXFP4 quantization.',
    context_length: 131072,
    tokenizer: 'GPT',
    endpoints: [
      {
        provider: 'swiftinfer',
        upstream_model: 'gpt-oss-120b',
        max_completion_tokens: 32768,
        quantization: 'mxfp4',
        pricing: { prompt: 0.15, completion: 0.6 },
        supported_parameters: REASONING_PARAMETERS,
      },
      {
        provider: 'steadyai',
        upstream_model: 'openai/gpt-oss-120b',
        max_completion_tokens: 32768,
        quantization: 'mxfp4',
        pricing: { prompt: 0.09, completion: 0.45 },
        supported_parameters: REASONING_PARAMETERS,
      },
      {
        provider: 'cheapgpu',
        upstream_model: 'gpt-oss:120b',
        max_completion_tokens: 16384,
        quantization: 'mxfp4',
        pricing: { prompt: 0.04, completion: 0.2 },
        supported_parameters: TOOL_PARAMETERS,
      },
    ],
  },
  {
    id: 'anthropic/claude-sonnet-4.6',
    name: 'Anthropic: Claude Sonnet 4.6',
    created: '2026-02-17',
    description:
      'Claude Sonnet 4.6 is Anthropic\'s mid-size model for coding, agents and long-context work, with extended thinking and parallel tool use. In the demo it is served over the Anthropic Messages wire by one provider and over an OpenAI-compatible API by another.',
    context_length: 200000,
    input_modalities: ['text', 'image'],
    tokenizer: 'Claude',
    endpoints: [
      {
        provider: 'anthropic-sim',
        upstream_model: 'claude-sonnet-4-6',
        max_completion_tokens: 64000,
        pricing: { prompt: 3, completion: 15, input_cache_read: 0.3, input_cache_write: 3.75 },
        supported_parameters: ANTHROPIC_PARAMETERS,
        input_modalities: ['text', 'image'],
      },
      {
        provider: 'steadyai',
        upstream_model: 'anthropic/claude-sonnet-4.6',
        max_completion_tokens: 32000,
        pricing: { prompt: 3.3, completion: 16.5 },
        supported_parameters: REASONING_PARAMETERS,
      },
    ],
  },
  {
    id: 'google/gemini-2.5-flash',
    name: 'Google: Gemini 2.5 Flash',
    created: '2025-06-17',
    description:
      'Gemini 2.5 Flash is a fast thinking model for reasoning, coding and math, with a configurable thinking budget, function calling and a one-million-token context.',
    context_length: 1048576,
    input_modalities: ['text', 'image'],
    tokenizer: 'Gemini',
    endpoints: [
      {
        // The Gemini wire (adapter `gemini`): thought signatures, usageMetadata, Google errors.
        provider: 'google-ai-studio',
        upstream_model: 'gemini-2.5-flash',
        max_completion_tokens: 65535,
        pricing: { prompt: 0.3, completion: 2.5, input_cache_read: 0.075 },
        supported_parameters: [...REASONING_PARAMETERS, 'top_k'],
        input_modalities: ['text', 'image'],
      },
      {
        provider: 'steadyai',
        upstream_model: 'google/gemini-2.5-flash',
        max_completion_tokens: 32768,
        pricing: { prompt: 0.35, completion: 2.75 },
        supported_parameters: TOOL_PARAMETERS,
      },
    ],
  },
];
