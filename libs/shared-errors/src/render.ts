import { anthropicErrorType, openAiErrorType } from './codes';
import type { GatewayError } from './gateway-error';

export interface OpenAiErrorBody {
  error: { message: string; type: string; code: string; param: string | null };
}

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

export type ErrorBodyStyle = 'openai' | 'anthropic';

export function toOpenAiErrorBody(err: GatewayError): OpenAiErrorBody {
  return { error: { message: err.message, type: openAiErrorType(err.status), code: err.code, param: err.param } };
}

export function toAnthropicErrorBody(err: GatewayError): AnthropicErrorBody {
  return { type: 'error', error: { type: anthropicErrorType(err.status), message: err.message } };
}

export function renderErrorBody(err: GatewayError, style: ErrorBodyStyle): OpenAiErrorBody | AnthropicErrorBody {
  return style === 'anthropic' ? toAnthropicErrorBody(err) : toOpenAiErrorBody(err);
}
