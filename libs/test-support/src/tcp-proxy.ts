import { createServer, connect, type Server, type Socket } from 'node:net';

/** A TCP relay a test can cut and restore, to play a service outage (e.g. Redis going away). */
export interface TcpProxy {
  readonly port: number;
  /** Closes every relayed connection and stops accepting new ones. */
  cut(): Promise<void>;
  /** Accepts connections again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number, port = 0): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const serve = (): Server =>
    createServer((client) => {
      const upstream = connect(targetPort, targetHost);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  let server: Server | undefined = serve();
  const listen = (s: Server, p: number): Promise<number> =>
    new Promise((resolve, reject) => {
      s.once('error', reject);
      s.listen(p, '127.0.0.1', () => resolve((s.address() as { port: number }).port));
    });
  const actual = await listen(server, port);
  const stop = async (): Promise<void> => {
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  return {
    port: actual,
    cut: stop,
    async restore() {
      if (server) return;
      server = serve();
      await listen(server, actual);
    },
    close: stop,
  };
}

/** A port that was free a moment ago (listen on 0, then release it). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const { port } = s.address() as { port: number };
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
