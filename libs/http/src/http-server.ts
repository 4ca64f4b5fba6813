import { createServer, IncomingMessage, type RequestListener, type Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { StartupError } from './lifecycle';

/** The `server` keys every aigw HTTP server applies (milliseconds; 0 connections: no cap). */
export interface ServerLimits {
  headers_timeout: number;
  request_timeout: number;
  keep_alive_timeout: number;
  max_connections: number;
}

export interface ListenOptions {
  host: string;
  port: number;
  /** The config key the port comes from, named when the port is taken (`server.port`, `server.admin_port`). */
  portKey: string;
  limits: ServerLimits;
}

export interface HttpServer {
  readonly server: Server;
  /** The bound port (the real one when 0 was asked for). */
  readonly port: number;
  /**
   * Stops accepting, closes every connection without a request in flight at once (keep-alive idle
   * ones and ones that never sent a complete request), closes the others as their answer ends, and
   * cuts whatever is still open after graceMs. Resolves once every connection is gone.
   */
  close(graceMs: number): Promise<void>;
}

// Node checks the header and request timeouts on this interval (30 s by default), so a timeout is
// only as precise as the interval.
const MAX_CHECK_INTERVAL_MS = 1000;
const MIN_CHECK_INTERVAL_MS = 50;

function checkInterval(limits: ServerLimits): number {
  const set = [limits.headers_timeout, limits.request_timeout].filter((ms) => ms > 0);
  const smallest = Math.min(MAX_CHECK_INTERVAL_MS * 2, ...set);
  return Math.max(MIN_CHECK_INTERVAL_MS, Math.floor(smallest / 2));
}

/** Why a listen failed, in the operator's words (the config key to change). */
function listenError(err: NodeJS.ErrnoException, options: ListenOptions): Error {
  const where = `port ${options.port} (${options.portKey})`;
  if (err.code === 'EADDRINUSE') return new StartupError(`${where} is in use; stop the other process or choose another port`);
  if (err.code === 'EACCES') return new StartupError(`${where} needs privileges this process does not have; choose a port above 1023`);
  if (err.code === 'EADDRNOTAVAIL') return new StartupError(`${where}: address ${options.host} (server.host) is not available on this machine`);
  return err;
}

/** What an Express app carries: the prototypes its handle() gives every req and res. */
interface AppPrototypes {
  request?: object;
  response?: object;
}

/**
 * For an Express app, node:http's request and response classes whose instances are born on the
 * app's own prototypes: Express's handle() sets the prototype of every req and res with
 * Object.setPrototypeOf, which costs V8's fast paths for the rest of the request; already on it,
 * that call changes nothing (expressjs/express issue 5998). The classes are subclasses (so V8
 * keeps one map for all their instances), and their prototypes, which inherit the app's, become
 * the app's `request` and `response`. Any other listener gets node:http's own classes.
 */
export function serverClassesFor(app: RequestListener): { IncomingMessage?: typeof IncomingMessage; ServerResponse?: typeof ServerResponse } {
  const prototypes = app as RequestListener & AppPrototypes;
  const { request, response } = prototypes;
  if (!(request instanceof IncomingMessage) || !(response instanceof ServerResponse)) return {};
  class AppRequest extends IncomingMessage {}
  class AppResponse extends ServerResponse {}
  Object.setPrototypeOf(AppRequest.prototype, request);
  Object.setPrototypeOf(AppResponse.prototype, response);
  prototypes.request = AppRequest.prototype;
  prototypes.response = AppResponse.prototype;
  return { IncomingMessage: AppRequest, ServerResponse: AppResponse as typeof ServerResponse };
}

/**
 * Binds `app` on host:port with the configured timeouts and connection cap. Every aigw HTTP server
 * (standalone, proxy, admin-api) is started here, so they all enforce the same limits.
 *
 * request_timeout bounds receiving the request (headers and body): a client trickling its body is
 * answered 408 and disconnected. The answer is not limited by it, so long streams run on.
 */
export async function listen(app: RequestListener, options: ListenOptions): Promise<HttpServer> {
  const { limits } = options;
  // Node refuses a headers timeout above the request timeout; the request timeout bounds both anyway.
  const headersTimeout = limits.request_timeout > 0 ? Math.min(limits.headers_timeout, limits.request_timeout) : limits.headers_timeout;
  const server = createServer({
    headersTimeout,
    requestTimeout: limits.request_timeout,
    keepAliveTimeout: limits.keep_alive_timeout,
    connectionsCheckingInterval: checkInterval(limits),
    ...serverClassesFor(app),
  });
  if (limits.max_connections > 0) server.maxConnections = limits.max_connections;
  const connections = trackConnections(server);
  // One 'request' listener: the connection tracking sees every request before the app answers it.
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    connections.track(req, res);
    app.call(server, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => reject(listenError(err, options));
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: (graceMs) => connections.close(graceMs),
  };
}

/** Keeps the answers in flight per connection, so a shutdown can tell idle connections from busy ones. */
function trackConnections(server: Server): { track(req: IncomingMessage, res: ServerResponse): void; close(graceMs: number): Promise<void> } {
  const inFlight = new Map<Socket, Set<ServerResponse>>();
  let closing = false;
  // A keep-alive client must not send its next request on a connection that is about to close.
  const lastAnswer = (res: ServerResponse): void => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  };

  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, new Set());
    socket.once('close', () => inFlight.delete(socket));
  });
  return {
    // Called before the app's listener, so it sees every request before any answer is written.
    track(req, res) {
      const socket = req.socket;
      let answers = inFlight.get(socket);
      if (!answers) {
        answers = new Set<ServerResponse>();
        inFlight.set(socket, answers);
      }
      answers.add(res);
      if (closing) lastAnswer(res);
      // 'close' comes once per response; a plain listener needs no removal when it does.
      const done = answers;
      res.on('close', () => {
        done.delete(res);
        if (closing && done.size === 0) socket.end();
      });
    },
    close(graceMs) {
      closing = true;
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const [socket, answers] of inFlight) {
          if (answers.size === 0) socket.destroy();
          else answers.forEach(lastAnswer);
        }
        setTimeout(() => {
          for (const socket of inFlight.keys()) socket.destroy();
        }, graceMs).unref();
      });
    },
  };
}
