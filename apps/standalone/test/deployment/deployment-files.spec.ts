import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@aigw/config';
import { registerQueueMetrics } from '@aigw/log-writer';
import { GatewayMetrics } from '@aigw/telemetry';

const ROOT = join(__dirname, '..', '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The lines of one top-level service of docker-compose.yml (two-space indented key). */
function serviceBlock(compose: string, name: string): string[] {
  const lines = compose.split('\n');
  const start = lines.indexOf(`  ${name}:`);
  if (start < 0) throw new Error(`no service ${name} in docker-compose.yml`);
  const end = lines.findIndex((line, i) => i > start && /^ {2}\S/.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The items of a `key:` list inside a service block. */
function listItems(block: string[], key: string): string[] {
  const start = block.findIndex((line) => line.trim() === `${key}:`);
  if (start < 0) return [];
  const items: string[] = [];
  for (const line of block.slice(start + 1)) {
    const m = /^\s+- (.*)$/.exec(line);
    if (!m) break;
    items.push(m[1]!.replace(/^"|"$/g, ''));
  }
  return items;
}

interface Stage {
  name: string;
  from: string;
  lines: string[];
}

/** Dockerfile stages in order: `FROM x AS name` and the instructions under it (continuations joined). */
function stages(dockerfile: string): Stage[] {
  const joined = dockerfile.replace(/\\\n/g, ' ').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const out: Stage[] = [];
  for (const line of joined) {
    const m = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (m) out.push({ from: m[1]!, name: m[2] ?? `stage${out.length}`, lines: [] });
    else out.at(-1)?.lines.push(line.trim());
  }
  return out;
}

describe('docker-compose.yml', () => {
  const compose = read('docker-compose.yml');

  it('refuses to start without AIGW_SECRET: no built-in fallback secret', () => {
    expect(compose).toMatch(/AIGW_SECURITY_SECRET: \$\{AIGW_SECRET:\?[^}]+\}/);
    expect(compose).not.toMatch(/\$\{AIGW_SECRET:?-/);
  });

  it('publishes the admin port on 127.0.0.1 only by default', () => {
    const ports = listItems(serviceBlock(compose, 'admin-api'), 'ports');
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^(127\.0\.0\.1|\$\{[A-Z_]+:-127\.0\.0\.1\}):/);
  });
});

describe('docker/Dockerfile', () => {
  const all = stages(read('docker/Dockerfile'));
  const runtime = all.at(-1)!;

  it('builds with dev dependencies in a build stage', () => {
    const build = all.find((s) => s.lines.some((l) => /npm ci(?!.*--omit=dev)/.test(l)) && s.lines.some((l) => /npm run build|nx run-many -t build/.test(l)));
    expect(build).toBeDefined();
    expect(build).not.toBe(runtime);
  });

  it('ships only what a production install brings: the runtime copies from a stage that installed with --omit=dev', () => {
    expect(runtime.lines.some((l) => /npm (ci|install)/.test(l))).toBe(false);
    const copies = runtime.lines.map((l) => /^COPY\s+--from=(\S+)/.exec(l)?.[1]).filter((s): s is string => !!s);
    expect(copies.length).toBeGreaterThan(0);
    for (const name of copies) {
      const source = all.find((s) => s.name === name)!;
      expect(source.lines.some((l) => /npm (ci|prune) .*--omit=dev/.test(l))).toBe(true);
    }
  });
});

describe('metrics deployment (Prometheus and Grafana)', () => {
  const compose = read('docker-compose.yml');
  const config = loadConfig({ argv: ['--config', join(ROOT, 'docker/aigw.toml')], env: {} });
  const prometheus = read('docker/prometheus.yml');
  const dashboard = JSON.parse(read('docker/grafana/dashboards/aigw-metrics.json')) as {
    uid: string;
    panels: { title: string; datasource: { uid: string }; targets: { expr: string }[] }[];
  };

  /** A registry with every series the services export (request metrics, key states, queue). */
  function exportedNames(): GatewayMetrics {
    const metrics = new GatewayMetrics('check');
    metrics.registerKeyStates(() => []);
    const queue = { getJobCounts: async () => ({}), getJobs: async () => [] };
    const worker = { on: () => worker };
    registerQueueMetrics(metrics, queue as never, worker as never, () => true);
    return metrics;
  }

  it('docker/aigw.toml parses and gives every service a separate metrics port', () => {
    expect(config.metrics.port).toBe(9464);
    expect(config.metrics.token).toBe('');
  });

  it('Prometheus scrapes proxy, admin-api and log-writer on that port', () => {
    for (const service of ['proxy', 'admin-api', 'log-writer']) {
      const scraped = prometheus.includes(`"${service}:${config.metrics.port}"`) || new RegExp(`names: \\["${service}"\\]\\s+type: A\\s+port: ${config.metrics.port}`).test(prometheus);
      expect({ service, scraped }).toEqual({ service, scraped: true });
      expect(listItems(serviceBlock(compose, service), 'expose')).toContain(String(config.metrics.port));
    }
    const block = serviceBlock(compose, 'prometheus');
    expect(listItems(block, 'volumes')).toContain('./docker/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
    for (const port of listItems(block, 'ports')) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('every service has a readiness healthcheck on /readyz', () => {
    expect(serviceBlock(compose, 'proxy').join('\n')).toContain('http://127.0.0.1:8080/readyz');
    expect(serviceBlock(compose, 'admin-api').join('\n')).toContain(`http://127.0.0.1:${config.server.admin_port}/readyz`);
    expect(serviceBlock(compose, 'log-writer').join('\n')).toContain(`http://127.0.0.1:${config.server.log_writer_port}/readyz`);
  });

  it('Grafana gets the Prometheus data source the dashboard uses', () => {
    const source = read('docker/grafana/provisioning/datasources/prometheus.yaml');
    expect(source).toMatch(/uid: prometheus\n/);
    expect(source).toContain('url: http://prometheus:9090');
    expect(serviceBlock(compose, 'grafana').join('\n')).toContain('./docker/grafana/dashboards:/etc/grafana/dashboards:ro');
    expect(dashboard.uid).toBe('aigw-metrics');
    for (const panel of dashboard.panels) expect(panel.datasource.uid).toBe('prometheus');
  });

  it('the dashboard shows requests, errors, latency, ttfb, tokens, spend, key states and queue lag from metrics that exist', async () => {
    const exposition = (await exportedNames().render()).body;
    const names = new Set([...exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) => (type === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name!])));
    const used = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => [...t.expr.matchAll(/\b(aigw_[a-z_]+|nodejs_[a-z_]+|process_[a-z_]+)\b/g)].map((m) => m[1]!)));
    expect(used.length).toBeGreaterThan(10);
    for (const name of used) expect({ name, exported: names.has(name) }).toEqual({ name, exported: true });
    for (const name of ['aigw_requests_total', 'aigw_upstream_errors_total', 'aigw_request_duration_seconds_bucket', 'aigw_time_to_first_byte_seconds_bucket', 'aigw_tokens_total', 'aigw_cost_total', 'aigw_upstream_keys', 'aigw_queue_lag_seconds']) {
      expect(used).toContain(name);
    }
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    expect(exprs).toMatch(/sum by \(model, currency\) \(increase\(aigw_cost_total/);
    expect(exprs).toMatch(/sum by \(token_id, currency\) \(increase\(aigw_cost_total/);
    expect(exprs).toMatch(/histogram_quantile\(0\.95/);
  });
});
