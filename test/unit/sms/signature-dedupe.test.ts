import { describe, expect, it } from 'vitest';
import { lintSignature } from '../../../shared/sms';

const byRule = (name: string) => {
  const counts = new Map<string, number>();
  for (const f of lintSignature(name).findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return counts;
};

describe('signature lint: one finding per rule', () => {
  it.each([
    ['repeated bracket', 'a<b<c', 'signature-brackets'],
    ['two different brackets', '店铺<>', 'signature-brackets'],
    ['repeated test word', '测试测试店', 'signature-test'],
    ['repeated brand', '淘宝天猫淘宝', 'signature-brand'],
    ['several odd characters', 'a b-c', 'signature-chars'],
  ])('%s gives a single %s', (_name, signName, rule) => {
    expect(byRule(signName).get(rule)).toBe(1);
  });

  it('lists each distinct offending text once, and selects the first occurrence', () => {
    const finding = lintSignature('a<b<c>').findings.find((f) => f.rule === 'signature-brackets')!;
    expect(finding.message).toBe('签名不能含"<"、">"：不要带【】、()、[] 等括号，平台会自动加【】');
    expect(finding.message.match(/"<"/g)).toHaveLength(1);
    expect(finding.messageEn).toContain('"<", ">"');
    expect(finding.range).toEqual({ start: 1, end: 2 });
  });

  it('no finding message repeats for any signature', () => {
    for (const name of ['<<测试>>', '淘宝 淘宝 测试', '[天猫](天猫)']) {
      const messages = lintSignature(name).findings.map((f) => f.message);
      expect(new Set(messages).size).toBe(messages.length);
    }
  });
});
