import type { AliasTarget } from '@aigw/store';

/**
 * The order an alias's targets are tried in: the highest priority tier first; within a tier a
 * weighted draw without replacement (a target of weight 3 comes first three times as often as
 * one of weight 1), so requests spread by weight and each tier's others follow as fallbacks.
 * `random` returns [0, 1) like Math.random (injected by tests).
 */
export function orderTargets(targets: readonly AliasTarget[], random: () => number = Math.random): AliasTarget[] {
  const tiers = new Map<number, AliasTarget[]>();
  for (const target of targets) {
    const tier = tiers.get(target.priority) ?? [];
    tier.push(target);
    tiers.set(target.priority, tier);
  }
  const priorities = [...tiers.keys()].sort((a, b) => b - a);
  return priorities.flatMap((p) => weightedOrder(tiers.get(p)!, random));
}

function weightedOrder(tier: AliasTarget[], random: () => number): AliasTarget[] {
  const left = [...tier];
  const out: AliasTarget[] = [];
  while (left.length > 0) {
    const total = left.reduce((sum, t) => sum + weightOf(t), 0);
    let point = random() * total;
    let index = left.length - 1;
    for (let i = 0; i < left.length; i++) {
      point -= weightOf(left[i]!);
      if (point < 0) {
        index = i;
        break;
      }
    }
    out.push(left.splice(index, 1)[0]!);
  }
  return out;
}

/** A weight that is not a positive number counts as 1 (the store and schemas refuse such). */
function weightOf(target: AliasTarget): number {
  return Number.isFinite(target.weight) && target.weight > 0 ? target.weight : 1;
}
