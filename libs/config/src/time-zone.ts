/**
 * Whether `zone` names a time zone this runtime's Intl knows, exactly as luxon's
 * IANAZone.isValidZone decides it (the same Intl call), so the config schema does not load luxon:
 * its one-file build holds some 0.5 MB of source text in the heap of every process that loads it.
 */
export function isIanaZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format();
    return true;
  } catch {
    return false;
  }
}
