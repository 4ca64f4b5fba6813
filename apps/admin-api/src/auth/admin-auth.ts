import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { ChangeBus } from '@aigw/events';
import { GatewayError } from '@aigw/shared-errors';
import { ADMIN_TOKEN_SETTING, sha256Hex, type Store } from '@aigw/store';
import { setOperation, addDetail } from '../audit/audit';

const CACHE_MS = 2000;

/**
 * Checks presented admin tokens against the stored hash. The hash is cached briefly and dropped
 * on every config message, so a freshly minted token works (and the old one fails) at once.
 */
export class AdminTokenVerifier {
  private cached: { hash: Buffer | null; until: number } | undefined;
  private generation = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    bus: ChangeBus,
    private readonly cacheMs = CACHE_MS,
  ) {
    this.unsubscribe = bus.subscribe((message) => {
      if (message.type === 'config') this.forget();
    });
  }

  forget(): void {
    this.cached = undefined;
    this.generation++;
  }

  close(): void {
    this.unsubscribe();
  }

  async verify(credential: string): Promise<boolean> {
    const stored = await this.storedHash();
    if (!stored) return false;
    const presented = Buffer.from(sha256Hex(credential), 'hex');
    return presented.length === stored.length && timingSafeEqual(presented, stored);
  }

  private async storedHash(): Promise<Buffer | null> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.hash;
    const generation = this.generation;
    const hex = await this.store.settings.get(ADMIN_TOKEN_SETTING);
    const hash = hex ? Buffer.from(hex, 'hex') : null;
    // A change that arrived while reading may have made this value stale: use it, do not keep it.
    if (generation === this.generation) this.cached = { hash, until: Date.now() + this.cacheMs };
    return hash;
  }
}

function bearerOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

/** Lets a request through only with `Authorization: Bearer <admin token>`; else 401, logged as `unauthorized`. */
export function requireAdmin(verifier: AdminTokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const credential = bearerOf(req);
    if (credential !== undefined && (await verifier.verify(credential))) {
      next();
      return;
    }
    setOperation(res, 'unauthorized');
    addDetail(res, { reason: credential === undefined ? 'missing admin token' : 'invalid admin token' });
    throw new GatewayError(
      'admin_unauthorized',
      credential === undefined ? 'admin token required: send Authorization: Bearer <admin token>' : 'invalid admin token',
    );
  };
}
