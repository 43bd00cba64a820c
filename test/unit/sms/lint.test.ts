import { describe, expect, it } from 'vitest';
import {
  checkMessage,
  checkSendWindow,
  DEFAULT_SMS_RULES_CONFIG,
  lintSignature,
  lintTemplate,
  resolveSmsRulesConfig,
  RULE_IDS,
  SMS_RULES,
  type Finding,
  type RuleId,
  type SignatureInput,
  type SmsRulesConfig,
  type TemplateInput,
} from '../../../shared/sms';

const a = (n: number) => 'a'.repeat(n);
const SIGN = '张三男装淘宝店';

const tpl =
  (content: string, type = 1, extra: Partial<TemplateInput> = {}, config?: SmsRulesConfig) =>
  (): Finding[] =>
    lintTemplate({ content, type, ...extra }, config).findings;
const msg =
  (content: string, values: Record<string, unknown>, type = 1, signName = SIGN) =>
  (): Finding[] =>
    checkMessage({ signName, content, type, values }).findings;
const sig = (input: SignatureInput | string) => (): Finding[] => lintSignature(input).findings;
const at = (type: number, iso: string) => (): Finding[] => checkSendWindow(type, new Date(iso));

const urlOnly = resolveSmsRulesConfig({ variables: { marketingPolicy: 'url-only' } });

interface Case {
  rule: RuleId;
  fires: boolean;
  name: string;
  run: () => Finding[];
}
const on = (rule: RuleId, name: string, run: () => Finding[]): Case => ({ rule, fires: true, name, run });
const off = (rule: RuleId, name: string, run: () => Finding[]): Case => ({ rule, fires: false, name, run });

const cases: Case[] = [
  // variables
  on('variable-malformed', '${名字}', tpl('亲${名字}，您好')),
  off('variable-malformed', '${name}', tpl('亲${name}，您好')),
  on('variable-foreign-syntax', '{name}', tpl('亲{name}，您好')),
  off('variable-foreign-syntax', '${name} and JSON-free text', tpl('亲${name}，满100减{10}元')),
  on('variable-count', '21 variables', tpl(Array.from({ length: 21 }, (_, i) => `\${v${i}}`).join('，') + '。')),
  off('variable-count', '20 variables', tpl(Array.from({ length: 20 }, (_, i) => `\${v${i}}`).join('，') + '。')),
  on('variable-all-variable-template', '${content}', tpl('${content}')),
  on('variable-all-variable-template', 'variables and punctuation only', tpl('${a}，${b}！')),
  off('variable-all-variable-template', 'text + variable', tpl('您好${content}')),
  on('variable-in-marketing', 'url-only policy, ${name}', tpl('${name}新品上市 ${url} 回T退订', 2, {}, urlOnly)),
  off('variable-in-marketing', 'url-only policy, ${url}', tpl('新品上市 ${url} 回T退订', 2, {}, urlOnly)),
  off('variable-in-marketing', 'default policy allows variables', tpl('${name}新品上市 回T退订', 2)),
  on('variable-missing-value', 'no value', msg('亲${name}', {})),
  off('variable-missing-value', 'value given', msg('亲${name}', { name: '张三' })),
  on('variable-value-type', 'number', msg('验证码${code}', { code: 1234 })),
  off('variable-value-type', 'string', msg('验证码${code}', { code: '1234' })),
  on('variable-value-empty', 'blank', msg('亲${name}', { name: ' ' })),
  off('variable-value-empty', 'non-blank', msg('亲${name}', { name: '张' })),
  on('variable-value-too-long', '36 chars', msg('${x}', { x: '好'.repeat(36) })),
  off('variable-value-too-long', '35 chars', msg('${x}', { x: '好'.repeat(35) })),
  on('variable-unused-value', 'extra key', msg('你好', { x: '1' })),
  off('variable-unused-value', 'no extra key', msg('你好', {})),
  // content
  on('content-empty', 'blank', tpl('  ')),
  off('content-empty', 'text', tpl('你好')),
  on('content-brackets', '【】 in content', tpl('【活动】今晚开始')),
  on('content-brackets', '【】 in a value', msg('亲${name}', { name: '【张三】' })),
  off('content-brackets', '[] and 「」 are fine', tpl('[活动]「今晚」开始')),
  on('unsubscribe-missing', 'marketing without opt-out', tpl('新品上市，全场5折！', 2)),
  off('unsubscribe-missing', '拒收请回复R', tpl('新品上市，全场5折！拒收请回复R', 2)),
  off('unsubscribe-missing', '回t退订 (lower case)', tpl('新品上市，全场5折！回t退订', 2)),
  off('unsubscribe-missing', '回Ｔ退订 (full-width)', tpl('新品上市，全场5折！回Ｔ退订', 2)),
  on('unsubscribe-not-at-end', 'opt-out first', tpl('回T退订。新品上市，全场5折', 2)),
  off('unsubscribe-not-at-end', 'opt-out last, then punctuation', tpl('新品上市，全场5折，回T退订。', 2)),
  on('unsubscribe-forbidden', 'notification with 回TD退订', tpl('您的订单已发货，回TD退订', 1)),
  on('unsubscribe-forbidden', 'verification with 拒收请回复R', tpl('验证码${code}，拒收请回复R', 0)),
  off('unsubscribe-forbidden', 'notification about a cancellation', tpl('您的退订申请已受理', 1)),
  on('link-literal', 'https link', tpl('详情见 https://s.tb.cn/Y9.X8sU 谢谢')),
  on('link-literal', 'bare domain between CJK', tpl('请访问taobao.com查看')),
  off('link-literal', '${url}', tpl('详情见 ${url} 谢谢')),
  off('link-literal', 'version number and file name', tpl('升级到v1.2版本，见说明.txt')),
  on('link-variable-name', '${link}', tpl('点击 ${link} 查看')),
  off('link-variable-name', '${url}', tpl('点击 ${url} 查看')),
  on('link-domain', 'not allow-listed', msg('点击 ${url}', { url: 'https://evil.com/x' })),
  on('link-domain', 'look-alike domain', msg('点击 ${url}', { url: 'https://taobao.com.evil.cn/x' })),
  on('link-domain', 'not a link', msg('点击 ${url}', { url: '点这里 s.tb.cn/x' })),
  off('link-domain', 's.tb.cn short link', msg('点击 ${url}', { url: 'https://s.tb.cn/Y9.X8sU' })),
  off('link-domain', 'subdomain without scheme', msg('点击 ${url}', { url: 'm.taobao.com/item.htm?id=1' })),
  on('link-in-value', 'link in ${name}', msg('亲${name}', { name: '张三 www.x.com' })),
  off('link-in-value', 'plain value', msg('亲${name}', { name: '张三' })),
  on('forbidden-word', '好评返现', tpl('五星好评返现5元')),
  on('forbidden-word', 'spaced 加 微 信', tpl('有问题加 微 信 abc')),
  on('forbidden-word', 'in a value', msg('${x}', { x: '加微信领券' })),
  off('forbidden-word', 'thanks for the review', tpl('感谢您的好评')),
  on('privacy-variable', '${tid}', tpl('订单${tid}已发货')),
  on('privacy-variable', '${receiver_name}', tpl('${receiver_name}您好')),
  off('privacy-variable', '${code}', tpl('验证码${code}')),
  on('verification-no-variable', 'fixed code', tpl('您的验证码是1234', 0)),
  off('verification-no-variable', '${code}', tpl('您的验证码是${code}', 0)),
  on('template-type-invalid', 'type 7', tpl('你好', 7)),
  off('template-type-invalid', 'type 3', tpl('你好', 3)),
  on('template-class-invalid', 'FOO', tpl('你好', 1, { typeClass: 'FOO' })),
  off('template-class-invalid', 'NORMAL', tpl('你好', 1, { typeClass: 'NORMAL' })),
  on('template-digital', 'DIGITAL', tpl('你好', 1, { typeClass: 'DIGITAL' })),
  off('template-digital', 'NORMAL', tpl('你好', 1, { typeClass: 'NORMAL' })),
  on('template-name-missing', 'blank name', tpl('你好', 1, { name: ' ' })),
  off('template-name-missing', 'name', tpl('你好', 1, { name: '发货通知' })),
  on('template-name-length', '31 chars', tpl('你好', 1, { name: '名'.repeat(31) })),
  off('template-name-length', '30 chars', tpl('你好', 1, { name: '名'.repeat(30) })),
  on('template-remark-missing', 'blank remark', tpl('你好', 1, { remark: '' })),
  off('template-remark-missing', 'remark', tpl('你好', 1, { remark: '订单发货后通知买家' })),
  on('international-billing', 'type 3', tpl('Hello', 3)),
  off('international-billing', 'type 1', tpl('你好', 1)),
  on('marketing-signature-filing', 'marketing send', msg('新品上市 回T退订', {}, 2)),
  off('marketing-signature-filing', 'notification send', msg('已发货', {}, 1)),
  on('send-window', 'marketing at 21:00 China time', at(2, '2024-05-01T13:00:00Z')),
  on('send-window', 'marketing at 07:59 China time', at(2, '2024-05-01T23:59:00Z')),
  off('send-window', 'marketing at 08:00 China time', at(2, '2024-05-01T00:00:00Z')),
  off('send-window', 'notification at 21:00 China time', at(1, '2024-05-01T13:00:00Z')),
  // length
  on('length-over-max', '501 with signature', tpl(a(497), 1, { signName: '店铺' })),
  on('length-over-max', 'rendered message over 500', msg('${x}' + a(490), { x: '1234567' })),
  off('length-over-max', '500 with signature', tpl(a(496), 1, { signName: '店铺' })),
  on('length-may-exceed', 'max estimate 504', tpl(a(480) + '${foo}', 1, { signName: '店铺' })),
  off('length-may-exceed', 'max estimate 494', tpl(a(470) + '${foo}', 1, { signName: '店铺' })),
  on('length-segments', '71 chars', tpl(a(67), 1, { signName: '店铺' })),
  on('length-segments', 'rendered 71 chars', msg('${x}' + a(60), { x: '1234567' }, 1, '店铺')),
  off('length-segments', '70 chars', tpl(a(66), 1, { signName: '店铺' })),
  on('length-estimate', '57–75 chars', tpl('亲${foo}' + a(50), 1, { signName: '店铺' })),
  off('length-estimate', 'short with a variable', tpl('验证码${code}', 0, { signName: '店铺' })),
  // characters
  on('char-emoji', '🎉', tpl('新品上市🎉')),
  on('char-emoji', 'keycap 1️⃣', tpl('第1️⃣名')),
  off('char-emoji', '© text symbol', tpl('©2024 张三男装')),
  on('char-rare', 'CJK extension B 𠀀', tpl('亲爱的𠀀先生')),
  on('char-rare', 'private use', tpl('亲\ue000')),
  off('char-rare', 'traditional + Japanese + Korean', tpl('繁體字 ひらがな 한글')),
  on('char-control', 'tab', tpl('a\tb')),
  off('char-control', 'line feed', tpl('第一行\n第二行')),
  on('char-invisible', 'zero-width space', tpl('淘\u200b宝')),
  off('char-invisible', 'ZWJ inside an emoji is part of it', tpl('家庭👨‍👩‍👧')),
  // signature
  on('signature-empty', 'empty', sig('')),
  off('signature-empty', 'non-empty', sig('张三男装')),
  on('signature-brackets', '【】', sig('【张三】')),
  on('signature-brackets', 'full-width （）', sig('张三（男装）')),
  off('signature-brackets', 'no brackets', sig('张三男装')),
  on('signature-test', '测试', sig('测试店铺')),
  off('signature-test', 'no test word', sig('张三男装')),
  on('signature-generic', '友情提醒', sig('友情提醒')),
  on('signature-generic', 'only generic words', sig('系统通知提醒')),
  off('signature-generic', 'shop + generic word', sig('张三客服')),
  on('signature-brand', '天猫', sig('天猫张三')),
  on('signature-brand', 'TaoBao (case-insensitive)', sig('TaoBao张三')),
  on('signature-brand', 'bare 淘宝店', sig('淘宝店')),
  on('signature-brand', '淘宝店 suffix on a Tmall store', sig({ signName: '张三淘宝店', shopType: 'tmall-flagship' })),
  off('signature-brand', '店铺名+淘宝店 convention', sig('张三男装淘宝店')),
  on('signature-length', '1 char', sig('张')),
  off('signature-length', '2 chars', sig('张三')),
  off('signature-length', '12 chars', sig('张三李四王五赵六孙七周八')),
  on('signature-length', '13 chars', sig('张三李四王五赵六孙七周八吴')),
  off('signature-length', '12 mixed-script chars', sig('ABC张三123男装店')),
  on('signature-chars', 'space', sig('张三 男装')),
  on('signature-chars', 'emoji', sig('张三😀')),
  off('signature-chars', 'letters and digits', sig('Zhang3男装')),
  on('signature-source-invalid', 'source 6', sig({ signName: '张三男装', source: 6 })),
  off('signature-source-invalid', 'source 5', sig({ signName: '张三男装', source: 5 })),
  on('signature-store-convention', 'source 4 without 淘宝店', sig({ signName: '张三男装', source: 4 })),
  on('signature-store-convention', 'specialty store name mismatch', sig({ signName: '张三', shopType: 'tmall-specialty', storeName: '张三男装专营店' })),
  off('signature-store-convention', 'source 4 shop name + 淘宝店', sig({ signName: '张三男装淘宝店', source: 4, storeName: '张三男装' })),
  off('signature-store-convention', 'not a shop signature', sig({ signName: '张三男装', source: 5 })),
];

describe('each rule triggers and does not trigger', () => {
  it.each(cases)('$rule — $name', ({ rule, fires, run }) => {
    const found = run().filter((f) => f.rule === rule);
    if (fires) {
      expect(found.length).toBeGreaterThan(0);
      for (const f of found) {
        expect(f.severity).toBe(SMS_RULES[rule].severity);
        expect(f.message).toMatch(/[\u4e00-\u9fff]/);
        expect(f.messageEn).toMatch(/[A-Za-z]{3}/);
      }
    } else {
      expect(found).toEqual([]);
    }
  });

  it('every rule has a triggering and a non-triggering case', () => {
    for (const id of RULE_IDS) {
      expect(
        cases.some((c) => c.rule === id && c.fires),
        `${id} triggering`,
      ).toBe(true);
      expect(
        cases.some((c) => c.rule === id && !c.fires),
        `${id} not triggering`,
      ).toBe(true);
    }
  });
});

describe('ranges point at the offending text', () => {
  it.each([
    ['forbidden word', '亲，好评返现哦', 'forbidden-word', '好评返现'],
    ['literal link', '见 https://s.tb.cn/x。', 'link-literal', 'https://s.tb.cn/x'],
    ['bracket', '【活动】', 'content-brackets', '【'],
    ['emoji', '新品🎉', 'char-emoji', '🎉'],
    ['spaced forbidden word keeps its spaces', '加 微 信', 'forbidden-word', '加 微 信'],
  ] as const)('%s', (_n, content, rule, text) => {
    const f = lintTemplate({ content, type: 1 }).findings.find((x) => x.rule === rule)!;
    expect(content.slice(f.range!.start, f.range!.end)).toBe(text);
  });
});

describe('lintTemplate', () => {
  it('a clean notification template is ok without findings', () => {
    const r = lintTemplate({
      content: '亲，您的订单已发货，请留意查收。',
      type: 1,
      typeClass: 'NORMAL',
      name: '发货通知',
      remark: '发货后通知买家',
      signName: SIGN,
    });
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.length.exact).toBe(true);
  });
  it('a clean marketing template passes with ${url}', () => {
    const r = lintTemplate({ content: '夏季新品上市，全场5折，戳 ${url} 回T退订', type: 2 });
    expect(r.ok).toBe(true);
    expect(r.variables.names).toEqual(['url']);
  });
  it('findings are sorted errors → warnings → info', () => {
    const r = lintTemplate({ content: '【活动】🎉 ${tid}', type: 1 });
    const sev = r.findings.map((f) => f.severity);
    expect(sev).toEqual([...sev].sort((x, y) => ['error', 'warning', 'info'].indexOf(x) - ['error', 'warning', 'info'].indexOf(y)));
    expect(r.ok).toBe(false);
  });
});

describe('checkMessage', () => {
  it('renders, masks the preview and measures the masked text', () => {
    const r = checkMessage({
      signName: '店铺',
      content: '亲${buyerNick}，订单${tid}已发货，详情 ${url}',
      type: 1,
      values: { buyerNick: '张三丰', tid: '1234567890123456789', url: 'https://s.tb.cn/Y9.X8sU' },
    });
    expect(r.ok).toBe(true);
    expect(r.text).toBe('亲张三丰，订单1234567890123456789已发货，详情 https://s.tb.cn/Y9.X8sU');
    expect(r.preview).toBe('亲张**，订单1234**已发货，详情 https://s.tb.cn/Y9.X8sU');
    expect(r.fullText).toBe('【店铺】' + r.preview);
    expect(r.length.totalChars).toBe(r.fullText.length);
  });
  it('missing signature blocks sending', () => {
    const r = checkMessage({ signName: '', content: '你好', type: 1, values: {} });
    expect(r.ok).toBe(false);
    expect(r.findings.map((f) => f.rule)).toContain('signature-empty');
  });
  it('brackets in the signature are reported', () => {
    const r = checkMessage({ signName: '【店铺】', content: '你好', type: 1, values: {} });
    expect(r.findings.map((f) => f.rule)).toContain('signature-brackets');
  });
});

describe('config', () => {
  it('severity overrides change or silence a rule', () => {
    const cfg = resolveSmsRulesConfig({ severityOverrides: { 'char-emoji': 'error', 'unsubscribe-missing': 'off' } });
    const r = lintTemplate({ content: '新品🎉', type: 2 }, cfg);
    expect(r.findings.find((f) => f.rule === 'char-emoji')?.severity).toBe('error');
    expect(r.findings.some((f) => f.rule === 'unsubscribe-missing')).toBe(false);
    expect(r.ok).toBe(false);
  });
  it('lists are replaceable: unsubscribe texts, allowed domains, forbidden words, brand words', () => {
    const cfg = resolveSmsRulesConfig({
      unsubscribe: { texts: ['回TD退订'] },
      links: { allowedDomains: ['example.com'] },
      forbiddenWords: [{ word: '秒杀', category: 'custom' }],
      signature: { brandWords: ['张三'] },
    });
    expect(lintTemplate({ content: '上新 回TD退订', type: 2 }, cfg).findings.some((f) => f.rule === 'unsubscribe-missing')).toBe(false);
    expect(lintTemplate({ content: '上新 回T退订', type: 2 }, cfg).findings.some((f) => f.rule === 'unsubscribe-missing')).toBe(true);
    expect(checkMessage({ signName: '店铺', content: '${url}', type: 1, values: { url: 'https://a.example.com' } }, cfg).ok).toBe(true);
    expect(lintTemplate({ content: '限时秒杀', type: 1 }, cfg).findings.map((f) => f.rule)).toContain('forbidden-word');
    expect(lintTemplate({ content: '好评返现', type: 1 }, cfg).findings.map((f) => f.rule)).not.toContain('forbidden-word');
    expect(lintSignature('张三男装', cfg).findings.map((f) => f.rule)).toContain('signature-brand');
  });
  it('signature length limits are configurable', () => {
    const cfg = resolveSmsRulesConfig({ signature: { maxChars: 20 } });
    expect(lintSignature('张三李四王五赵六孙七周八吴', cfg).ok).toBe(true);
  });
  it('defaults are frozen and an invalid override throws', () => {
    expect(Object.isFrozen(DEFAULT_SMS_RULES_CONFIG.links.allowedDomains)).toBe(true);
    expect(resolveSmsRulesConfig()).toBe(DEFAULT_SMS_RULES_CONFIG);
    expect(() => resolveSmsRulesConfig({ length: { maxChars: -1 } })).toThrow();
  });
});
