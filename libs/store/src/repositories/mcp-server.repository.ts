import Big from 'big.js';
import type { McpServer, McpServerPatch, McpServerState, McpServerWithSecrets, NewMcpServer } from '../mcp-types';
import { conflictOnUnique } from '../db-errors';
import { keyHint } from '../keys.util';
import { StoreError } from '../store-error';
import { parseJson, toBoolean, toJson, toNullableNumber, toNullableString, toNumber, type DbRow } from '../values.util';
import type { StoreContext } from './context';
import { checkMcpServer, normalisePrice } from './mcp-server-check';
import { readRows, type OnUnreadableRow } from './unreadable-rows';

const TABLE = 'mcp_servers';
const LAST_ERROR_MAX = 4096;

/** What a person may see of a header value: a bearer credential keeps its scheme. */
export function headerValueHint(value: string): string {
  const bearer = /^(Bearer|Basic|Token)\s+(.+)$/i.exec(value);
  return bearer ? `${bearer[1]} ${keyHint(bearer[2] as string)}` : keyHint(value);
}

function hints(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, headerValueHint(value)]));
}

function notFound(name: string): StoreError {
  return new StoreError('not_found', `MCP server "${name}" not found`, { entity: 'mcp_server' });
}

function priceFromDb(value: unknown): string | null {
  return value === null || value === undefined ? null : new Big(String(value)).toString();
}

/** Upstream MCP servers: header values and env values encrypted at rest, shown as hints or names. */
export class McpServerRepository {
  constructor(private readonly ctx: StoreContext) {}

  private toServer(row: DbRow): McpServer {
    const { time } = this.ctx;
    const env = parseJson<Record<string, string>>(row.env);
    return {
      id: toNumber(row.id),
      name: String(row.name),
      transport: row.transport as McpServer['transport'],
      url: toNullableString(row.url),
      headers_hint: parseJson<Record<string, string>>(row.headers_hint),
      command: toNullableString(row.command),
      args: parseJson<string[]>(row.args),
      env_names: env ? Object.keys(env) : null,
      enabled: toBoolean(row.enabled),
      source: row.source as McpServer['source'],
      call_price: priceFromDb(row.call_price),
      tool_prices: parseJson<Record<string, string>>(row.tool_prices),
      timeout_ms: toNullableNumber(row.timeout_ms),
      status: row.status as McpServer['status'],
      last_error: toNullableString(row.last_error),
      tool_count: toNullableNumber(row.tool_count),
      tools: parseJson<unknown[]>(row.tools),
      refreshed_at: time.fromDbNullable(row.refreshed_at),
      created_at: time.fromDb(row.created_at),
      updated_at: time.fromDb(row.updated_at),
    };
  }

  private decrypt(server: string, text: string): string {
    try {
      return this.ctx.cipher.decrypt(text);
    } catch (err) {
      throw new StoreError('unreadable', `cannot decrypt the credentials of MCP server "${server}": was security.secret changed since they were stored?`, { cause: err });
    }
  }

  private toServerWithSecrets(row: DbRow): McpServerWithSecrets {
    const server = this.toServer(row);
    const headers = row.headers_encrypted ? (JSON.parse(this.decrypt(server.name, String(row.headers_encrypted))) as Record<string, string>) : null;
    const sealed = parseJson<Record<string, string>>(row.env);
    const env = sealed ? Object.fromEntries(Object.entries(sealed).map(([k, v]) => [k, this.decrypt(server.name, v)])) : null;
    return { ...server, headers, env };
  }

  /** The columns for these fields (only those given: a patch leaves the others alone). */
  private columns(s: McpServerPatch): DbRow {
    const out: DbRow = {};
    if (s.transport !== undefined) out.transport = s.transport;
    if (s.source !== undefined) out.source = s.source;
    if (s.url !== undefined) out.url = s.url;
    if (s.headers !== undefined) {
      const empty = s.headers === null || Object.keys(s.headers).length === 0;
      out.headers_encrypted = empty ? null : this.ctx.cipher.encrypt(JSON.stringify(s.headers));
      out.headers_hint = empty ? null : JSON.stringify(hints(s.headers!));
    }
    if (s.command !== undefined) out.command = s.command;
    if (s.args !== undefined) out.args = toJson(s.args);
    if (s.env !== undefined) out.env = s.env === null ? null : JSON.stringify(Object.fromEntries(Object.entries(s.env).map(([k, v]) => [k, this.ctx.cipher.encrypt(v)])));
    if (s.enabled !== undefined) out.enabled = s.enabled;
    if (s.call_price !== undefined) out.call_price = s.call_price;
    if (s.tool_prices !== undefined) {
      out.tool_prices = s.tool_prices === null ? null : JSON.stringify(Object.fromEntries(Object.entries(s.tool_prices).map(([tool, p]) => [tool, normalisePrice('', tool, p)])));
    }
    if (s.timeout_ms !== undefined) out.timeout_ms = s.timeout_ms;
    return out;
  }

  private async row(name: string): Promise<DbRow | undefined> {
    return this.ctx.knex(TABLE).where('name', name).first();
  }

  /** Every server by name, without secrets; `onSkip`: see readRows. */
  async list(onSkip?: OnUnreadableRow): Promise<McpServer[]> {
    const rows: DbRow[] = await this.ctx.knex(TABLE).orderBy('name');
    return readRows(TABLE, rows, (row) => this.toServer(row), onSkip);
  }

  async get(name: string): Promise<McpServer | undefined> {
    const row = await this.row(name);
    return row ? this.toServer(row) : undefined;
  }

  /** One server with its headers and env decrypted (the config sync compares with it). */
  async getWithSecrets(name: string): Promise<McpServerWithSecrets | undefined> {
    const row = await this.row(name);
    return row ? this.toServerWithSecrets(row) : undefined;
  }

  /** The enabled servers with their headers and env decrypted, by name; `onSkip`: see readRows. */
  async listForGateway(onSkip?: OnUnreadableRow): Promise<McpServerWithSecrets[]> {
    const rows: DbRow[] = await this.ctx.knex(TABLE).where('enabled', true).orderBy('name');
    return readRows(TABLE, rows, (row) => this.toServerWithSecrets(row), onSkip);
  }

  async create(input: NewMcpServer): Promise<McpServer> {
    checkMcpServer(input);
    const { knex, time } = this.ctx;
    const conflict = `MCP server "${input.name}" already exists`;
    if (await this.row(input.name)) throw new StoreError('conflict', conflict);
    const now = time.toDb(new Date());
    const normalised: NewMcpServer = { ...input, call_price: input.call_price === undefined || input.call_price === null ? null : normalisePrice(input.name, 'call_price', input.call_price) };
    await conflictOnUnique(
      () => knex(TABLE).insert({ name: input.name, source: input.source ?? 'api', enabled: true, status: 'unknown', ...this.columns(normalised), created_at: now, updated_at: now }),
      conflict,
    );
    return (await this.get(input.name))!;
  }

  /** Applies the patch to the stored server, checking the result as a whole. */
  async update(name: string, patch: McpServerPatch): Promise<McpServer> {
    const row = await this.row(name);
    if (!row) throw notFound(name);
    const current = this.toServerWithSecrets(row);
    const merged: NewMcpServer = { ...current, ...stripUndefined(patch), name };
    checkMcpServer(merged);
    const changes: McpServerPatch = { ...patch };
    if (patch.call_price !== undefined && patch.call_price !== null) changes.call_price = normalisePrice(name, 'call_price', patch.call_price);
    await this.ctx.knex(TABLE).where('name', name).update({ ...this.columns(changes), updated_at: this.ctx.time.toDb(new Date()) });
    return (await this.get(name))!;
  }

  /** Deletes the server and returns it as it was. */
  async remove(name: string): Promise<McpServer> {
    const server = await this.get(name);
    if (!server) throw notFound(name);
    await this.ctx.knex(TABLE).where('name', name).del();
    return server;
  }

  /** Records what a refresh (or a connection) found; the server as it is now. */
  async recordState(name: string, state: McpServerState): Promise<McpServer> {
    const count = await this.ctx.knex(TABLE).where('name', name).update({
      status: state.status,
      last_error: state.last_error === null ? null : state.last_error.slice(0, LAST_ERROR_MAX),
      tool_count: state.tool_count,
      tools: toJson(state.tools),
      refreshed_at: this.ctx.time.toDb(state.refreshed_at),
    });
    if (count === 0) throw notFound(name);
    return (await this.get(name))!;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
