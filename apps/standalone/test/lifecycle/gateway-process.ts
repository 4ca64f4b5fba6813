import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  /** The admin token printed at start; empty when a configured one is in use. */
  adminToken: string;
  /** stdout and stderr lines so far. */
  output: string[];
  exited: Promise<number | null>;
}

export interface StartedOrFailed {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a standalone gateway on this port and SQLite file. */
export function gatewayEnv(port: number, databaseFile: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AIGW_SERVER_HOST: '127.0.0.1',
    AIGW_SERVER_PORT: String(port),
    AIGW_DATABASE_URL: `sqlite://${databaseFile}`,
    AIGW_SECURITY_SECRET: 'lifecycle-test-secret',
    AIGW_LOGGING_LEVEL: 'warn',
    ...extra,
  };
}

/** Starts the built standalone gateway (apps/standalone/dist/main.js) and waits until it listens. */
export async function startGatewayProcess(env: NodeJS.ProcessEnv): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const gateway: GatewayProcess = { child, url: `http://127.0.0.1:${env.AIGW_SERVER_PORT}`, adminToken: '', output, exited };
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start:\n${output.join('\n')}`)), 20_000);
    let listening = false;
    lines.on('line', (line) => {
      output.push(line);
      if (line.startsWith('aigw listening')) listening = true;
      if (line.startsWith('admin-')) gateway.adminToken = line.trim();
      // Ready once it listens and has said which admin token is in use.
      if (listening && (gateway.adminToken || /configured admin token/.test(line))) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => reject(new Error(`the gateway exited with ${code}:\n${output.join('\n')}`)));
  });
  return gateway;
}

/** Runs the built gateway until it exits by itself (or is killed after timeoutMs). */
export function runGatewayToExit(env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<StartedOrFailed> {
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, stdout, stderr });
    }),
  );
}

/** SIGTERM, then how long the process took to exit and its exit code (SIGKILL after killAfterMs). */
export async function terminate(gateway: GatewayProcess, killAfterMs = 20_000): Promise<{ exitCode: number | null; ms: number }> {
  const started = Date.now();
  gateway.child.kill('SIGTERM');
  const timer = setTimeout(() => gateway.child.kill('SIGKILL'), killAfterMs);
  const exitCode = await gateway.exited;
  clearTimeout(timer);
  return { exitCode, ms: Date.now() - started };
}
