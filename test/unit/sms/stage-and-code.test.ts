import { describe, expect, it } from 'vitest';
import { DRAFT_ONLY_RULES, findingsForStage, lintTemplate, RULE_IDS, SmsRulesConfigSchema, templateCodeProblem } from '../../../shared/sms';

describe('findings by stage', () => {
  // What 导入已有模板 yields: the platform's text, a name, no remark (template.query has none).
  const imported = lintTemplate({ content: '${buyerNick}您好，您的订单已发货。', type: 1, name: '', remark: '' });

  it('an imported template has draft-only errors in the raw lint…', () => {
    expect(imported.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['template-remark-missing', 'template-name-missing']));
  });

  it('…that are not shown once the platform holds it; the content findings stay', () => {
    const shown = findingsForStage(imported.findings, 'on-platform');
    expect(shown.some((f) => DRAFT_ONLY_RULES.has(f.rule))).toBe(false);
    expect(shown.filter((f) => f.severity === 'error')).toEqual([]);
    const withLink = lintTemplate({ content: '详情 http://evil.example 回T退订', type: 2, name: '', remark: '' });
    expect(findingsForStage(withLink.findings, 'on-platform').map((f) => f.rule)).toContain('link-literal');
  });

  it('a draft keeps every finding', () => {
    expect(findingsForStage(imported.findings, 'draft')).toEqual(imported.findings);
  });

  it('draft-only rules are real rule ids', () => {
    for (const rule of DRAFT_ONLY_RULES) expect(RULE_IDS).toContain(rule);
  });
});

describe('template code shape (before 导入已有模板 queries)', () => {
  it.each(['SMS_100001', 'SMS_257051849', '  SMS_229420004 '])('%j is accepted', (code) => {
    expect(templateCodeProblem(code)).toBeNull();
  });

  it.each([
    ['', /请填写/],
    ['sms_123', /大写的 SMS_.*SMS_123/],
    ['257051849', /以 SMS_ 开头.*SMS_257051849/],
    ['SMS_', /SMS_ 加数字/],
    ['SMS_12a', /SMS_ 加数字/],
    ['模板一', /SMS_ 加数字/],
    ['SMS_1; DROP', /SMS_ 加数字/],
  ])('%j is refused with a clear Chinese reason', (code, reason) => {
    const problem = templateCodeProblem(code);
    expect(problem?.message).toMatch(reason);
    expect(problem?.messageEn).toMatch(/SMS_|template code/i);
  });

  it('the shape is configurable', () => {
    const config = SmsRulesConfigSchema.parse({ template: { codePattern: '^(SMS|TPL)_\\d+$' } });
    expect(templateCodeProblem('TPL_42', config)).toBeNull();
    expect(templateCodeProblem('TPL_42')).not.toBeNull();
  });
});

describe('English grammar of findings', () => {
  it('says "an order id" and "a waybill number"', () => {
    const findings = lintTemplate({ content: '您的订单${tid}已由${outSid}发出', type: 1 }).findings.filter((f) => f.rule === 'privacy-variable');
    expect(findings.map((f) => f.messageEn)).toEqual(
      expect.arrayContaining([expect.stringContaining('is an order id'), expect.stringContaining('is a waybill number')]),
    );
    expect(findings.map((f) => f.messageEn).join(' ')).not.toMatch(/\ba [aeiou]/i);
  });
});
