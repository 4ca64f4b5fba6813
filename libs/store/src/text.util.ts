/** C0 and C1 control characters, NUL included: never part of a name, id, model, URL or filter. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Length in characters (code points), as PostgreSQL varchar(N) counts them. */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function hasControlChars(text: string): boolean {
  return CONTROL.test(text);
}
