import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import express from 'express';
import request from 'supertest';
import { errorMiddleware } from '@aigw/shared-errors';
import { createLogger } from '@aigw/telemetry';
import { consoleDistDir, consoleRouter } from '../src';

function appFor(distDir: string): express.Express {
  const app = express();
  app.use('/console', consoleRouter({ distDir }));
  app.use(errorMiddleware({ logger: createLogger({ level: 'silent', timezone: 'UTC' }) }));
  return app;
}

describe('/console', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'aigw-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>aigw console</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves index.html at /console and /console/ with a strict content security policy', async () => {
    for (const path of ['/console', '/console/']) {
      const res = await request(appFor(dir)).get(path);
      expect(res.status).toBe(200);
      expect(res.text).toContain('aigw console');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('answers client-side routes with index.html', async () => {
    const res = await request(appFor(dir)).get('/console/tokens');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('aigw console');
  });

  it('serves hashed assets for a year and 404s missing files', async () => {
    const asset = await request(appFor(dir)).get('/console/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const missing = await request(appFor(dir)).get('/console/assets/gone.js');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    expect((await request(appFor(dir)).post('/console/')).status).toBe(404);
  });

  it('says to run npm run build when the console was not built', async () => {
    const res = await request(appFor(join(dir, 'nothing-here'))).get('/console/');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('npm run build');
  });

  it('finds the build in apps/console/dist', () => {
    expect(consoleDistDir()).toBe(resolve(__dirname, '../../console/dist'));
  });
});
