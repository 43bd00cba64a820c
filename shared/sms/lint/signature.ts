// Signature (签名) lint, before taobao.jst.sms.signname.create / modify. § = shared/spec/top-api.md §2.3.

import { DEFAULT_SMS_RULES_CONFIG, type SmsRulesConfig } from '../config';
import { FindingList, hasErrors, type Finding } from '../rules';
import { codePointCount, findFolded, foldForMatch, foldWord, foldedRange, mergeRanges, type Range } from '../text';
import { isSignSource, SIGN_SOURCE, type SignSource } from '../types';

/** Kind of shop, for the store-name conventions (§2.3 [3P]). */
export type ShopType = 'taobao' | 'tmall-flagship' | 'tmall-specialty';

export interface SignatureInput {
  /** Signature text without 【】. */
  signName: string;
  /** sign_source 0–5 (§2.3). */
  source?: SignSource | number;
  shopType?: ShopType;
  /** Shop name, for the store-name convention hints. */
  storeName?: string;
  sellerNick?: string;
}

export interface SignatureReport {
  ok: boolean;
  findings: Finding[];
  /** Length in code points (without the 【】 the platform adds). */
  chars: number;
}

const FIELD = 'signName';
const ALLOWED_CHAR = /[\p{Script=Han}A-Za-z0-9]/u;

/** All signature rules. Accepts the bare signature text or an input with source / shop details. */
export function lintSignature(input: SignatureInput | string, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): SignatureReport {
  const inp: SignatureInput = typeof input === 'string' ? { signName: input } : input;
  const name = inp.signName;
  const sc = config.signature;
  const out = new FindingList(config.severityOverrides);
  const chars = codePointCount(name);

  // signature-source-invalid: §2.3 sign_source 0–5 [DOC apiId=60264]
  if (inp.source !== undefined && !isSignSource(inp.source)) {
    out.add('signature-source-invalid', {
      message: `签名来源 ${String(inp.source)} 无效，应为 0–5`,
      messageEn: `Invalid signature source ${String(inp.source)}; expected 0–5`,
      field: 'source',
    });
  }

  // signature-empty: §2.3 sign_name required
  if (name.trim() === '') {
    out.add('signature-empty', { message: '请填写签名', messageEn: 'The signature is required', field: FIELD });
    const findings = out.sorted();
    return { ok: !hasErrors(findings), findings, chars };
  }

  // signature-brackets: §2.3 / §4 no 【】 () [] [DOC apiId=60264]
  const bracketRanges: Range[] = [];
  for (const ch of sc.forbiddenChars) {
    for (let i = name.indexOf(ch); i >= 0; i = name.indexOf(ch, i + ch.length)) bracketRanges.push({ start: i, end: i + ch.length });
  }
  // One finding per rule (the first occurrence is selectable); repeats of the same text are listed once.
  const brackets = mergeRanges(bracketRanges);
  if (brackets.length > 0) {
    const shown = quotedList(name, brackets);
    out.add('signature-brackets', {
      message: `签名不能含${shown.zh}：不要带【】、()、[] 等括号，平台会自动加【】`,
      messageEn: `The signature cannot contain ${shown.en}: no 【】, () or []; the platform adds 【】 itself`,
      range: brackets[0]!,
      field: FIELD,
    });
  }

  // signature-chars: [INF] Chinese, letters and digits only (spaces, punctuation, emoji flagged)
  const otherRanges: Range[] = [];
  for (let i = 0; i < name.length;) {
    const cp = name.codePointAt(i) ?? 0;
    const w = cp > 0xffff ? 2 : 1;
    const ch = name.slice(i, i + w);
    if (!ALLOWED_CHAR.test(ch) && !bracketRanges.some((r) => i >= r.start && i < r.end)) otherRanges.push({ start: i, end: i + w });
    i += w;
  }
  const others = mergeRanges(otherRanges, true);
  if (others.length > 0) {
    const shown = quotedList(name, others, (text) => text.replace(/\s/g, '␣'));
    out.add('signature-chars', {
      message: `签名建议只用中文、英文字母和数字，${shown.zh}可能导致审核不通过`,
      messageEn: `Use only Chinese, letters and digits in a signature; ${shown.en} may fail review`,
      range: others[0]!,
      field: FIELD,
    });
  }

  // signature-length: [NOT FOUND]; 2–12 [INF] → config
  if (chars < sc.minChars || chars > sc.maxChars) {
    out.add('signature-length', {
      message: `签名 ${chars} 字，应为 ${sc.minChars}–${sc.maxChars} 字`,
      messageEn: `The signature has ${chars} characters; it must have ${sc.minChars}–${sc.maxChars}`,
      field: FIELD,
      data: { chars, min: sc.minChars, max: sc.maxChars },
    });
  }

  const folded = foldForMatch(name);

  // signature-test: §2.3 "测试" [DOC apiId=60264]
  const tests = mergeRanges(sc.testWords.flatMap((w) => findFolded(folded, w)));
  if (tests.length > 0) {
    const shown = quotedList(name, tests);
    out.add('signature-test', {
      message: `签名不能含${shown.zh}`,
      messageEn: `The signature cannot contain ${shown.en} (test)`,
      range: tests[0]!,
      field: FIELD,
    });
  }

  // signature-brand: §2.3 Alibaba brand names [3P fw199]; "店铺名+淘宝店" suffix is the documented convention
  let exempt: Range | undefined;
  if (inp.shopType === undefined || inp.shopType === 'taobao') {
    for (const suffix of sc.brandAllowedSuffixes) {
      const fs = foldWord(suffix);
      if (fs && folded.text.endsWith(fs) && folded.text.length > fs.length) {
        exempt = foldedRange(folded, folded.text.length - fs.length, folded.text.length);
        break;
      }
    }
  }
  const brandHits = sc.brandWords.flatMap((w) => findFolded(folded, w)).filter((r) => !(exempt && r.start >= exempt.start && r.end <= exempt.end));
  const brands = mergeRanges(brandHits);
  if (brands.length > 0) {
    const shown = quotedList(name, brands);
    out.add('signature-brand', {
      message: `签名不能使用阿里系品牌名${shown.zh}（淘宝店铺可用"店铺名+淘宝店"）`,
      messageEn: `The signature cannot use the Alibaba brand ${shown.en} (a Taobao shop may use "<shop name>淘宝店")`,
      range: brands[0]!,
      field: FIELD,
      data: { word: name.slice(brands[0]!.start, brands[0]!.end) },
    });
  }

  // signature-generic: §2.3 over-generic names [DOC apiId=60264]: refused when made only of generic words
  let rest = folded.text.replace(/[\p{P}\p{S}]/gu, '');
  const generic = [...sc.genericWords]
    .map(foldWord)
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
  for (let changed = true; changed && rest;) {
    changed = false;
    for (const g of generic) {
      if (rest.includes(g)) {
        rest = rest.split(g).join('');
        changed = true;
      }
    }
  }
  if (rest === '' && folded.text.replace(/[\p{P}\p{S}]/gu, '') !== '') {
    out.add('signature-generic', {
      message: `签名"${name}"过于宽泛（如"客户服务""友情提醒"），请使用店铺名、品牌名或公司名`,
      messageEn: `The signature "${name}" is too generic (like 客户服务 / 友情提醒); use the shop, brand or company name`,
      field: FIELD,
    });
  }

  // signature-store-convention: §2.3 store conventions [3P fw199], hints only
  if (inp.source === SIGN_SOURCE.ECOMMERCE_SHOP || inp.shopType !== undefined) storeConvention(inp, out);

  const findings = out.sorted();
  return { ok: !hasErrors(findings), findings, chars };
}

/** The distinct texts at `ranges`, quoted: "<"、">" / "<", ">". */
function quotedList(name: string, ranges: readonly Range[], show: (text: string) => string = (text) => text): { zh: string; en: string } {
  const texts = [...new Set(ranges.map((r) => show(name.slice(r.start, r.end))))].map((text) => `"${text}"`);
  return { zh: texts.join('、'), en: texts.join(', ') };
}

function storeConvention(inp: SignatureInput, out: FindingList): void {
  const name = inp.signName.trim();
  const store = inp.storeName?.trim() || undefined;
  const nick = inp.sellerNick?.trim() || undefined;
  const hint = (message: string, messageEn: string, suggestion?: string) =>
    out.add('signature-store-convention', { message, messageEn, field: FIELD, data: suggestion ? { suggestion } : undefined });

  if (inp.shopType === 'tmall-specialty') {
    if (store && name !== store) {
      hint(`天猫专营店/专卖店的签名应与店铺名完全一致："${store}"`, `A Tmall specialty store's signature should be exactly the store name: "${store}"`, store);
    }
    return;
  }
  if (inp.shopType === 'tmall-flagship') {
    if (store && !foldWord(store).includes(foldWord(name))) {
      hint('天猫旗舰店的签名应取店铺名中的关键词或品牌名', "A Tmall flagship store's signature should be a keyword of the store name or the brand");
    }
    return;
  }
  const base = store ?? nick;
  const suggestion = `${base ?? '店铺名'}淘宝店`;
  if (!name.endsWith('淘宝店')) {
    hint(
      `淘宝店铺签名惯例为"店铺名+淘宝店"或"卖家昵称+淘宝店"，例如"${suggestion}"（天猫旗舰店用品牌名，专营店/专卖店用店铺全称）`,
      `Taobao shop signatures are usually "<shop name>淘宝店" or "<seller nick>淘宝店", e.g. "${suggestion}" (Tmall flagship: the brand; specialty stores: the full store name)`,
      suggestion,
    );
    return;
  }
  const prefix = name.slice(0, -'淘宝店'.length);
  if ((store || nick) && prefix !== store && prefix !== nick) {
    hint(
      `签名前半部分应为店铺名或卖家昵称，例如"${suggestion}"`,
      `The part before 淘宝店 should be the shop name or seller nick, e.g. "${suggestion}"`,
      suggestion,
    );
  }
}
