export { createLogger, loggerOptions, REDACT_PATHS, type Logger, type LoggerConfig } from './logger';
export { requestIdMiddleware } from './request-id';
