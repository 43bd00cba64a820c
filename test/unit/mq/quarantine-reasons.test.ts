import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BODY_BYTES, parseMessage, type ParseResult, quarantined } from '../../../electron/core/mq/parse';
import { formatQuarantineReason, parseQuarantineReason, QUARANTINE_REASONS_ZH, type QuarantineReasonCode } from '../../../shared/messages/quarantine';
import { MqParsingSchema } from '../../../shared/settings/schema';

import { importRenderer } from '../../helpers/renderer-module';

type Reasons = { diagnostics: { reasons: Record<QuarantineReasonCode, string> } };
const zh = (await importRenderer<{ default: Reasons }>('i18n/zh-CN.ts')).default;
const en = (await importRenderer<{ default: Reasons }>('i18n/en.ts')).default;
const parsing = MqParsingSchema.parse({});
const parse = (body: string, tag = '', topic = 'jst_sms'): ParseResult => parseMessage({ topic, tag, body }, parsing);
const REPORT_TAG = parsing.reportTags[0]!;
const REPLY_TAG = parsing.replyTags[0]!;
const envelope = (topic: string, content: unknown) =>
  JSON.stringify({ topic, content: typeof content === 'string' ? content : JSON.stringify(content), id: 1, pub_time: '2026-12-01 10:00:00' });

// One body per cause: every code is reachable from a real message.
const CASES: Array<[QuarantineReasonCode, ParseResult]> = [
  ['too-large', parse('x'.repeat(MAX_MESSAGE_BODY_BYTES + 10))],
  ['body-empty', parse('   ')],
  ['body-not-json', parse('<img src=x>not json')],
  ['body-array', parse('[1,2]')],
  ['body-not-object', parse('42')],
  ['envelope-content-empty', parse(envelope(parsing.reportTopics[0]!, ' '))],
  ['envelope-content-not-json', parse(envelope(parsing.reportTopics[0]!, '{oops'))],
  ['envelope-content-not-object', parse(JSON.stringify({ topic: parsing.reportTopics[0], content: [1], pub_time: 'x' }))],
  ['classification-conflict', parse(envelope(parsing.replyTopics[0]!, { biz_id: '1', state: '1' }), REPORT_TAG)],
  ['unknown-envelope-topic', parse(envelope('alibaba_aliqin_DigitalSmsTemplateDR', { template_code: 'x' }))],
  ['unrecognised-tag', parse('{"a":1}', 'odd_tag')],
  ['unrecognised', parse('{"a":1}')],
  ['field-missing', parse('{"state":"1"}', REPORT_TAG)],
  ['field-empty', parse('{"sms_seq":" ","sender":"13800000000"}', REPLY_TAG)],
  ['field-type', parse('{"biz_id":{"x":1},"state":"1"}', REPORT_TAG)],
  ['order-topic-unsupported', parse('{"tid":1}', 'taobao_trade_TradeSomethingNew')],
  // Decided by the seller screen in the store (test/unit/orders/ingest.test.ts sends the real message).
  ['order-other-seller', quarantined('order-other-seller', { seller: '别家店', expected: '本店' })],
];

describe('quarantine reasons carry stable codes', () => {
  it.each(CASES)('%s', (code, result) => {
    expect(result.kind).toBe('quarantined');
    if (result.kind !== 'quarantined') return;
    expect(result.reasonCode).toBe(code);
    // The stored Chinese text is the catalogue's, and it parses back to the same code and parameters.
    expect(result.reason).toBe(formatQuarantineReason(code, result.reasonParams));
    expect(parseQuarantineReason(result.reason)).toEqual({ code, params: result.reasonParams });
  });

  it('covers every code', () => {
    expect(new Set(CASES.map(([c]) => c))).toEqual(new Set(Object.keys(QUARANTINE_REASONS_ZH)));
  });

  it('keeps the wording rows were stored with before codes existed', () => {
    expect(parseQuarantineReason('分类冲突：标签 alibaba_aliqin_TaFcSmsDR 表示回执，信封 topic alibaba_aliqin_FcSmsUp 表示上行短信。')).toEqual({
      code: 'classification-conflict',
      params: {
        firstBy: 'tag',
        first: 'alibaba_aliqin_TaFcSmsDR',
        firstKind: 'report',
        secondBy: 'envelope',
        second: 'alibaba_aliqin_FcSmsUp',
        secondKind: 'reply',
      },
    });
    expect(parseQuarantineReason('上行短信字段无效：sms_seq 缺失')).toEqual({ code: 'field-missing', params: { kind: 'reply', field: 'sms_seq' } });
    expect(parseQuarantineReason('something else')).toBeNull();
  });

  it('the renderer has every reason in English, with the same placeholders, and zh-CN matches the stored wording', () => {
    for (const [code, template] of Object.entries(QUARANTINE_REASONS_ZH) as Array<[QuarantineReasonCode, string]>) {
      const names = (text: string, open: RegExp) => [...text.matchAll(open)].map((m) => m[1]).sort();
      expect(zh.diagnostics.reasons[code].replace(/\{\{(\w+)\}\}/g, '{$1}')).toBe(template);
      expect(names(en.diagnostics.reasons[code], /\{\{(\w+)\}\}/g)).toEqual(names(template, /\{(\w+)\}/g));
      expect(en.diagnostics.reasons[code]).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
