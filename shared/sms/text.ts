// Text helpers shared by the rules. Pure; no Node / DOM APIs.
// Offsets are UTF-16 code-unit indices (what JS strings, <textarea> selectionStart and CodeMirror use);
// lengths for billing are code points (see length.ts).

export interface Range {
  start: number;
  end: number;
}

/** Number of Unicode code points (a lone surrogate counts 1). */
export function codePointCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Code points with their UTF-16 offsets. Lone surrogates are returned as themselves. */
export function codePointsWithIndex(s: string): { cp: number; start: number; end: number }[] {
  const out: { cp: number; start: number; end: number }[] = [];
  for (let i = 0; i < s.length;) {
    const cp = s.codePointAt(i) ?? 0;
    const w = cp > 0xffff ? 2 : 1;
    out.push({ cp, start: i, end: i + w });
    i += w;
  }
  return out;
}

/** First n / last n code points. */
export function firstCodePoints(s: string, n: number): string {
  return Array.from(s).slice(0, n).join('');
}
export function lastCodePoints(s: string, n: number): string {
  return n <= 0 ? '' : Array.from(s).slice(-n).join('');
}

// ---- folding for word matching ----

/** Invisible / format characters dropped while folding (and reported by char-invisible). */
export function isInvisible(cp: number): boolean {
  return (
    cp === 0x00ad ||
    cp === 0x034f ||
    cp === 0x061c ||
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x17b4 ||
    cp === 0x17b5 ||
    (cp >= 0x180b && cp <= 0x180f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    cp === 0x3164 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    cp === 0xffa0 ||
    (cp >= 0x1d173 && cp <= 0x1d17a) ||
    (cp >= 0xe0000 && cp <= 0xe0fff)
  );
}

const WHITESPACE = /\s/u;

export interface FoldedText {
  /** NFKC, lower case, without whitespace and invisible characters. */
  text: string;
  /** For each UTF-16 unit of `text`: the original [start, end) of the code point it came from. */
  starts: number[];
  ends: number[];
}

/**
 * Folds text for matching words regardless of width (Ｔ = T), case, spaces and zero-width characters
 * ("淘 宝", "淘\u200b宝" match 淘宝), keeping a map back to the original offsets.
 */
export function foldForMatch(s: string): FoldedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (const { cp, start, end } of codePointsWithIndex(s)) {
    const ch = String.fromCodePoint(cp);
    if (isInvisible(cp) || WHITESPACE.test(ch)) continue;
    const f = ch.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
    for (let k = 0; k < f.length; k++) {
      starts.push(start);
      ends.push(end);
    }
    text += f;
  }
  return { text, starts, ends };
}

export function foldWord(word: string): string {
  return foldForMatch(word).text;
}

/** Original ranges of every occurrence of `word` (folded) in `folded`. Non-overlapping, left to right. */
export function findFolded(folded: FoldedText, word: string): Range[] {
  const w = foldWord(word);
  const out: Range[] = [];
  if (!w) return out;
  let from = 0;
  for (;;) {
    const i = folded.text.indexOf(w, from);
    if (i < 0) break;
    out.push(foldedRange(folded, i, i + w.length));
    from = i + w.length;
  }
  return out;
}

/** Maps a [start, end) range of folded.text back to the original string. */
export function foldedRange(folded: FoldedText, start: number, end: number): Range {
  return { start: folded.starts[start] ?? 0, end: folded.ends[end - 1] ?? folded.starts[start] ?? 0 };
}

/** Regex matches on folded text, mapped back. Invalid patterns are ignored (they may come from settings). */
export function findFoldedPattern(folded: FoldedText, pattern: string): Range[] {
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'giu');
  } catch {
    return [];
  }
  const out: Range[] = [];
  for (const m of folded.text.matchAll(re)) {
    if (m[0].length === 0) continue;
    const at = m.index ?? 0;
    out.push(foldedRange(folded, at, at + m[0].length));
  }
  return out;
}

/** Merges overlapping ranges (and touching ones when `touching`). */
export function mergeRanges(ranges: readonly Range[], touching = false): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && (r.start < last.end || (touching && r.start === last.end))) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** Replaces the given ranges with `fill` (same length), so later regexes keep offsets. */
export function blankRanges(s: string, ranges: readonly Range[], fill = ' '): string {
  let out = s;
  for (const r of ranges) out = out.slice(0, r.start) + fill.repeat(r.end - r.start) + out.slice(r.end);
  return out;
}

/** Object replacement character: blanks placeholders without letting words join across them. */
export const BLANK_OPAQUE = '\uFFFC';

export function hex(cp: number): string {
  return 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
}

// ---- character scan ----

export type CharIssueKind = 'emoji' | 'rare' | 'control' | 'invisible';
export type RareKind = 'cjk-extension' | 'private-use' | 'astral' | 'lone-surrogate' | 'unassigned';

export interface CharIssue extends Range {
  kind: CharIssueKind;
  rareKind?: RareKind;
  /** The characters, e.g. "U+1F600". */
  codePoints: string[];
}

const EXT_PICT = /\p{Extended_Pictographic}/u;
const EMOJI_PRES = /\p{Emoji_Presentation}/u;
const UNASSIGNED = /\p{Cn}/u;
const CONTROL = /\p{Cc}/u;

function isEmojiStart(cp: number, next: number | undefined): boolean {
  if (cp >= 0x1f1e6 && cp <= 0x1f1ff) return true; // regional indicators (flags)
  if (cp >= 0x1f3fb && cp <= 0x1f3ff) return true; // skin tones
  const ch = String.fromCodePoint(cp);
  if (!EXT_PICT.test(ch)) return false;
  // ©, ®, ™, ‼ … are text by default; they are emoji only with a VS16 or emoji presentation.
  return cp > 0xffff || EMOJI_PRES.test(ch) || next === 0xfe0f;
}

/** Continues an emoji cluster: ZWJ, variation selectors, skin tones, tags, keycap. */
function isEmojiContinuation(cp: number): boolean {
  return cp === 0x200d || cp === 0xfe0f || cp === 0xfe0e || cp === 0x20e3 || (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xe0020 && cp <= 0xe007f);
}

function classifyRare(cp: number, isLoneSurrogate: boolean): RareKind | undefined {
  if (isLoneSurrogate) return 'lone-surrogate';
  if ((cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x323af)) return 'cjk-extension';
  if ((cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000) return 'private-use';
  if (UNASSIGNED.test(String.fromCodePoint(cp))) return 'unassigned';
  if (cp > 0xffff) return 'astral';
  return undefined;
}

/**
 * Finds characters that many handsets cannot show or that are invisible:
 * emoji clusters, rare CJK extension / private-use / other supplementary-plane characters,
 * control characters (except allowedControls) and zero-width / bidi characters.
 * Consecutive characters of the same kind are reported as one issue.
 */
export function scanCharacters(s: string, allowedControls: readonly string[] = ['\n']): CharIssue[] {
  const cps = codePointsWithIndex(s);
  const issues: CharIssue[] = [];
  const push = (kind: CharIssueKind, start: number, end: number, cp: number, rareKind?: RareKind) => {
    const last = issues[issues.length - 1];
    if (last && last.kind === kind && last.rareKind === rareKind && last.end === start) {
      last.end = end;
      last.codePoints.push(hex(cp));
      return;
    }
    const issue: CharIssue = { kind, start, end, codePoints: [hex(cp)] };
    if (rareKind) issue.rareKind = rareKind;
    issues.push(issue);
  };
  let inEmoji = false;
  for (let i = 0; i < cps.length; i++) {
    const { cp, start, end } = cps[i]!;
    const next = cps[i + 1]?.cp;
    const next2 = cps[i + 2]?.cp;
    // keycap: [0-9#*] (FE0F)? 20E3
    const keycapBase = (cp >= 0x30 && cp <= 0x39) || cp === 0x23 || cp === 0x2a;
    if (keycapBase && (next === 0x20e3 || (next === 0xfe0f && next2 === 0x20e3))) {
      push('emoji', start, end, cp);
      inEmoji = true;
      continue;
    }
    if (inEmoji && isEmojiContinuation(cp)) {
      push('emoji', start, end, cp);
      continue;
    }
    // after a ZWJ inside an emoji, the next pictograph joins the same cluster
    if (isEmojiStart(cp, next)) {
      push('emoji', start, end, cp);
      inEmoji = true;
      continue;
    }
    inEmoji = false;
    const ch = String.fromCodePoint(cp);
    if (isInvisible(cp)) {
      push('invisible', start, end, cp);
      continue;
    }
    if ((CONTROL.test(ch) || cp === 0x2028 || cp === 0x2029) && !allowedControls.includes(ch)) {
      push('control', start, end, cp);
      continue;
    }
    const lone = cp >= 0xd800 && cp <= 0xdfff;
    const rare = classifyRare(cp, lone);
    if (rare) push('rare', start, end, cp, rare);
  }
  return issues;
}
