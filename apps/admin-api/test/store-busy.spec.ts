import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startHarness, type Harness } from './harness';

describe('admin writes while another connection holds the SQLite write lock', () => {
  let dir: string;
  let file: string;
  let h: Harness;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aigw-busy-'));
    file = join(dir, 'aigw.db');
    h = await startHarness({}, { store: { url: `sqlite://${file}`, busyTimeoutMs: 50 } });
  });
  afterAll(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answer 503 store_busy, write nothing, and work again once the lock is gone', async () => {
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      const busy = await h.post('/admin/tokens', { name: 'while-locked' });
      expect(busy.status).toBe(503);
      expect(busy.body.error).toMatchObject({ code: 'store_busy' });
      expect(busy.headers['retry-after']).toBe('1');
      // Reads are not blocked by a writer (WAL).
      expect((await h.get('/admin/tokens')).status).toBe(200);
      other.exec('ROLLBACK');
    } finally {
      other.close();
    }
    const created = await h.post('/admin/tokens', { name: 'after' });
    expect(created.status).toBe(201);
    expect((await h.store.tokens.list()).map((t) => t.name)).toEqual(['after']);
  });
});
