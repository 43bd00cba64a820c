// Opt-out (退订) classifier for replies. Pure: runs in main (ingest) and in tests.
// Spec: ../shared/spec/report-codes.md §3.2 (R, T, TD, N, 退订 …; providers publish no full list).

export type OptOutKind = 'certain' | 'likely' | 'none';
export interface OptOutVerdict {
  kind: OptOutKind;
  /** The text as matched: NFKC, invisible characters removed, look-alikes folded, upper case, trimmed. */
  normalised: string;
  /** Keywords or phrases that decided the verdict. */
  matched: string[];
}
export interface OptOutRules {
  keywords: readonly string[];
  likelyPhrases: readonly string[];
}

/** A "likely" opt-out is a short reply: past this many characters (normalised) it is a conversation, not a request. */
export const LIKELY_MAX_CHARS = 40;

// Zero-width, bidi, BOM, soft hyphen and other format/control characters (\p{Cc}, \p{Cf}); combining marks and
// variation selectors (\p{Mn}, \p{Me}: NFKC already composed the letters that have a precomposed form).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Mn}\p{Me}]/gu;
/** Separators: whitespace, punctuation, symbols (emoji included). They may surround keywords in a certain opt-out. */
const SEPARATOR = /[\s\p{P}\p{S}]+/u;
const EDGE_SEPARATORS = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

/** Cyrillic and Greek letters that look like the Latin letters of the keywords (NFKC keeps them apart). */
const LOOK_ALIKES: Record<string, string> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
  Ѕ: 'S',
  І: 'I',
  Ј: 'J',
  Ԁ: 'D',
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ј: 'j',
  т: 't',
  ԁ: 'd',
  п: 'n',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  ο: 'o',
  τ: 't',
  ν: 'v',
  ρ: 'p',
};
const LOOK_ALIKE_PATTERN = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'gu');

/** NFKC (full-width → ASCII), invisible characters removed, look-alikes folded, upper case, whitespace collapsed. */
export function normaliseReply(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/gu, ' ')
    .replace(INVISIBLE, '')
    .replace(LOOK_ALIKE_PATTERN, (c) => LOOK_ALIKES[c] ?? c)
    .toUpperCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

function normaliseKeyword(keyword: string): string {
  return normaliseReply(keyword).replace(EDGE_SEPARATORS, '');
}

/** Runs of ASCII letters/digits versus everything else, so "TD退订" splits into "TD" + "退订" but "TDX" stays one word. */
function runs(word: string): string[] {
  return word.match(/[A-Z0-9]+|[^A-Z0-9]+/g) ?? [];
}

/** True when `run` is one or more keywords back to back (CJK keywords repeat: "退订退订"). */
function isKeywordSequence(run: string, keywords: ReadonlySet<string>, maxLength: number, matched: string[]): boolean {
  if (/^[A-Z0-9]+$/.test(run)) {
    // Latin keywords must stand alone: "TN" or "TDN" are not two opt-outs glued together.
    if (!keywords.has(run)) return false;
    matched.push(run);
    return true;
  }
  const chars = [...run];
  // Longest match first, with backtracking (取消订阅 vs 取消 + 订阅).
  const solve = (from: number): string[] | null => {
    if (from === chars.length) return [];
    for (let len = Math.min(maxLength, chars.length - from); len >= 1; len--) {
      const piece = chars.slice(from, from + len).join('');
      if (!keywords.has(piece)) continue;
      const rest = solve(from + len);
      if (rest) return [piece, ...rest];
    }
    return null;
  };
  const pieces = solve(0);
  if (!pieces) return false;
  matched.push(...pieces);
  return true;
}

interface CompiledRules {
  keywords: ReadonlySet<string>;
  maxLength: number;
  /** Normalised, separators removed. */
  phrases: string[];
}
// Ingest classifies every reply with the same settings arrays: compile them once per distinct list.
let lastRules: { key: string; compiled: CompiledRules } | null = null;
function compile(rules: OptOutRules): CompiledRules {
  const key = `${rules.keywords.join('\u0000')}\u0001${rules.likelyPhrases.join('\u0000')}`;
  if (lastRules?.key === key) return lastRules.compiled;
  const keywords = new Set(rules.keywords.map(normaliseKeyword).filter(Boolean));
  const compiled = {
    keywords,
    maxLength: Math.max(1, ...[...keywords].map((k) => [...k].length)),
    phrases: rules.likelyPhrases.map((p) => normaliseKeyword(p).replace(/[\s\p{P}\p{S}]+/gu, '')).filter(Boolean),
  };
  lastRules = { key, compiled };
  return compiled;
}

/**
 * certain: after normalisation the reply is only opt-out keywords, spaces and punctuation ("TD 退订", "ＴＤ", "退订！").
 * likely: a short reply that contains a likely phrase ("请帮我退订") or a multi-letter keyword among other words
 * ("TD谢谢") → flagged 疑似退订 for the seller to confirm. Everything else (e.g. "T恤什么时候发货") is none.
 */
export function classifyOptOut(text: string, rules: OptOutRules): OptOutVerdict {
  const normalised = normaliseReply(text).replace(EDGE_SEPARATORS, '');
  if (!normalised) return { kind: 'none', normalised, matched: [] };
  const { keywords, maxLength, phrases } = compile(rules);

  const words = normalised.split(SEPARATOR).filter(Boolean);
  const onlyKeywords = (parts: string[]) => {
    const matched: string[] = [];
    return parts.length > 0 && parts.every((word) => runs(word).every((run) => isKeywordSequence(run, keywords, maxLength, matched))) ? matched : null;
  };
  // Word by word ("R R"), or with the separators dropped, since Chinese needs no spaces ("取消 订阅").
  const matched = onlyKeywords(words) ?? onlyKeywords([words.join('')]);
  if (matched) return { kind: 'certain', normalised, matched: [...new Set(matched)] };

  if ([...normalised].length <= LIKELY_MAX_CHARS) {
    const compact = normalised.replace(/[\s\p{P}\p{S}]+/gu, '');
    const found = phrases.filter((p) => compact.includes(p));
    // A whole multi-letter Latin keyword (TD, STOP) among other words; single letters (T恤, N多) are too common.
    const latin = words.flatMap(runs).filter((run) => /^[A-Z]{2,}$/.test(run) && keywords.has(run));
    const all = [...new Set([...found, ...latin])];
    if (all.length) return { kind: 'likely', normalised, matched: all };
  }
  return { kind: 'none', normalised, matched: [] };
}
