import { existsSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import express, { type Router } from 'express';
import { GatewayError } from '@aigw/shared-errors';

export interface ConsoleOptions {
  /** The built console (index.html and assets/); found from the @aigw/console package when absent. */
  distDir?: string;
}

/**
 * Where `vite build` put the console: apps/console/dist, found through the @aigw/console workspace
 * package (a dependency of this one; it exports only its package.json), else beside this package in
 * the repository (apps/admin-api/{src,dist}/console and apps/console/dist).
 */
export function consoleDistDir(): string {
  try {
    return join(dirname(require.resolve('@aigw/console/package.json')), 'dist');
  } catch {
    return resolve(__dirname, '../../../console/dist');
  }
}

const HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The operator console at `/console`: static files from the build, and index.html for any other
 * path without a file extension (the single-page app routes on the client). Files are public; every
 * piece of data comes from /admin with the admin token. Without a build: 404 saying how to make one.
 */
export function consoleRouter(options: ConsoleOptions = {}): Router {
  const dir = options.distDir ?? consoleDistDir();
  const index = join(dir, 'index.html');
  const assets = join(dir, 'assets') + sep;
  const router = express.Router();
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next(new GatewayError('not_found', `no route for ${req.method} ${req.originalUrl.split('?')[0]}`));
      return;
    }
    if (!existsSync(index)) {
      next(new GatewayError('not_found', `the console is not built (no ${index}): run \`npm run build\` in the repository, then reload`));
      return;
    }
    res.set(HEADERS);
    next();
  });
  router.use(
    express.static(dir, {
      index: 'index.html',
      redirect: false,
      setHeaders(res, path) {
        // Vite puts a content hash in every asset name; index.html must be fetched afresh.
        res.setHeader('cache-control', path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  router.use((req, res, next) => {
    if (extname(req.path) !== '') {
      next(new GatewayError('not_found', `no console file ${req.originalUrl.split('?')[0]}`));
      return;
    }
    res.set('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
