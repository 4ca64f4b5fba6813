import type { Knex } from 'knex';
import type { Alias, AliasTarget } from '../types';
import { conflictOnUnique } from '../db-errors';

/**
 * Alternative model names: `alias` -> one target (`provider/model` or a bare model id) or several
 * with priorities and weights (fallbacks across providers). `target` keeps the first target so a
 * reader of the single-target column still works; `targets` holds the list (null for a string).
 */
export class AliasRepository {
  constructor(private readonly ctx: { knex: Knex }) {}

  async list(): Promise<Alias[]> {
    const rows: { alias: unknown; target: unknown; targets: unknown }[] = await this.ctx.knex('aliases').select('alias', 'target', 'targets').orderBy('alias');
    return rows.map((r) => ({ alias: String(r.alias), target: String(r.target), targets: readTargets(r.targets, String(r.target)) }));
  }

  /** Creates or replaces an alias (select then insert/update; the unique index guards races). */
  async put(alias: string, target: string | AliasTarget[]): Promise<Alias> {
    const targets = typeof target === 'string' ? [singleTarget(target)] : target;
    const first = firstTarget(targets);
    const row = { target: first, targets: typeof target === 'string' ? null : JSON.stringify(targets) };
    await conflictOnUnique(
      () =>
        this.ctx.knex.transaction(async (trx: Knex.Transaction) => {
          const found = await trx('aliases').where('alias', alias).first('alias');
          if (found) await trx('aliases').where('alias', alias).update(row);
          else await trx('aliases').insert({ alias, ...row });
        }),
      `alias "${alias}" was just created by another request`,
    );
    return { alias, target: first, targets };
  }

  async delete(alias: string): Promise<boolean> {
    return (await this.ctx.knex('aliases').where('alias', alias).del()) > 0;
  }
}

function singleTarget(model: string): AliasTarget {
  return { model, priority: 0, weight: 1 };
}

/** The highest priority target, the first listed among equals. */
function firstTarget(targets: AliasTarget[]): string {
  let best = targets[0];
  for (const t of targets) if (best === undefined || t.priority > best.priority) best = t;
  return best?.model ?? '';
}

/** The stored list, or the single target when there is none (or it is not a readable list). */
function readTargets(stored: unknown, target: string): AliasTarget[] {
  if (typeof stored !== 'string') return [singleTarget(target)];
  try {
    const list = JSON.parse(stored) as unknown;
    if (!Array.isArray(list)) return [singleTarget(target)];
    const targets = list.filter(isTarget);
    return targets.length > 0 ? targets : [singleTarget(target)];
  } catch {
    return [singleTarget(target)];
  }
}

function isTarget(value: unknown): value is AliasTarget {
  const t = value as Partial<AliasTarget> | null;
  return typeof t?.model === 'string' && typeof t.priority === 'number' && typeof t.weight === 'number';
}
