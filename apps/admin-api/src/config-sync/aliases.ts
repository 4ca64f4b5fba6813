import type { AigwConfig } from '@aigw/config';
import type { AdminLogInput, AliasTarget, Store } from '@aigw/store';
import type { Logger } from '@aigw/telemetry';
import { configRow } from './reconcile';

/** A target as the store lists it: a plain string is one target of priority 0 and weight 1. */
function targetsOf(target: string | AliasTarget[]): AliasTarget[] {
  if (typeof target === 'string') return [{ model: target, priority: 0, weight: 1 }];
  return target.map((t) => ({ model: t.model, priority: t.priority, weight: t.weight }));
}

const same = (a: AliasTarget[], b: AliasTarget[]) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Reconciles the config file's [aliases] into the database: each alias is created, or replaced when
 * its targets differ from the stored ones. Nothing is deleted: an alias the API created stays. Each
 * change is one admin_logs row with actor `config` (operation `alias.put`, path `[aliases]`,
 * `created`, the targets, and `was` for an update); a start that changes nothing writes none.
 * Returns the number of changes.
 */
export async function syncConfigAliases(store: Store, aliases: AigwConfig['aliases'], logger: Logger): Promise<number> {
  const stored = new Map((await store.aliases.list()).map((a) => [a.alias, a.targets]));
  const rows: AdminLogInput[] = [];
  try {
    for (const [alias, target] of Object.entries(aliases)) {
      const targets = targetsOf(target);
      const was = stored.get(alias);
      if (was && same(was, targets)) continue;
      await store.aliases.put(alias, target);
      rows.push(configRow('alias.put', alias, was ? { created: false, was, targets } : { created: true, targets }, '[aliases]'));
    }
  } finally {
    // What was changed before a failure is still recorded.
    await store.adminLogs.insert(rows);
  }
  if (rows.length > 0) logger.info({ changes: rows.length }, 'aliases from the config file reconciled');
  return rows.length;
}
