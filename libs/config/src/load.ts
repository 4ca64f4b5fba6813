import { existsSync, readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import type { ZodError } from 'zod';
import { mcpServerLabel } from './mcp';
import { providerLabel } from './providers';
import { configSchema, type AigwConfig } from './schema';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  argv?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** `--config PATH`, else AIGW_CONFIG, else ./aigw.toml when present, else none (built-in defaults). */
export function findConfigPath(options: LoadConfigOptions = {}): string | undefined {
  const argv = options.argv ?? process.argv.slice(2);
  const env = options.env ?? process.env;
  const i = argv.findIndex((a) => a === '--config' || a.startsWith('--config='));
  if (i >= 0) {
    const arg = argv[i]!;
    const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
    if (!value) throw new ConfigError('--config needs a file path');
    return value;
  }
  if (env.AIGW_CONFIG) return env.AIGW_CONFIG;
  const local = `${options.cwd ?? process.cwd()}/aigw.toml`;
  return existsSync(local) ? local : undefined;
}

const SECTIONS = ['server', 'database', 'queue', 'logging', 'limits', 'security', 'budget', 'routing', 'billing', 'telemetry', 'metrics', 'mcp'] as const;

/**
 * AIGW_<SECTION>_<KEY> overrides, e.g. AIGW_DATABASE_URL or AIGW_SERVER_BODY_LIMIT. Values stay
 * strings; the schema coerces numbers and booleans.
 */
export function envOverrides(env: NodeJS.ProcessEnv): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('AIGW_') || value === undefined || value === '' || name === 'AIGW_CONFIG') continue;
    const rest = name.slice(5).toLowerCase();
    const section = SECTIONS.find((s) => rest.startsWith(`${s}_`));
    if (!section) continue;
    (out[section] ??= {})[rest.slice(section.length + 1)] = value;
  }
  return out;
}

const ENTRY_LABELS: Record<string, (index: number, name: unknown) => string> = { providers: providerLabel, mcp_servers: mcpServerLabel };

/** `providers.0.base_url` reads `providers[0] "deepseek".base_url`: the entry is named (also [[mcp_servers]]). */
function keyOf(path: PropertyKey[], raw: unknown): string {
  const label = typeof path[0] === 'string' ? ENTRY_LABELS[path[0]] : undefined;
  if (!label || typeof path[1] !== 'number') return path.map(String).join('.');
  const entries = (raw as Record<string, unknown> | undefined)?.[path[0] as string];
  const entry = Array.isArray(entries) ? (entries[path[1]] as { name?: unknown } | undefined) : undefined;
  return [label(path[1], entry?.name), ...path.slice(2).map(String)].join('.');
}

function describe(error: ZodError, raw: unknown): string {
  return error.issues
    .map((issue) => {
      const key = keyOf(issue.path, raw) || '(root)';
      if (issue.code === 'unrecognized_keys') {
        const where = issue.path.length ? `${keyOf(issue.path, raw)}.` : '';
        return issue.keys.map((k) => `${where}${k}: unknown key`).join('\n');
      }
      return `${key}: ${issue.message}`;
    })
    .join('\n');
}

/**
 * Validates a raw object (from TOML plus env) into the config, or throws ConfigError naming each bad
 * key. The `env:NAME` keys of [[providers]] stay as written (see resolveProviderKeys).
 */
export function parseConfig(raw: unknown, source = 'config'): AigwConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(`invalid ${source}:\n${describe(result.error, raw)}`);
  return result.data;
}

function readToml(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid TOML: ${(err as Error).message}`);
  }
}

/** Reads the file (if any), applies env overrides and validates. */
export function loadConfig(options: LoadConfigOptions = {}): AigwConfig {
  const env = options.env ?? process.env;
  const path = findConfigPath(options);
  const fromFile = path ? readToml(path) : {};
  const merged: Record<string, unknown> = { ...fromFile };
  for (const [section, values] of Object.entries(envOverrides(env))) {
    const base = (merged[section] ?? {}) as Record<string, unknown>;
    merged[section] = { ...base, ...values };
  }
  return parseConfig(merged, path ? `config file ${path}` : 'config');
}
