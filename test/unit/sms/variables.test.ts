import { describe, expect, it } from 'vitest';
import { extractVariables, renderTemplate, scanVariables, privacyNotes } from '../../../shared/sms';

describe('scanVariables: `${name}` extraction and malformed placeholders', () => {
  const cases: { name: string; content: string; names: string[]; malformed: number; foreign?: number; ranges?: [number, number][] }[] = [
    { name: 'plain', content: '您好${name}，订单${tid}已发货', names: ['name', 'tid'], malformed: 0 },
    { name: 'repeated name listed once', content: '${code}，再说一遍${code}', names: ['code'], malformed: 0 },
    { name: 'digits and underscore', content: '${order_id_2}${1}', names: ['order_id_2', '1'], malformed: 0 },
    { name: 'Chinese punctuation around', content: '【】外：“${a}”，（${b}）。', names: ['a', 'b'], malformed: 0 },
    { name: 'empty ${}', content: '你好${}', names: [], malformed: 1, ranges: [[2, 5]] },
    { name: 'blank ${ }', content: '你好${ }', names: [], malformed: 1, ranges: [[2, 6]] },
    { name: 'Chinese name ${名字}', content: '亲${名字}', names: [], malformed: 1, ranges: [[1, 6]] },
    { name: 'spaces around a name', content: '${ name }', names: [], malformed: 1 },
    { name: 'hyphen in name', content: '${a-b}', names: [], malformed: 1 },
    { name: 'unclosed at end', content: '验证码${abc', names: [], malformed: 1, ranges: [[3, 8]] },
    { name: 'unclosed before text and a later brace', content: '${abc 请查收} ${ok}', names: ['ok'], malformed: 1, ranges: [[0, 5]] },
    { name: 'unclosed before the next placeholder', content: '${a${b}', names: ['b'], malformed: 1, ranges: [[0, 3]] },
    { name: 'full-width braces (Chinese IME)', content: '亲${name｝和＄｛x｝和￥{y}', names: [], malformed: 3 },
    { name: 'emoji next to a placeholder', content: '🎉${name}🎉', names: ['name'], malformed: 0 },
    { name: "other vendors' syntax", content: '{{name}} {code} #sku# ${ok}', names: ['ok'], malformed: 0, foreign: 3 },
    { name: 'a dollar amount is not a placeholder', content: '仅需$9.9，${x}}', names: ['x'], malformed: 0 },
  ];
  it.each(cases)('$name', ({ content, names, malformed, foreign, ranges }) => {
    const scan = scanVariables(content);
    expect(scan.names).toEqual(names);
    const bad = scan.findings.filter((f) => f.rule === 'variable-malformed');
    expect(bad).toHaveLength(malformed);
    expect(scan.findings.filter((f) => f.rule === 'variable-foreign-syntax')).toHaveLength(foreign ?? 0);
    if (ranges) expect(bad.map((f) => [f.range!.start, f.range!.end])).toEqual(ranges);
    for (const f of bad) {
      expect(f.severity).toBe('error');
      expect(f.message).toMatch(/[\u4e00-\u9fff]/);
      expect(f.messageEn).toMatch(/[A-Za-z]/);
    }
  });

  it('extractVariables returns distinct names in order', () => {
    expect(extractVariables('${b}${a}${b}')).toEqual(['b', 'a']);
  });
});

describe('renderTemplate', () => {
  it('renders values and reports nothing when complete', () => {
    const r = renderTemplate('亲${name}，订单${tid}已发货', { name: '张三', tid: '123' });
    expect(r).toMatchObject({ text: '亲张三，订单123已发货', ok: true, missing: [], unused: [] });
    expect(r.findings).toEqual([]);
    expect(r.parts.filter((p) => p.kind === 'variable').map((p) => [p.text, p.start, p.end])).toEqual([
      ['张三', 1, 3],
      ['123', 6, 9],
    ]);
  });
  it('a missing value is an error and keeps the placeholder (never silently blank)', () => {
    const r = renderTemplate('亲${name}${name}', {});
    expect(r.text).toBe('亲${name}${name}');
    expect(r.ok).toBe(false);
    expect(r.missing).toEqual(['name']);
    expect(r.findings.filter((f) => f.rule === 'variable-missing-value')).toHaveLength(1);
  });
  it('null counts as missing', () => {
    expect(renderTemplate('${a}', { a: null }).missing).toEqual(['a']);
  });
  it('a number is rendered but reported (the API wants strings)', () => {
    const r = renderTemplate('验证码${code}', { code: 123456 });
    expect(r.text).toBe('验证码123456');
    expect(r.findings.map((f) => f.rule)).toEqual(['variable-value-type']);
    expect(r.ok).toBe(false);
  });
  it('unused values are info only', () => {
    const r = renderTemplate('你好', { x: '1' });
    expect(r.unused).toEqual(['x']);
    expect(r.findings.map((f) => [f.rule, f.severity])).toEqual([['variable-unused-value', 'info']]);
    expect(r.ok).toBe(true);
  });
  it('mask applies the platform privacy masking', () => {
    const r = renderTemplate(
      '${buyerNick} ${tid} ${outSid} ${sku}',
      { buyerNick: '张三丰', tid: '2024123456789', outSid: 'SF1234567890', sku: '红色XL' },
      { mask: true },
    );
    expect(r.text).toBe('张** 2024** 7890 商品');
  });
  it('malformed placeholders stay literal and are reported', () => {
    const r = renderTemplate('${名字}你好', {});
    expect(r.text).toBe('${名字}你好');
    expect(r.findings.map((f) => f.rule)).toEqual(['variable-malformed']);
  });
});

describe('one preview rule: values as submitted, masking said out loud', () => {
  it('lists each value the platform wants masked with its masked form, once; missing values are not listed', () => {
    const rendered = renderTemplate('订单${tid}（${sku}）已发货，运单${outSid}，${name}您好，${tid}', {
      tid: '1234567890123456789',
      sku: '羊毛大衣 XL',
      outSid: 'SF1234567890',
      name: '王先生',
    });
    expect(rendered.text).toContain('1234567890123456789');
    expect(rendered.text).toContain('羊毛大衣 XL');
    const notes = privacyNotes(rendered.parts);
    expect(notes.map((n) => n.name)).toEqual(['tid', 'sku', 'outSid', 'name']);
    expect(notes[0]).toEqual({ name: 'tid', value: '1234567890123456789', masked: '1234**' });
    expect(notes[1]!.masked).toBe('商品');
    expect(notes[2]!.masked).toBe('7890');
    expect(notes[3]!.masked).toBe('王**');
    expect(privacyNotes(renderTemplate('订单${tid}', {}).parts)).toEqual([]);
  });
});
