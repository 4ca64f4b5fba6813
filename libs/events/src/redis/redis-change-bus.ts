import type { Redis } from 'ioredis';
import type { ChangeBus, ChangeMessage } from '../change-bus';
import { closeRedisConnection, createRedisConnection, type RedisLogger } from './connection';

export interface RedisChangeBusOptions {
  redisUrl: string;
  logger: RedisLogger;
  /** RedisNamespace.changes: the pub/sub channel shared by every service of one deployment. */
  channel: string;
}

function isChangeMessage(value: unknown): value is ChangeMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'config' || type === 'token-usage' || type === 'key-health';
}

/**
 * Distributed mode: change notices travel as JSON over Redis pub/sub, so every proxy hears an admin
 * change within a second. Publishing is best-effort: when Redis is down the notice is lost (logged as
 * a warning) and the services' periodic reload catches up. The subscriber reconnects forever and
 * ioredis subscribes again after each reconnect. Every instance also hears its own messages, as
 * with the in-process bus.
 */
export class RedisChangeBus implements ChangeBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly channel: string;
  private readonly listeners = new Set<(message: ChangeMessage) => void>();
  private readonly subscribed: Promise<void>;
  private closing = false;

  constructor(private readonly options: RedisChangeBusOptions) {
    this.channel = options.channel;
    // The offline queue lets a notice sent during start-up wait for the connection; one retry and a
    // command timeout bound how long a publish can take when Redis is gone.
    this.publisher = createRedisConnection(options.redisUrl, {
      name: 'aigw-changes-pub',
      logger: options.logger,
      redis: { maxRetriesPerRequest: 1, commandTimeout: 2000 },
    });
    this.subscriber = createRedisConnection(options.redisUrl, {
      name: 'aigw-changes-sub',
      logger: options.logger,
      redis: { maxRetriesPerRequest: null },
    });
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.channel) this.deliver(text);
    });
    this.subscribed = this.subscriber.subscribe(this.channel).then(() => undefined);
    this.subscribed.catch((err: unknown) => {
      if (!this.closing) options.logger.error({ err, channel: this.channel }, 'change bus: subscribe failed');
    });
  }

  /** Resolves once the subscription is active (messages published before it are not heard). */
  ready(): Promise<void> {
    return this.subscribed;
  }

  /** Rejects when Redis does not answer (readiness checks). */
  async ping(): Promise<void> {
    await this.publisher.ping();
  }

  async publish(message: ChangeMessage): Promise<void> {
    try {
      await this.publisher.publish(this.channel, JSON.stringify(message));
    } catch (err) {
      this.options.logger.warn(
        { err, type: message.type },
        'change bus: publish failed; other services catch up at their next periodic reload',
      );
    }
  }

  subscribe(listener: (message: ChangeMessage) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    this.listeners.clear();
    await Promise.all([closeRedisConnection(this.publisher), closeRedisConnection(this.subscriber)]);
  }

  private deliver(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (err) {
      this.options.logger.warn({ err }, 'change bus: message is not JSON; ignored');
      return;
    }
    if (!isChangeMessage(message)) {
      this.options.logger.warn({ message }, 'change bus: unknown message type; ignored');
      return;
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(message);
      } catch (err) {
        // One failing listener must not keep the notice from the others.
        this.options.logger.error({ err, type: message.type }, 'change bus: listener failed');
      }
    }
  }
}
