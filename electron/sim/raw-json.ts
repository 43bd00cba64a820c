// JSON text with integers too large for a double (19-digit tids, oids, TMC ids) written as bare digits, the way the
// real platform writes them. JSON.stringify alone would have to go through a number and lose digits.

/** A JSON number kept as its digits. JSON.stringify turns it into a string; stringifyJson writes it bare. */
export class JsonNumber {
  constructor(readonly digits: string) {
    if (!/^-?\d+$/.test(digits)) throw new Error(`JsonNumber: not an integer: ${digits}`);
  }
  toString(): string {
    return this.digits;
  }
  toJSON(): string {
    return this.digits;
  }
}

const MARK = '\u0001jsonnum:';
const MARKED = /"\\u0001jsonnum:(-?\d+)"/g;

/** JSON.stringify, except JsonNumber values come out as bare digits. */
export function stringifyJson(value: unknown): string {
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const original = this[key];
    return original instanceof JsonNumber ? MARK + original.digits : v;
  });
  return text.replace(MARKED, '$1');
}

/** JsonNumber values replaced by their digits as strings (ids as strings, the other form the platform may use). */
export function withStringIds(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = v instanceof JsonNumber ? v.digits : v;
  return out;
}
