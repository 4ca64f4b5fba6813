import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { closeRedisConnection, createRedisConnection } from '@aigw/events';
import type { Logger } from '@aigw/telemetry';

/** Who a session belongs to and what it was opened on; a request of the session must match both. */
export interface McpSessionOwner {
  /** The token's id, or `admin` for the admin token. */
  caller: string;
  /** `*` for the aggregated /mcp, else the server of /mcp/<server>. */
  scope: string;
}

/** An idle session is forgotten after this long (every request renews it). */
export const MCP_SESSION_TTL_SECONDS = 24 * 3600;

/**
 * The client sessions of /mcp. A session is only who opened it and on which endpoint: the upstream
 * sessions behind it are the proxy's pool, so any proxy that can read the record serves the session.
 */
export interface McpSessionStore {
  create(owner: McpSessionOwner): Promise<string>;
  /** True when the session exists for this owner (and renews it). */
  check(id: string, owner: McpSessionOwner): Promise<boolean>;
  remove(id: string, owner: McpSessionOwner): Promise<boolean>;
  close(): Promise<void>;
}

function newSessionId(): string {
  return randomBytes(18).toString('base64url');
}

function ownerKey(owner: McpSessionOwner): string {
  return `${owner.caller} ${owner.scope}`;
}

/** Standalone: one process, so sessions live in its memory. */
export class InMemoryMcpSessionStore implements McpSessionStore {
  private readonly sessions = new Map<string, { owner: string; expires: number }>();
  private created = 0;

  /** Sessions held now (expired ones are swept every PRUNE_EVERY creations). */
  get size(): number {
    return this.sessions.size;
  }

  async create(owner: McpSessionOwner): Promise<string> {
    // Clients that never send DELETE must not grow the map forever.
    if (++this.created % PRUNE_EVERY === 0) this.prune();
    const id = newSessionId();
    this.sessions.set(id, { owner: ownerKey(owner), expires: Date.now() + MCP_SESSION_TTL_SECONDS * 1000 });
    return id;
  }

  async check(id: string, owner: McpSessionOwner): Promise<boolean> {
    const session = this.sessions.get(id);
    if (!session || session.owner !== ownerKey(owner)) return false;
    if (session.expires < Date.now()) {
      this.sessions.delete(id);
      return false;
    }
    session.expires = Date.now() + MCP_SESSION_TTL_SECONDS * 1000;
    return true;
  }

  async remove(id: string, owner: McpSessionOwner): Promise<boolean> {
    if (!(await this.check(id, owner))) return false;
    this.sessions.delete(id);
    return true;
  }

  async close(): Promise<void> {
    this.sessions.clear();
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, session] of this.sessions) if (session.expires < now) this.sessions.delete(id);
  }
}

const PRUNE_EVERY = 256;

/** Distributed mode: sessions in Redis under `<prefix><id>`, so every proxy serves every session. */
export class RedisMcpSessionStore implements McpSessionStore {
  private readonly redis: Redis;

  constructor(options: { redisUrl: string; keyPrefix: string; logger: Logger }) {
    this.redis = createRedisConnection(options.redisUrl, { name: 'aigw-mcp-sessions', logger: options.logger, redis: { enableOfflineQueue: true, maxRetriesPerRequest: 1 } });
    this.prefix = options.keyPrefix;
  }

  private readonly prefix: string;

  async create(owner: McpSessionOwner): Promise<string> {
    const id = newSessionId();
    await this.redis.set(this.prefix + id, ownerKey(owner), 'EX', MCP_SESSION_TTL_SECONDS);
    return id;
  }

  async check(id: string, owner: McpSessionOwner): Promise<boolean> {
    const key = this.prefix + id;
    const stored = await this.redis.get(key);
    if (stored !== ownerKey(owner)) return false;
    await this.redis.expire(key, MCP_SESSION_TTL_SECONDS);
    return true;
  }

  async remove(id: string, owner: McpSessionOwner): Promise<boolean> {
    if (!(await this.check(id, owner))) return false;
    await this.redis.del(this.prefix + id);
    return true;
  }

  async close(): Promise<void> {
    await closeRedisConnection(this.redis);
  }
}
