import { describe, expect, it } from 'vitest';
import { InboxSettingsSchema } from '../../../shared/settings/schema';
import { classifyOptOut, normaliseReply, type OptOutKind } from '../../../shared/inbox/optout';

const defaults = InboxSettingsSchema.parse({});
const rules = { keywords: defaults.optOutKeywords, likelyPhrases: defaults.likelyOptOutPhrases };

// [reply as received, expected verdict, why]
const TABLE: Array<[string, OptOutKind, string]> = [
  // plain keywords
  ['T', 'certain', 'single keyword'],
  ['TD', 'certain', 'keyword'],
  ['R', 'certain', 'Aliyun/Huawei footer keyword'],
  ['N', 'certain', 'Tencent keyword'],
  ['退订', 'certain', 'Chinese keyword'],
  ['退', 'certain', 'short Chinese keyword'],
  ['拒收', 'certain', 'keyword'],
  ['取消', 'certain', 'keyword'],
  ['取消订阅', 'certain', 'longest keyword'],
  ['STOP', 'certain', 'English keyword'],
  ['UNSUBSCRIBE', 'certain', 'English keyword'],
  // case
  ['td', 'certain', 'lower case'],
  ['Td', 'certain', 'mixed case'],
  ['stop', 'certain', 'lower case STOP'],
  ['Unsubscribe', 'certain', 'title case'],
  // full-width (NFKC)
  ['ＴＤ', 'certain', 'full-width letters'],
  ['ｔｄ', 'certain', 'full-width lower case'],
  ['Ｒ', 'certain', 'full-width R'],
  ['ＳＴＯＰ！', 'certain', 'full-width with full-width !'],
  ['𝐓𝐃', 'certain', 'mathematical bold letters'],
  ['Ⓣ', 'certain', 'circled letter'],
  // combinations, spaces and punctuation
  ['TD 退订', 'certain', 'two keywords with a space'],
  ['TD退订', 'certain', 'Latin run + CJK run'],
  ['退订退订退订', 'certain', 'repeated'],
  ['退订，TD。', 'certain', 'Chinese punctuation'],
  ['  T  ', 'certain', 'surrounding spaces'],
  ['T!!!', 'certain', 'trailing punctuation'],
  ['【退订】', 'certain', 'brackets'],
  ['"TD"', 'certain', 'quotes'],
  ['退订\n退订', 'certain', 'newline between'],
  ['取消 订阅', 'certain', 'split compound'],
  ['拒收拒收', 'certain', 'repeated CJK keyword'],
  ['R R', 'certain', 'repeated Latin keyword'],
  ['T D', 'certain', 'TD typed with a space'],
  // emoji (symbols count as punctuation)
  ['退订😡', 'certain', 'emoji after keyword'],
  ['👎 TD', 'certain', 'emoji before keyword'],
  ['T🙏🏻', 'certain', 'emoji with skin tone modifier'],
  // invisible characters
  ['T\u200bD', 'certain', 'zero-width space inside'],
  ['\u202eTD', 'certain', 'bidi override'],
  ['\ufeffSTOP', 'certain', 'BOM'],
  ['退\u200d订', 'certain', 'zero-width joiner inside'],
  ['T\u0000D', 'certain', 'NUL inside'],
  ['\u2066退订\u2069', 'certain', 'bidi isolates'],
  ['T\u00adD', 'certain', 'soft hyphen'],
  // look-alikes
  ['ТD', 'certain', 'Cyrillic Т'],
  ['ΤD', 'certain', 'Greek Tau'],
  ['SΤOP', 'certain', 'Greek Tau inside STOP'],
  ['ЅТОР', 'certain', 'all-Cyrillic STOP look-alike'],
  ['T\u0336D\u0336', 'certain', 'combining strike-through'],
  // likely (疑似退订)
  ['请帮我退订', 'likely', 'request in a sentence'],
  ['退订谢谢', 'likely', 'keyword + thanks'],
  ['以后不要再发了', 'likely', 'phrase 不要再发'],
  ['别再发短信给我', 'likely', 'phrase 别再发'],
  ['拒收，烦死了', 'likely', 'keyword + complaint'],
  ['TD谢谢', 'likely', 'Latin keyword among other words'],
  ['please STOP', 'likely', 'STOP in a sentence'],
  ['回T退订', 'likely', 'footer echoed back'],
  ['我不想退订', 'likely', 'negation still needs a human'],
  ['不要发了！', 'likely', 'phrase 不要发'],
  // negatives
  ['T恤什么时候发货', 'none', 'product name starting with T'],
  ['T恤', 'none', 'T-shirt'],
  ['TD123', 'none', 'letters glued to digits'],
  ['TNT', 'none', 'Latin keywords glued together'],
  ['DT', 'none', 'not a keyword'],
  ['TDR', 'none', 'not a keyword'],
  ['N多优惠', 'none', 'N as slang'],
  ['R9s手机壳有货吗', 'none', 'product model'],
  ['好的', 'none', 'ordinary reply'],
  ['谢谢', 'none', 'ordinary reply'],
  ['1', 'none', 'digit'],
  ['', 'none', 'empty'],
  ['   ', 'none', 'only spaces'],
  ['😀', 'none', 'only emoji'],
  ['\u200b\u200b', 'none', 'only invisible'],
  ['取消订单', 'none', 'cancel the order, not the SMS'],
  ['退货', 'none', 'return goods'],
  ['退款什么时候到', 'none', 'refund'],
  ['STOPWATCH', 'none', 'word containing STOP'],
  ['TODAY', 'none', 'English word starting with T'],
  ['<script>alert(1)</script>', 'none', 'hostile markup'],
  ['我想问一下这个订单为什么还没发货，已经等了一个星期了，能不能帮我查一下物流，退订的话也不要紧', 'none', 'long message: a conversation, not a request'],
];

describe('opt-out classifier', () => {
  it(`has a table of at least 50 cases (${TABLE.length})`, () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(50);
  });

  it.each(TABLE)('%j → %s (%s)', (text, expected) => {
    expect(classifyOptOut(text, rules).kind).toBe(expected);
  });

  it('normalises full width, invisible characters and case', () => {
    expect(normaliseReply('ＴＤ\u200b退订')).toBe('TD退订');
    expect(normaliseReply(' a\u202eb ')).toBe('AB');
  });

  it('reports what it matched', () => {
    expect(classifyOptOut('TD 退订', rules).matched).toEqual(['TD', '退订']);
    expect(classifyOptOut('请帮我退订', rules).matched).toContain('退订');
  });

  it('follows the configured keywords', () => {
    const custom = { keywords: ['TDZD', '退订'], likelyPhrases: [] };
    expect(classifyOptOut('tdzd', custom).kind).toBe('certain');
    expect(classifyOptOut('T', custom).kind).toBe('none');
    expect(classifyOptOut('退订谢谢', custom).kind).toBe('none');
  });
});
