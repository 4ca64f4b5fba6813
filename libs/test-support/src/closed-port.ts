import { createServer } from 'node:net';

/**
 * A local port nothing listens on (bound once, then closed), so a connection to it is refused: an
 * upstream that is down. Another process could take the port meanwhile; on a test machine that is
 * rare enough.
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
