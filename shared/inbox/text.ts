// Reply text is untrusted: these helpers turn it into plain segments the UI renders as React text nodes only.

export interface TextSegment {
  text: string;
  /** A control / invisible / bidi character shown as a visible token (styled apart, never interpreted). */
  control?: true;
}

const NAMED: Record<number, string> = {
  0x200b: 'ZWSP',
  0x200c: 'ZWNJ',
  0x200d: 'ZWJ',
  0x200e: 'LRM',
  0x200f: 'RLM',
  0x202a: 'LRE',
  0x202b: 'RLE',
  0x202c: 'PDF',
  0x202d: 'LRO',
  0x202e: 'RLO',
  0x2060: 'WJ',
  0x2066: 'LRI',
  0x2067: 'RLI',
  0x2068: 'FSI',
  0x2069: 'PDI',
  0x061c: 'ALM',
  0xfeff: 'BOM',
  0x00ad: 'SHY',
};

/** The visible stand-in of one character, or null when it is shown as is. Newlines stay (rendered with pre-wrap). */
export function visibleControl(cp: number): string | null {
  if (cp === 0x0a) return null;
  if (cp < 0x20) return String.fromCodePoint(0x2400 + cp); // ␀ … ␟ (Control Pictures)
  if (cp === 0x7f) return '\u2421'; // ␡
  if (cp >= 0x80 && cp <= 0x9f) return `[U+${cp.toString(16).toUpperCase().padStart(4, '0')}]`;
  const name = NAMED[cp];
  if (name) return `[${name}]`;
  // Other format characters (tags, interlinear annotations, …) and private-use / noncharacters.
  if ((cp >= 0xe0000 && cp <= 0xe007f) || (cp >= 0xfff9 && cp <= 0xfffb) || (cp >= 0x2061 && cp <= 0x2064) || (cp >= 0x206a && cp <= 0x206f)) {
    return `[U+${cp.toString(16).toUpperCase()}]`;
  }
  return null;
}

/** Splits text into plain runs and visible control tokens. \r\n counts as one newline. */
export function inertSegments(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let plain = '';
  for (const ch of text.replace(/\r\n/g, '\n')) {
    const shown = visibleControl(ch.codePointAt(0)!);
    if (shown === null) {
      plain += ch;
      continue;
    }
    if (plain) out.push({ text: plain });
    plain = '';
    out.push({ text: shown, control: true });
  }
  if (plain) out.push({ text: plain });
  return out;
}

/** Single-line plain text for notifications and list previews: controls removed, whitespace collapsed, capped. */
export function previewText(text: string, maxChars = 120): string {
  let clean = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    clean += cp === 0x0a || cp === 0x09 || cp === 0x0d ? ' ' : visibleControl(cp) === null ? ch : ' ';
  }
  clean = clean.replace(/\s+/g, ' ').trim();
  const chars = [...clean];
  return chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : clean;
}

/** Long replies are collapsed with 展开: the first `maxChars` characters (whole code points). */
export function collapsedText(text: string, maxChars: number): { text: string; collapsed: boolean } {
  const chars = [...text];
  return chars.length > maxChars ? { text: chars.slice(0, maxChars).join(''), collapsed: true } : { text, collapsed: false };
}
