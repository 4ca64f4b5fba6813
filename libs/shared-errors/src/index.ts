export { ERROR_STATUS, type ErrorCode, openAiErrorType, anthropicErrorType } from './codes';
export { GatewayError, isGatewayError, UPSTREAM_BODY_LIMIT, type GatewayErrorOptions, type UpstreamFailure } from './gateway-error';
export {
  renderErrorBody,
  toOpenAiErrorBody,
  toAnthropicErrorBody,
  toMcpErrorBody,
  type McpErrorBody,
  type ErrorBodyStyle,
  type OpenAiErrorBody,
  type AnthropicErrorBody,
} from './render';
export { malformedPathError } from './malformed-path';
export { errorMiddleware, toGatewayError, RESPONSE_ERROR_KEY, type ErrorLogger, type ErrorMiddlewareOptions } from './middleware';
