/**
 * The body of a successful consume: `<Messages><Message><Field>text</Field>…</Message>…</Messages>`, read in one pass.
 * The SDK's xml2js (on sax) costs ~30 µs per message, as much as parsing and storing it; this reader costs ~1 µs.
 * It returns exactly what the SDK's xml2js + extract would give for this shape (every field a string, '' for an empty
 * element, entities and CDATA decoded) and null for anything else (an <Error> root, attributes, nesting, mixed text,
 * an unknown entity, anything malformed): the caller then hands the text to the SDK's own parser, so every unusual
 * answer behaves as before.
 */
export function parseMessagesXml(xml: string): Array<Record<string, string>> | null {
  let i = skipSpace(xml, 0);
  if (xml.startsWith('<?xml', i)) {
    const end = xml.indexOf('?>', i);
    if (end < 0) return null;
    i = skipSpace(xml, end + 2);
  }
  const root = openTag(xml, i, 'Messages');
  if (root < 0) return null;
  const messages: Array<Record<string, string>> = [];
  i = skipSpace(xml, root);
  while (xml.startsWith('<Message>', i)) {
    i = skipSpace(xml, i + '<Message>'.length);
    const message: Record<string, string> = {};
    while (!xml.startsWith('</Message>', i)) {
      const field = readField(xml, i);
      if (!field || Object.prototype.hasOwnProperty.call(message, field.name)) return null; // a repeated field is an array in xml2js
      message[field.name] = field.text;
      i = skipSpace(xml, field.end);
    }
    messages.push(message);
    i = skipSpace(xml, i + '</Message>'.length);
  }
  if (!xml.startsWith('</Messages>', i)) return null;
  return skipSpace(xml, i + '</Messages>'.length) === xml.length && messages.length ? messages : null;
}

const NAME = /[A-Za-z][A-Za-z0-9]*/y;

/** Index after `<name>` or `<name xmlns="…">` at i (the only attribute the root may carry), else -1. */
function openTag(xml: string, i: number, name: string): number {
  if (!xml.startsWith(`<${name}`, i)) return -1;
  let j = i + name.length + 1;
  if (xml[j] === '>') return j + 1;
  const ns = /\s+xmlns="[^"<>&]*"\s*>/y;
  ns.lastIndex = j;
  const m = ns.exec(xml);
  if (!m) return -1;
  j += m[0].length;
  return j;
}

/** `<Name>text</Name>` or `<Name/>` at i. */
function readField(xml: string, i: number): { name: string; text: string; end: number } | null {
  if (xml[i] !== '<') return null;
  NAME.lastIndex = i + 1;
  const m = NAME.exec(xml);
  if (!m) return null;
  const name = m[0];
  let j = i + 1 + name.length;
  if (xml.startsWith('/>', j)) return { name, text: '', end: j + 2 };
  if (xml[j] !== '>') return null;
  j++;
  let text = '';
  for (;;) {
    const lt = xml.indexOf('<', j);
    if (lt < 0) return null;
    const decoded = decodeText(xml.slice(j, lt));
    if (decoded === null) return null;
    text += decoded;
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) return null;
      text += xml.slice(lt + 9, end);
      j = end + 3;
      continue;
    }
    const close = `</${name}>`;
    if (!xml.startsWith(close, lt)) return null;
    // xml2js drops whitespace-only text (the element reads as ''): leave that rare case to it.
    if (text && !text.trim()) return null;
    return { name, text, end: lt + close.length };
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Character data with XML entities decoded; null for a stray '&' or an unknown entity. */
function decodeText(raw: string): string | null {
  if (raw.includes(']]>')) return null;
  return raw.includes('&') ? decodeEntities(raw) : raw;
}

function decodeEntities(raw: string): string | null {
  let out = '';
  let from = 0;
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', from)) {
    const semi = raw.indexOf(';', amp);
    if (semi < 0) return null;
    const entity = raw.slice(amp + 1, semi);
    let char: string | undefined = ENTITIES[entity];
    if (char === undefined) {
      const code = /^#x[0-9a-fA-F]{1,6}$/.test(entity) ? parseInt(entity.slice(2), 16) : /^#[0-9]{1,7}$/.test(entity) ? parseInt(entity.slice(1), 10) : NaN;
      if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) return null;
      char = String.fromCodePoint(code);
    }
    out += raw.slice(from, amp) + char;
    from = semi + 1;
  }
  return out + raw.slice(from);
}

function skipSpace(xml: string, i: number): number {
  while (i < xml.length) {
    const c = xml.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    i++;
  }
  return i;
}
