/**
 * JSON parsing that never rounds: integers outside the safe range (TOP ids may exceed 2^53) come back as
 * their exact decimal string. Everything else is what JSON.parse would return.
 */
export function parseJsonLossless(text: string): unknown {
  // Fast path: without a run of 16+ digits there is no integer that could lose precision.
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  const parser = new LosslessParser(text);
  const value = parser.value();
  parser.end();
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class LosslessParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  value(): unknown {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"') return this.string();
    if (ch === 't') return this.literal('true', true);
    if (ch === 'f') return this.literal('false', false);
    if (ch === 'n') return this.literal('null', null);
    return this.number();
  }

  end() {
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail('unexpected trailing characters');
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('expected a property name');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail("expected ':'");
      this.pos++;
      // defineProperty: a "__proto__" key must stay data, as with JSON.parse.
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const next = this.text[this.pos++];
      if (next === '}') return out;
      if (next !== ',') this.fail("expected ',' or '}'");
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skipSpace();
      const next = this.text[this.pos++];
      if (next === ']') return out;
      if (next !== ',') this.fail("expected ',' or ']'");
    }
  }

  private string(): string {
    const start = this.pos;
    let i = start + 1;
    for (;;) {
      const ch = this.text[i];
      if (ch === undefined) this.fail('unterminated string');
      if (ch === '\\') i += 2;
      else if (ch === '"') break;
      else i++;
    }
    this.pos = i + 1;
    // The slice is a complete JSON string literal; JSON.parse handles every escape exactly.
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private number(): number | string {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('unexpected character');
    this.pos += match[0].length;
    const value = Number(match[0]);
    const isInteger = match[1] === undefined && match[2] === undefined;
    return isInteger && !Number.isSafeInteger(value) ? match[0] : value;
  }

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail('unexpected token');
    this.pos += word.length;
    return value;
  }

  private skipSpace() {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      this.pos++;
    }
  }

  private fail(reason: string): never {
    throw new SyntaxError(`Invalid JSON at position ${this.pos}: ${reason}`);
  }
}
