import pino, { type Logger, type LoggerOptions } from 'pino';
import { LocalTime } from '@aigw/config';

export type { Logger } from 'pino';

export interface LoggerConfig {
  level: string;
  timezone: string;
  pretty?: boolean;
  name?: string;
}

/** Paths pino blanks out wherever they appear: credentials never reach a log line. */
export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'headers["x-api-key"]',
  'req.headers["x-api-key"]',
  'apiKey',
  'api_key',
  'key',
  'keys',
  'secret',
  '*.authorization',
  '*.apiKey',
  '*.key',
  '*.keys',
  '*.secret',
  // Usage events written to the log when they cannot be delivered: token_id still tells whose they are,
  // and api_key holds the full upstream key under logging.key_display = "plain". client_token is the
  // v1 shape, which the log-writer still reads from queues filled before an upgrade.
  'event.api_key',
  'events[*].api_key',
  'event.client_token',
  'events[*].client_token',
];

export function loggerOptions(config: LoggerConfig): LoggerOptions {
  const time = new LocalTime(config.timezone);
  return {
    name: config.name,
    level: config.level,
    base: undefined,
    timestamp: () => `,"time":"${time.formatMillis(Date.now())}"`,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  };
}

/** JSON lines by default; `pretty` renders them for a terminal (timestamps stay in the configured zone). */
export function createLogger(config: LoggerConfig, destination?: pino.DestinationStream): Logger {
  const options = loggerOptions(config);
  if (config.pretty && !destination) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: false, ignore: 'pid,hostname' } } });
  }
  return destination ? pino(options, destination) : pino(options);
}
