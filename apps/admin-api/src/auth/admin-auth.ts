import type { RequestHandler } from 'express';
import { bearerToken } from '@aigw/http';
import type { ChangeBus } from '@aigw/events';
import { GatewayError } from '@aigw/shared-errors';
import { ADMIN_TOKEN_SETTING, sameSha256Hex, sha256Hex, type Store } from '@aigw/store';
import { setOperation, addDetail } from '../audit/audit';

const CACHE_MS = 2000;

/**
 * Checks presented admin tokens against the stored hash. The hash is cached briefly and dropped
 * on every config message, so a freshly minted token works (and the old one fails) at once.
 */
export class AdminTokenVerifier {
  private cached: { hash: string | null; until: number } | undefined;
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
    return sameSha256Hex(sha256Hex(credential), await this.storedHash());
  }

  private async storedHash(): Promise<string | null> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.hash;
    const generation = this.generation;
    const hash = (await this.store.settings.get(ADMIN_TOKEN_SETTING)) || null;
    // A change that arrived while reading may have made this value stale: use it, do not keep it.
    if (generation === this.generation) this.cached = { hash, until: Date.now() + this.cacheMs };
    return hash;
  }
}

/** Lets a request through only with `Authorization: Bearer <admin token>`; else 401, logged as `unauthorized`. */
export function requireAdmin(verifier: AdminTokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const credential = bearerToken(req.headers);
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
