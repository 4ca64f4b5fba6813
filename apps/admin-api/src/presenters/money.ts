/** Money read back from decimal(20, 10) columns, with float noise from arithmetic cut off. */
export function money(value: number): number {
  return Number(value.toFixed(10));
}
