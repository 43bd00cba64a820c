import { describe, expect, it } from 'vitest';
import { countSmsChars, estimateTemplateLength, measureSms, resolveSmsRulesConfig, segmentsFor, splitSegments } from '../../../shared/sms';

const a = (n: number) => 'a'.repeat(n);
const zh = (n: number) => '好'.repeat(n);

// 【店铺】 = 4 characters (brackets count).
describe('measureSms: 【签名】 + content, code points, ≤70 → 1, else ceil(len/67)', () => {
  const cases: { name: string; sign: string; content: string; total: number; segments: number; left?: number }[] = [
    { name: 'empty message', sign: '', content: '', total: 0, segments: 0 },
    { name: 'signature only', sign: '店铺', content: '', total: 4, segments: 1 },
    { name: 'exactly 70 (ASCII)', sign: '店铺', content: a(66), total: 70, segments: 1, left: 0 },
    { name: 'exactly 71 (ASCII)', sign: '店铺', content: a(67), total: 71, segments: 2, left: 63 },
    { name: 'exactly 134', sign: '店铺', content: a(130), total: 134, segments: 2, left: 0 },
    { name: 'exactly 135', sign: '店铺', content: a(131), total: 135, segments: 3, left: 66 },
    { name: 'exactly 70 (CJK)', sign: '张三男装淘宝店', content: zh(61), total: 70, segments: 1 },
    { name: 'exactly 71 (CJK)', sign: '张三男装淘宝店', content: zh(62), total: 71, segments: 2 },
    { name: '160 → 67+67+26 = 3 (spec §4 example)', sign: '店铺', content: a(156), total: 160, segments: 3 },
    { name: '201 = 3×67 → 3', sign: '店铺', content: a(197), total: 201, segments: 3, left: 0 },
    { name: '202 → 4', sign: '店铺', content: a(198), total: 202, segments: 4 },
    { name: 'Chinese punctuation counts 1 each', sign: '店铺', content: '，。！？、；：“”‘’（）《》…—', total: 4 + 17, segments: 1 },
    { name: 'mixed scripts, full-width letters count 1', sign: 'Shop店', content: 'Hello你好123ＡＢＣ한글', total: 7 + 15, segments: 1 },
    { name: 'emoji (surrogate pair) counts 1 code point', sign: '店铺', content: a(65) + '😀', total: 70, segments: 1 },
    { name: 'ZWJ family emoji counts its 5 code points', sign: '店铺', content: '👨‍👩‍👧', total: 9, segments: 1 },
    { name: 'line feed counts 1', sign: '店铺', content: '第一行\n第二行', total: 11, segments: 1 },
    { name: 'exactly 500 is allowed', sign: '店铺', content: a(496), total: 500, segments: 8 },
  ];
  it.each(cases)('$name', ({ sign, content, total, segments, left }) => {
    const len = measureSms(sign, content);
    expect(len.totalChars).toBe(total);
    expect(len.segments).toBe(segments);
    expect(len.overMax).toBe(false);
    if (left !== undefined) expect(len.charsLeftInSegment).toBe(left);
  });

  it('501 is over the 500 max', () => {
    const len = measureSms('店铺', a(497));
    expect(len.totalChars).toBe(501);
    expect(len.overMax).toBe(true);
    expect(len.charsLeftInSegment).toBe(-1);
  });
});

describe('segmentsFor boundaries', () => {
  it.each([
    [0, 0],
    [1, 1],
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
    [500, 8],
  ])('%i chars → %i segments', (n, seg) => expect(segmentsFor(n)).toBe(seg));
});

describe('configurable counting', () => {
  it('astralCharWeight 2 counts an emoji as 2 (UTF-16 units)', () => {
    const cfg = resolveSmsRulesConfig({ length: { astralCharWeight: 2 } });
    expect(countSmsChars('😀', cfg)).toBe(2);
    expect(measureSms('店铺', a(65) + '😀', { config: cfg })).toMatchObject({ totalChars: 71, segments: 2 });
  });
  it('a marketing auto-suffix is counted for type 2 only', () => {
    const cfg = resolveSmsRulesConfig({ length: { marketingAutoSuffix: '回T退订' } });
    expect(measureSms('店铺', a(66), { type: 2, config: cfg })).toMatchObject({ totalChars: 74, suffixChars: 4, segments: 2 });
    expect(measureSms('店铺', a(66), { type: 1, config: cfg })).toMatchObject({ totalChars: 70, segments: 1 });
  });
  it('splitSegments cuts at 67', () => {
    const parts = splitSegments('【店铺】' + a(131));
    expect(parts.map((p) => p.length)).toEqual([67, 67, 1]);
    expect(splitSegments('【店铺】' + a(66))).toHaveLength(1);
  });
});

describe('estimateTemplateLength with assumed variable lengths', () => {
  it('no variables + known signature is exact', () => {
    const e = estimateTemplateLength('您好', { signName: '店铺' });
    expect(e.exact).toBe(true);
    expect(e.min.totalChars).toBe(6);
    expect(e.max.totalChars).toBe(6);
  });
  it('unknown signature assumes 2–12 chars plus 【】', () => {
    const e = estimateTemplateLength('您好');
    expect([e.min.totalChars, e.max.totalChars]).toEqual([6, 16]);
  });
  it('masked privacy variables use the masked length, others the configured range', () => {
    const e = estimateTemplateLength('${tid}${buyerNick}${url}${foo}', { signName: '店铺' });
    expect(e.variables).toEqual([
      { name: 'tid', occurrences: 1, min: 6, max: 6, source: 'privacy-mask' },
      { name: 'buyerNick', occurrences: 1, min: 3, max: 3, source: 'privacy-mask' },
      { name: 'url', occurrences: 1, min: 15, max: 23, source: 'config' },
      { name: 'foo', occurrences: 1, min: 2, max: 20, source: 'default' },
    ]);
    expect(e.min.totalChars).toBe(4 + 6 + 3 + 15 + 2);
  });
  it('assumed lengths are configurable and count every occurrence', () => {
    const cfg = resolveSmsRulesConfig({ variables: { assumedLengths: { foo: { min: 10, max: 10 } } } });
    const e = estimateTemplateLength('${foo}${foo}', { signName: '店铺', config: cfg });
    expect(e.min.totalChars).toBe(24);
  });
});
