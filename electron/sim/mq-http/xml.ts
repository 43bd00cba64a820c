// Minimal, strict XML for the two request bodies the MQ HTTP API accepts (<ReceiptHandles>, <Message>).
// Accepts what every official SDK sends (mq-http.md §3.4): optional declaration, the namespace with or
// without trailing slash or none at all, CDATA or escaped text. Anything not well-formed throws.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text and CDATA directly inside this element. */
  text: string;
}

export class XmlSyntaxError extends Error {}

const NAME = /[A-Za-z_][\w.:-]*/y;
const ENTITY = /&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/y;

export function parseXml(input: string): XmlElement {
  let i = 0;
  const fail = (what: string): never => {
    throw new XmlSyntaxError(`${what} at offset ${i}`);
  };
  const skipWs = () => {
    while (i < input.length && /\s/.test(input[i]!)) i++;
  };
  const readName = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(input);
    if (!m) fail('expected a name');
    i += m![0].length;
    return m![0];
  };
  const decode = (raw: string): string => {
    let out = '';
    for (let j = 0; j < raw.length;) {
      const ch = raw[j]!;
      if (ch === '<') throw new XmlSyntaxError('bare < in text');
      if (ch !== '&') {
        out += ch;
        j++;
        continue;
      }
      ENTITY.lastIndex = j;
      const m = ENTITY.exec(raw);
      if (!m) throw new XmlSyntaxError('invalid entity');
      const e = m[1]!;
      out +=
        e === 'lt'
          ? '<'
          : e === 'gt'
            ? '>'
            : e === 'amp'
              ? '&'
              : e === 'quot'
                ? '"'
                : e === 'apos'
                  ? "'"
                  : String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
      j += m[0].length;
    }
    return out;
  };

  skipWs();
  if (input.startsWith('<?xml', i)) {
    const end = input.indexOf('?>', i);
    if (end < 0) fail('unterminated declaration');
    i = end + 2;
  }
  skipWs();

  const parseElement = (): XmlElement => {
    if (input[i] !== '<') fail('expected <');
    i++;
    const name = readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      skipWs();
      if (input.startsWith('/>', i)) {
        i += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (input[i] === '>') {
        i++;
        break;
      }
      const attr = readName();
      skipWs();
      if (input[i] !== '=') fail('expected =');
      i++;
      skipWs();
      const quote = input[i];
      if (quote !== '"' && quote !== "'") fail('expected a quoted attribute value');
      const end = input.indexOf(quote!, i + 1);
      if (end < 0) fail('unterminated attribute');
      attributes[attr] = decode(input.slice(i + 1, end));
      i = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (i >= input.length) fail(`unclosed <${name}>`);
      if (input.startsWith('<![CDATA[', i)) {
        const end = input.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        text += input.slice(i + 9, end);
        i = end + 3;
      } else if (input.startsWith('</', i)) {
        i += 2;
        const closing = readName();
        if (closing !== name) fail(`</${closing}> does not close <${name}>`);
        skipWs();
        if (input[i] !== '>') fail('expected >');
        i++;
        return { name, attributes, children, text };
      } else if (input.startsWith('<!--', i)) {
        const end = input.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (input[i] === '<') {
        children.push(parseElement());
      } else {
        const next = input.indexOf('<', i);
        const end = next < 0 ? input.length : next;
        const raw = input.slice(i, end);
        // Not allowed in character data; it is what the SDK's naive CDATA wrapping produces for a body containing "]]>".
        if (raw.includes(']]>')) fail(']]> in text');
        text += decode(raw);
        i = end;
      }
    }
  };

  const root = parseElement();
  skipWs();
  if (i !== input.length) fail('content after the root element');
  return root;
}

/** Escapes text for element content. The real server's escaping is unknown; entities are what xml2js decodes. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const XML_NS_RESPONSE = 'http://mq.aliyuncs.com/doc/v1/';
/** Production error bodies use the namespace without the trailing slash (java-sdk issue #4). */
export const XML_NS_ERROR = 'http://mq.aliyuncs.com/doc/v1';

export function element(name: string, value: string): string {
  return `<${name}>${escapeXml(value)}</${name}>`;
}

export function errorXml(code: string, message: string, requestId: string, hostId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error xmlns="${XML_NS_ERROR}">` +
    element('Code', code) +
    element('Message', message) +
    element('RequestId', requestId) +
    element('HostId', hostId) +
    '</Error>'
  );
}

export function ackErrorsXml(items: Array<{ code: string; message: string; handle: string }>): string {
  const inner = items
    .map((e) => `<Error>${element('ErrorCode', e.code)}${element('ErrorMessage', e.message)}${element('ReceiptHandle', e.handle)}</Error>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Errors xmlns="${XML_NS_ERROR}">${inner}</Errors>`;
}
