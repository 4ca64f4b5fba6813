import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { dropSchema, freePort, testPostgresUrl, uniqueSchema } from '@aigw/test-support';

const ROOT = join(__dirname, '..', '..', '..', '..');
const MAINS = {
  proxy: join(ROOT, 'apps/proxy/dist/main.js'),
  admin: join(ROOT, 'apps/admin-api/dist/main.js'),
  'log-writer': join(ROOT, 'apps/log-writer/dist/main.js'),
} as const;

export type Role = keyof typeof MAINS;

export interface Member {
  role: Role;
  child: ChildProcess;
  port: number;
  url: string;
  output: string[];
  exited: Promise<number | null>;
}

export interface ClusterOptions {
  /** Redis URL the services use (may point at a TcpProxy); a database index keeps test keys apart. */
  redisUrl: string;
  /** More AIGW_* settings for every service (for example the OTLP endpoint). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The distributed topology as plain processes of the built apps: PostgreSQL (a fresh schema) and
 * Redis shared, each service configured through AIGW_* environment variables.
 */
export class Cluster {
  readonly schema = uniqueSchema('t_dist');
  readonly databaseUrl = testPostgresUrl();
  readonly members: Member[] = [];
  adminToken = '';

  constructor(private readonly options: ClusterOptions) {}

  env(port: number, role: Role): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AIGW_DATABASE_URL: this.databaseUrl,
      AIGW_DATABASE_SCHEMA: this.schema,
      AIGW_DATABASE_POOL_MAX: '5',
      AIGW_QUEUE_REDIS_URL: this.options.redisUrl,
      AIGW_SECURITY_SECRET: 'distributed-test-secret',
      AIGW_SERVER_HOST: '127.0.0.1',
      AIGW_SERVER_PORT: String(port),
      AIGW_SERVER_ADMIN_PORT: String(port),
      AIGW_SERVER_LOG_WRITER_PORT: String(port),
      AIGW_SERVER_UPSTREAM_TIMEOUT: '5s',
      AIGW_LOGGING_LEVEL: 'warn',
      AIGW_TELEMETRY_SERVICE_NAME: `aigw-${role}`,
      ...this.options.env,
    };
  }

  /** Starts one service and waits until it says it is listening (log-writers: until it starts). */
  async start(role: Role, fixedPort?: number): Promise<Member> {
    const port = fixedPort ?? (await freePort());
    const child = spawn(process.execPath, [MAINS[role]], { env: this.env(port, role), stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const member: Member = { role, child, port, url: `http://127.0.0.1:${port}`, output, exited };
    const lines = createInterface({ input: child.stdout! });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${role} did not start:\n${output.join('\n')}`)), 20_000);
      lines.on('line', (line) => {
        output.push(line);
        if (line.startsWith('admin-')) this.adminToken = line.trim();
        const up = role === 'admin' ? line.startsWith('admin-') : /listening|started/.test(line);
        if (up) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
      void exited.then((code) => reject(new Error(`${role} exited with ${code}:\n${output.join('\n')}`)));
    });
    await ready;
    this.members.push(member);
    return member;
  }

  /** SIGKILL: the process gets no chance to finish what it holds. */
  async kill(member: Member): Promise<void> {
    member.child.kill('SIGKILL');
    await member.exited;
    this.members.splice(this.members.indexOf(member), 1);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.members.map(async (m) => {
        m.child.kill('SIGTERM');
        const timer = setTimeout(() => m.child.kill('SIGKILL'), 10_000);
        await m.exited;
        clearTimeout(timer);
      }),
    );
    this.members.length = 0;
    await this.dropRedisKeys();
    await dropSchema(this.databaseUrl, this.schema);
  }

  /** Deletes this deployment's keys (its namespace `aigw:<deployment_id>:`) from the test Redis database. */
  private async dropRedisKeys(): Promise<void> {
    const url = process.env.TEST_REDIS_URL;
    if (!url) return;
    const pg = new Client({ connectionString: this.databaseUrl });
    await pg.connect();
    let id: string | undefined;
    try {
      const found = await pg.query(`select value from "${this.schema}".settings where name = 'deployment_id'`).catch(() => ({ rows: [] }));
      id = (found.rows[0] as { value?: string } | undefined)?.value;
    } finally {
      await pg.end();
    }
    if (!id) return;
    const redis = new Redis(url, { maxRetriesPerRequest: 1 });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `aigw:${id}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
}
