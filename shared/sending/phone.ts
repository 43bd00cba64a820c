// Mainland mobile number normaliser: the one canonicaliser of the codebase (recipients, suppression, MQ).
// Valid = ^1[3-9]\d{9}$ after removing separators, +86/0086/86 prefixes and Excel artefacts.

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

export const INVALID_CODES = [
  'empty',
  'too-short',
  'too-long',
  'landline',
  'service', // 400/800/106xx
  'foreign',
  'not-mobile',
  'masked', // 138****8000 (Taobao exports mask numbers)
  'multiple', // two numbers in one cell
  'lossy-float', // 1.38E+10: Excel's display lost digits
  'letters',
  'garbage',
] as const;
export type InvalidCode = (typeof INVALID_CODES)[number];

export type PhoneResult = { ok: true; phone: string } | { ok: false; code: InvalidCode; reason: string };

const MAX_RAW = 64;

const FOREIGN: Array<[string, string]> = [
  ['852', '香港'],
  ['853', '澳门'],
  ['886', '台湾'],
];

function invalid(code: InvalidCode, reason: string): PhoneResult {
  return { ok: false, code, reason };
}

/** Full-width digits/signs and odd spaces/dashes folded to ASCII. */
function foldWidth(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u00A0\u2000-\u200B\u3000\uFEFF]/g, ' ')
    .replace(/[\u2010-\u2015\u2212\u30FC]/g, '-')
    .replace(/[\u3002]/g, '.');
}

/** Strips what spreadsheets wrap around a number: ="138…", '138…, "138…", 138….0, 1.38E10. */
function stripExcel(s: string): { text: string; lossy?: boolean } {
  let t = s.trim();
  const formula = /^=\s*"(.*)"$/.exec(t) ?? /^=\s*([+\d][\d.eE+\- ]*)$/.exec(t);
  if (formula) t = formula[1]!.trim();
  t = t
    .replace(/^['‘’`"“”]+/, '')
    .replace(/['‘’`"“”]+$/, '')
    .trim();
  const sci = /^(\d+)(?:\.(\d+))?[eE]\+?(\d{1,2})$/.exec(t);
  if (sci) {
    const [, int, frac = '', exp] = sci;
    const mantissa = (int! + frac).replace(/^0+/, '');
    const shift = Number(exp) - frac.length;
    if (shift >= 0 && mantissa.length + shift <= 15) {
      const digits = mantissa + '0'.repeat(shift);
      // Excel's General format shows at most 6 significant digits in E notation: the rest were zeroed.
      return { text: digits, lossy: digits.length >= 10 && mantissa.length <= 6 };
    }
  }
  const floatZero = /^(\d+)\.0+$/.exec(t);
  if (floatZero) t = floatZero[1]!;
  return { text: t };
}

export function normalizePhone(raw: string): PhoneResult {
  if (typeof raw !== 'string') return invalid('empty', '号码为空');
  if (raw.length === 11 && MOBILE_PATTERN.test(raw)) return { ok: true, phone: raw }; // the common case, 1M times per import
  const folded = foldWidth(raw).trim();
  if (!folded) return invalid('empty', '号码为空');
  if (folded.length > MAX_RAW) return invalid('garbage', '内容过长，不是手机号码');
  const { text, lossy } = stripExcel(folded);
  if (!text) return invalid('empty', '号码为空');
  if (/[*＊xX×]{2,}/.test(text) && /\d/.test(text)) return invalid('masked', '号码已打码（含 * 号），无法发送');

  // Two numbers in one cell: 13800138000/13900139000, 138…、139…
  const parts = text.split(/[/,，;；、|]+|\s{2,}/).filter(Boolean);
  if (parts.length > 1) {
    const good = parts.filter((p) => normalizePhone(p).ok);
    if (good.length > 1) return invalid('multiple', '一个单元格里有多个号码，请每行只放一个');
  }

  const compact = text.replace(/[\s\-.()（）[\]/_]/g, '');
  if (!compact) return invalid('empty', '号码为空');
  if (/[A-Za-z\u3400-\u9FFF]/.test(compact)) return invalid('letters', '含有文字或字母，不是手机号码');
  if (!/^\+?\d+$/.test(compact)) return invalid('garbage', '含有无法识别的字符，不是手机号码');
  if (lossy) return invalid('lossy-float', '号码被 Excel 存成科学计数法并丢失了位数，请把号码列设为“文本”后重新导出');

  let digits = compact;
  let international = false;
  if (digits.startsWith('+')) {
    digits = digits.slice(1);
    international = true;
  } else if (digits.startsWith('00')) {
    digits = digits.slice(2);
    international = true;
  }
  if (international) {
    if (digits.startsWith('86')) digits = digits.slice(2);
    else return foreign(digits);
  } else if (digits.length === 13 && digits.startsWith('861')) {
    digits = digits.slice(2);
  } else if (/^(852|853)\d{8}$/.test(digits) || /^886\d{9}$/.test(digits)) {
    return foreign(digits);
  }
  if (/^01[3-9]\d{9}$/.test(digits)) digits = digits.slice(1); // long-distance 0 dialled before a mobile

  if (!digits) return invalid('empty', '号码为空');
  if (MOBILE_PATTERN.test(digits)) return { ok: true, phone: digits };
  if (/^(400|800)\d{7}$/.test(digits) || /^106\d{5,17}$/.test(digits) || /^95\d{3,6}$/.test(digits))
    return invalid('service', '客服/短信端口号码（400、800、106、95 开头）不能接收短信');
  if (/^0[1-9]\d{8,10}$/.test(digits)) return invalid('landline', '固定电话（以区号 0 开头）不能接收短信');
  if (digits.length < 11) return invalid('too-short', `位数不足（${digits.length} 位，手机号为 11 位）`);
  if (digits.length > 11) return invalid('too-long', `位数过多（${digits.length} 位，手机号为 11 位）`);
  return invalid('not-mobile', '不是内地手机号码（应以 13–19 开头）');
}

function foreign(digits: string): PhoneResult {
  const region = FOREIGN.find(([code]) => digits.startsWith(code));
  if (region) return invalid('foreign', `${region[1]}号码（+${region[0]}），只能发送内地手机号`);
  return invalid('foreign', '境外号码，只能发送内地手机号');
}

/**
 * Paste box / suppression box: newline, comma, 、，；, tab or space separated. Spaces inside one number
 * ("138 0013 8000", "+86 138…") do not split it.
 */
export function splitPastedNumbers(text: string): string[] {
  const out: string[] = [];
  for (const segment of text.split(/[\r\n,，;；、\t|]+/)) {
    const token = segment.trim();
    if (!token) continue;
    const pieces = token.split(/\s+/);
    if (pieces.length === 1 || normalizePhone(token).ok) {
      out.push(token);
      continue;
    }
    splitOnSpaces(pieces, out);
  }
  return out;
}

/** Greedy: join space-separated pieces until they form a valid number; leftovers stay as typed. */
function splitOnSpaces(pieces: string[], out: string[]): void {
  let current: string[] = [];
  for (const piece of pieces) {
    if (current.length && normalizePhone(piece).ok && !normalizePhone(current.join(' ')).ok && !normalizePhone([...current, piece].join(' ')).ok) {
      out.push(current.join(' '));
      current = [];
    }
    current.push(piece);
    const joined = current.join(' ');
    if (normalizePhone(joined).ok) {
      out.push(joined);
      current = [];
    }
  }
  if (current.length) out.push(current.join(' '));
}
