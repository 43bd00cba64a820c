import { describe, expect, it } from 'vitest';
import { MqParsingSchema, type MqParsing } from '../../../shared/settings/schema';
import { beijingTimeToIso, normalisePhone, parseMessage, quoteBigIntegers, type ParseResult } from '../../../electron/core/mq/parse';

const parsing = MqParsingSchema.parse({});
const REPORT = {
  extend: '123456',
  send_time: '2015-04-14 12:21:23',
  receiver: '13000000000',
  rept_time: '2015-04-14 12:21:44',
  err_code: 'DELIVRD',
  state: '1',
  biz_id: '123456^123456',
};
const REPLY = {
  sender: '13800000000',
  content: 'T',
  dest_code: '1001',
  sender_time: '2024-05-01 12:00:00',
  sign_name: '张三男装淘宝店',
  sms_seq: '1234567890',
};

const parse = (body: string, tag = '', topic = 'jst_sms_push', config: MqParsing = parsing): ParseResult => parseMessage({ body, tag, topic }, config);
const envelope = (topic: string, content: unknown) =>
  JSON.stringify({ id: 1, topic, content, pub_time: '2024-05-01 12:00:01', user_id: 42, user_nick: 'shop' });

describe('parseMessage', () => {
  it('parses the documented report body (raw JSON, classified by shape)', () => {
    const result = parse(JSON.stringify(REPORT));
    expect(result).toMatchObject({
      kind: 'report',
      classifiedBy: 'shape',
      envelopeTopic: null,
      report: {
        bizId: '123456^123456',
        phone: '13000000000',
        state: '1',
        success: true,
        errCode: 'DELIVRD',
        reportTime: '2015-04-14 12:21:44',
        reportedAt: '2015-04-14T04:21:44.000Z',
        extend: '123456',
      },
    });
  });

  it('parses a reply in a TMC envelope whose content is a JSON string, classified by tag', () => {
    const result = parse(envelope('alibaba_aliqin_FcSmsUp', JSON.stringify(REPLY)), 'alibaba_aliqin_FcSmsUp');
    expect(result).toMatchObject({
      kind: 'reply',
      classifiedBy: 'tag',
      envelopeTopic: 'alibaba_aliqin_FcSmsUp',
      reply: { smsSeq: '1234567890', phone: '13800000000', content: 'T', destCode: '1001', signName: '张三男装淘宝店' },
    });
  });

  it('accepts an envelope whose content is already an object, classified by the envelope topic', () => {
    const result = parse(envelope('alibaba_aliqin_TaFcSmsDR', REPORT));
    expect(result).toMatchObject({ kind: 'report', classifiedBy: 'envelope', envelopeTopic: 'alibaba_aliqin_TaFcSmsDR' });
  });

  it('does not mistake a reply body (which has `content`) for an envelope', () => {
    expect(parse(JSON.stringify(REPLY))).toMatchObject({ kind: 'reply', classifiedBy: 'shape', reply: { content: 'T' } });
  });

  it('uses topicKinds first, then tags (short names too)', () => {
    const perTopic = MqParsingSchema.parse({ topicKinds: { sms_up: 'reply' } });
    expect(parse(JSON.stringify(REPLY), '', 'sms_up', perTopic)).toMatchObject({ kind: 'reply', classifiedBy: 'topic' });
    expect(parse(JSON.stringify(REPORT), 'SmsReport')).toMatchObject({ kind: 'report', classifiedBy: 'tag' });
  });

  it('quarantines conflicting signals and bodies that do not fit their kind', () => {
    expect(parse(envelope('alibaba_aliqin_FcSmsUp', REPORT), 'alibaba_aliqin_TaFcSmsDR')).toMatchObject({
      kind: 'quarantined',
      reason: expect.stringContaining('分类冲突'),
    });
    expect(parse(JSON.stringify(REPLY), 'SmsReport')).toMatchObject({ kind: 'quarantined', reason: expect.stringContaining('biz_id') });
    const { biz_id: _dropped, ...noBizId } = REPORT;
    expect(parse(JSON.stringify(noBizId), 'alibaba_aliqin_TaFcSmsDR')).toMatchObject({ kind: 'quarantined' });
    expect(parse(JSON.stringify({ ...REPORT, biz_id: '' }), 'SmsReport')).toMatchObject({
      kind: 'quarantined',
      reason: expect.stringContaining('biz_id 为空'),
    });
  });

  it('quarantines what it cannot read or recognise', () => {
    expect(parse('not json')).toMatchObject({ kind: 'quarantined', reason: expect.stringContaining('不是 JSON') });
    expect(parse('   ')).toMatchObject({ kind: 'quarantined', reason: '消息体为空。' });
    expect(parse('[1,2]')).toMatchObject({ kind: 'quarantined', reason: expect.stringContaining('数组') });
    expect(parse('"text"')).toMatchObject({ kind: 'quarantined' });
    expect(parse(JSON.stringify({ hello: 'world' }))).toMatchObject({ kind: 'quarantined', reason: expect.stringContaining('无法识别') });
    expect(parse(envelope('alibaba_aliqin_DigitalSmsTemplateDR', { template_code: 'x' }))).toMatchObject({
      kind: 'quarantined',
      reason: expect.stringContaining('不认识的信封'),
    });
    expect(parse(envelope('alibaba_aliqin_FcSmsUp', '{broken'))).toMatchObject({ kind: 'quarantined', reason: expect.stringContaining('content 不是 JSON') });
    const noShape = MqParsingSchema.parse({ classifyByShape: false });
    expect(parse(JSON.stringify(REPORT), '', 'jst_sms_push', noShape)).toMatchObject({ kind: 'quarantined' });
  });

  it('keeps numeric fields, big integers included, as exact text', () => {
    const body =
      '{"sender":13800000000,"sms_seq":12345678901234567890123,"content":"回复 12345678901234567890 不变","dest_code":1001,"sender_time":"2024-05-01 12:00:00"}';
    expect(parse(body)).toMatchObject({
      kind: 'reply',
      reply: { smsSeq: '12345678901234567890123', phone: '13800000000', destCode: '1001', content: '回复 12345678901234567890 不变' },
    });
    expect(parse(JSON.stringify({ ...REPORT, state: 2 }))).toMatchObject({ kind: 'report', report: { state: '2', success: false } });
  });

  it('decodes a Base64 body when allowed', () => {
    const b64 = Buffer.from(JSON.stringify(REPLY)).toString('base64');
    expect(parse(b64)).toMatchObject({ kind: 'reply' });
    expect(parse(b64, '', 'jst_sms_push', MqParsingSchema.parse({ acceptBase64: false }))).toMatchObject({ kind: 'quarantined' });
  });

  it('unwraps envelopes only when enabled', () => {
    const off = MqParsingSchema.parse({ unwrapEnvelope: false });
    expect(parse(envelope('alibaba_aliqin_FcSmsUp', JSON.stringify(REPLY)), '', 'jst_sms_push', off)).toMatchObject({ kind: 'quarantined' });
  });
});

describe('helpers', () => {
  it('normalises mainland numbers', () => {
    expect(normalisePhone('+86 138 0000 0000')).toBe('13800000000');
    expect(normalisePhone('8613800000000')).toBe('13800000000');
    expect(normalisePhone('138-0000-0000')).toBe('13800000000');
    expect(normalisePhone('0085291234567')).toBe('0085291234567');
  });

  it('converts Beijing time to UTC ISO', () => {
    expect(beijingTimeToIso('2016-11-09 15:19:36')).toBe('2016-11-09T07:19:36.000Z');
    expect(beijingTimeToIso('2016-11-09')).toBeNull();
    expect(beijingTimeToIso('')).toBeNull();
  });

  it('quotes only long integer values', () => {
    expect(quoteBigIntegers('{"id":12345678901234567890,"n":12,"s":"x:12345678901234567890"}')).toBe(
      '{"id":"12345678901234567890","n":12,"s":"x:12345678901234567890"}',
    );
    expect(quoteBigIntegers('{"a":[1234567890123456789],"f":12345678901234567.5,"e":1234567890123456789e2}')).toBe(
      '{"a":["1234567890123456789"],"f":12345678901234567.5,"e":1234567890123456789e2}',
    );
    expect(quoteBigIntegers('{"s":"say \\"12345678901234567890\\"","n":-12345678901234567890}')).toBe(
      '{"s":"say \\"12345678901234567890\\"","n":"-12345678901234567890"}',
    );
  });
});
