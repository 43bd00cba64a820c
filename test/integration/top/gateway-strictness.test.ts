import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signParams, topTimestamp } from '../../../electron/core/top/request';
import { beijingDate } from '../../../shared/time/beijing';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';
import { clientFor, rawCall, topError } from './helpers';

// The simulator must refuse what the real gateway refuses; otherwise green tests prove nothing.
let gw: TopGateway;
beforeAll(async () => {
  gw = await startTopGateway();
  gw.control.seedTemplate({ code: 'SMS_100001', content: '${name}您好，订单${order}已发货', status: 'approved' });
  gw.control.seedTemplate({ code: 'SMS_PENDING', content: '您好', status: 'pending' });
  gw.control.seedTemplate({ code: 'SMS_PLAIN', content: '感谢光临', status: 'approved' });
  gw.control.seedSignature({ name: '张三男装淘宝店', status: 'approved' });
  gw.control.seedSignature({ name: '审核中店铺', status: 'pending' });
});
afterAll(async () => {
  await gw.close();
});
beforeEach(() => {
  gw.control.clearFaults();
  gw.control.setClockOffset(0);
});

/** Hand-built, correctly signed params; `patch` runs before signing, `after` after. */
function signed(
  business: Record<string, string>,
  opts: { method?: string; signMethod?: 'md5' | 'hmac' | 'hmac-sha256'; patch?: (p: Record<string, string>) => void; secret?: string } = {},
) {
  const params: Record<string, string> = {
    method: opts.method ?? 'taobao.jst.sms.template.query',
    app_key: gw.credentials.appKey,
    session: gw.credentials.session,
    timestamp: topTimestamp(Date.now()),
    v: '2.0',
    format: 'json',
    simplify: 'true',
    sign_method: opts.signMethod ?? 'md5',
    ...business,
  };
  opts.patch?.(params);
  params.sign = signParams(params, opts.secret ?? gw.credentials.appSecret, (params.sign_method as 'md5') ?? 'md5');
  return params;
}
const templateQuery = { query_sms_template_request: '{"template_code":"SMS_100001"}' };
/** Error code from a JSON or XML (answers before `format` is known are XML) error body. */
const codeOf = (r: { json?: Record<string, any>; text: string }) =>
  (r.json?.error_response?.code as number | undefined) ?? Number(/<error_response><code>(\d+)<\/code>/.exec(r.text)?.[1]);
const errorOf = (r: { json?: Record<string, any> }) =>
  r.json?.error_response as { code: number; sub_code?: string; sub_msg?: string; request_id?: string } | undefined;

describe('gateway protocol checks', () => {
  it('a wrong App Secret gets code 25 through the real client', async () => {
    const e = await topError(clientFor(gw, { appSecret: 'not-the-secret' }).queryTemplate('SMS_100001'));
    expect(e).toMatchObject({ kind: 'platform', topCode: 25, category: 'signature', outcome: 'not-executed' });
    expect(e.request_id).toMatch(/^[0-9a-z]{12,13}$/);
  });

  it('unknown App Key → 29, expired session → 27, missing required session → 26', async () => {
    expect((await topError(clientFor(gw, { appKey: '99999999' }).queryTemplate('SMS_100001'))).topCode).toBe(29);
    gw.control.addSession('soon-expired-session');
    gw.control.expireSession('soon-expired-session');
    expect((await topError(clientFor(gw, { session: 'soon-expired-session' }).queryTemplate('SMS_100001'))).topCode).toBe(27);
    expect((await topError(clientFor(gw, { session: 'made-up-session' }).querySignName('张三男装淘宝店'))).sub_code).toBe('invalid-sessionkey');
    const noSession = clientFor(gw, { session: undefined });
    expect((await topError(noSession.querySignName('张三男装淘宝店'))).topCode).toBe(26);
    // template.query does not require a session.
    expect((await noSession.queryTemplate('SMS_100001'))?.status).toBe('approved');
  });

  it('timestamp skew over 10 minutes → 31; within → accepted', async () => {
    gw.control.setClockOffset(11 * 60_000);
    const e = await topError(clientFor(gw).queryTemplate('SMS_100001'));
    expect(e).toMatchObject({ topCode: 31, category: 'clock' });
    gw.control.setClockOffset(9 * 60_000);
    expect(await clientFor(gw).queryTemplate('SMS_100001')).not.toBeNull();
  });

  it('accepts system params in the query string and business params in the body', async () => {
    const all = signed(templateQuery);
    const { query_sms_template_request, ...system } = all;
    const r = await rawCall(gw.url, { query_sms_template_request: query_sms_template_request! }, { query: system });
    expect(r.json?.module?.template_code).toBe('SMS_100001');
    const get = await rawCall(gw.url, {}, { query: all, method: 'GET' });
    expect(get.json?.module?.template_code).toBe('SMS_100001');
  });

  it.each([
    ['lowercase sign', (p: Record<string, string>) => (p.sign = p.sign!.toLowerCase()), 25],
    ['tampered value after signing', (p: Record<string, string>) => (p.query_sms_template_request = '{"template_code":"SMS_PLAIN"}'), 25],
    ['missing sign', (p: Record<string, string>) => delete p.sign, 24],
    ['missing method', (p: Record<string, string>) => delete p.method, 21],
    ['missing app_key', (p: Record<string, string>) => delete p.app_key, 28],
    ['missing timestamp', (p: Record<string, string>) => delete p.timestamp, 30],
    ['ISO timestamp', (p: Record<string, string>) => (p.timestamp = new Date().toISOString()), 31],
    ['missing v', (p: Record<string, string>) => delete p.v, 32],
    ['v=abc', (p: Record<string, string>) => (p.v = 'abc'), 33],
    ['v=1.0', (p: Record<string, string>) => (p.v = '1.0'), 34],
  ])('%s → %i', async (_name, mutate, code) => {
    const params = signed(templateQuery);
    mutate(params);
    const r = await rawCall(gw.url, params);
    expect(r.status).toBe(200);
    expect(codeOf(r)).toBe(code);
  });

  it('checks timestamp/v/method before accepting a signature computed over them', async () => {
    const unknownMethod = await rawCall(gw.url, signed({}, { method: 'taobao.jst.sms.no.such.api' }));
    expect(errorOf(unknownMethod)?.code).toBe(22);
    const badSignMethod = await rawCall(gw.url, signed(templateQuery, { patch: (p) => (p.sign_method = 'sha1') }));
    expect(errorOf(badSignMethod)?.code).toBe(25);
  });

  it('rejects bad format, duplicated params, other verbs and other content types', async () => {
    const xmlError = await rawCall(gw.url, signed(templateQuery, { patch: (p) => (p.format = 'yaml') }));
    expect(xmlError.text).toMatch(/^<\?xml.*<error_response><code>23<\/code>/);
    const all = signed(templateQuery);
    expect(codeOf(await rawCall(gw.url, all, { query: { method: all.method! } }))).toBe(43);
    expect(codeOf(await rawCall(gw.url, all, { contentType: 'application/json' }))).toBe(43);
    expect(codeOf(await rawCall(gw.url, {}, { query: all, method: 'PUT' }))).toBe(9);
  });

  it('respects format and simplify in answers; error_response stays wrapped', async () => {
    const xml = await rawCall(gw.url, signed(templateQuery, { patch: (p) => (p.format = 'xml') }));
    expect(xml.text).toMatch(/^<\?xml version="1.0" encoding="utf-8" \?><jst_sms_template_query_response><r_success>true<\/r_success><module>/);
    const wrapped = await rawCall(gw.url, signed(templateQuery, { patch: (p) => (p.simplify = 'false') }));
    expect(Object.keys(wrapped.json!)).toEqual(['jst_sms_template_query_response']);
    const flat = await rawCall(gw.url, signed(templateQuery));
    expect(flat.json).toHaveProperty('module.template_code', 'SMS_100001');
    expect(flat.json).toHaveProperty('request_id');
    const error = await rawCall(gw.url, signed(templateQuery, { secret: 'wrong' }));
    expect(error.text.startsWith('{"error_response":{"code":25')).toBe(true);
  });

  it('missing and invalid business params → 40 / 41 with the parameter in sub_code', async () => {
    const missing = await rawCall(gw.url, signed({}));
    expect(errorOf(missing)).toMatchObject({ code: 40, sub_code: 'isv.missing-parameter:query_sms_template_request' });
    const notJson = await rawCall(gw.url, signed({ query_sms_template_request: 'SMS_1' }));
    expect(errorOf(notJson)).toMatchObject({ code: 41, sub_code: 'isv.invalid-parameter:query_sms_template_request' });
    const inner = await rawCall(gw.url, signed({ query_sms_template_request: '{}' }));
    expect(errorOf(inner)).toMatchObject({ code: 40, sub_code: 'isv.missing-parameter:query_sms_template_request.template_code' });
    const numberType = await rawCall(
      gw.url,
      signed(
        {
          sms_template_for_isv_request: JSON.stringify({
            template_type: '1',
            template_type_class: 'NORMAL',
            template_name: 'n',
            template_content: 'c',
            remark: 'r',
          }),
        },
        { method: 'taobao.jst.sms.template.create' },
      ),
    );
    expect(errorOf(numberType)).toMatchObject({ code: 41, sub_code: 'isv.invalid-parameter:sms_template_for_isv_request.template_type' });
  });
});

describe('batchsend validation', () => {
  const send = (business: Record<string, string>) => rawCall(gw.url, signed(business, { method: 'taobao.jst.sms.message.direct.batchsend' }));
  const base = { sign_name: '张三男装淘宝店', sms_template_code: 'SMS_100001' };
  const phones = (n: number) => Array.from({ length: n }, (_, i) => `139${String(i).padStart(8, '0')}`);
  const contents = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ name: `n${i}`, order: `o${i}` })));

  it.each([
    ['201 numbers', { rec_num: JSON.stringify(phones(201)), sms_content: contents(201) }, 15, 'isv.MOBILE_COUNT_OVER_LIMIT'],
    ['comma-separated numbers', { rec_num: '13900000000,13900000001', sms_content: contents(2) }, 41, 'isv.invalid-parameter:rec_num'],
    ['empty array', { rec_num: '[]', sms_content: '[]' }, 41, 'isv.invalid-parameter:rec_num'],
    ['bad number', { rec_num: '["1390000000"]', sms_content: contents(1) }, 15, 'isv.MOBILE_NUMBER_ILLEGAL'],
    ['numbers as JSON numbers', { rec_num: '[13900000000]', sms_content: contents(1) }, 41, 'isv.invalid-parameter:rec_num'],
    ['content count mismatch', { rec_num: JSON.stringify(phones(2)), sms_content: contents(1) }, 41, 'isv.invalid-parameter:sms_content'],
    ['missing variable', { rec_num: JSON.stringify(phones(1)), sms_content: '[{"name":"x"}]' }, 15, 'isv.TEMPLATE_MISSING_PARAMETERS'],
    ['non-string variable', { rec_num: JSON.stringify(phones(1)), sms_content: '[{"name":"x","order":1}]' }, 15, 'isv.INVALID_JSON_PARAM'],
    ['link in a variable', { rec_num: JSON.stringify(phones(1)), sms_content: '[{"name":"http://evil.cn","order":"1"}]' }, 15, 'isv.PARAM_NOT_SUPPORT_URL'],
    ['missing sms_content for a template with variables', { rec_num: JSON.stringify(phones(1)) }, 40, 'isv.missing-parameter:sms_content'],
    [
      'extend_num count mismatch',
      { rec_num: JSON.stringify(phones(2)), sms_content: contents(2), extend_num: '["1"]' },
      41,
      'isv.invalid-parameter:extend_num',
    ],
    ['extra_data not an object', { rec_num: JSON.stringify(phones(1)), sms_content: contents(1), extra_data: '[1]' }, 41, 'isv.invalid-parameter:extra_data'],
    ['pending template', { sms_template_code: 'SMS_PENDING', rec_num: JSON.stringify(phones(1)) }, 15, 'isv.SMS_TEMPLATE_ILLEGAL'],
    ['unknown template', { sms_template_code: 'SMS_NOPE', rec_num: JSON.stringify(phones(1)) }, 15, 'isv.SMS_TEMPLATE_ILLEGAL'],
    ['unapproved signature', { sign_name: '审核中店铺', rec_num: JSON.stringify(phones(1)), sms_content: contents(1) }, 15, 'isv.SMS_SIGNATURE_ILLEGAL'],
    ['missing rec_num', {}, 40, 'isv.missing-parameter:rec_num'],
  ])('%s → %i %s, nothing recorded', async (_name, patch, code, subCode) => {
    const before = gw.control.sends().length;
    const r = await send({ ...base, ...patch });
    expect(errorOf(r)).toMatchObject({ code, sub_code: subCode });
    expect(gw.control.sends()).toHaveLength(before);
  });

  it('a template without variables needs no sms_content; 200 numbers is fine', async () => {
    const r = await send({ ...base, sms_template_code: 'SMS_PLAIN', rec_num: JSON.stringify(phones(200)) });
    expect(r.json?.module).toMatch(/^\d+\^\d+$/);
    expect(gw.control.sends({ bizId: r.json!.module as string })).toHaveLength(200);
  });

  it('the client refuses 201 numbers locally: no request reaches the gateway', async () => {
    const before = gw.counters.calls;
    await expect(
      clientFor(gw).batchSend({ signName: '张三男装淘宝店', templateCode: 'SMS_PLAIN', recipients: phones(201).map((phone) => ({ phone })) }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(gw.counters.calls).toBe(before);
  });
});

describe('num.query validation', () => {
  const query = (business: Record<string, string>) => rawCall(gw.url, signed(business, { method: 'alibaba.aliqin.ta.sms.num.query' }));
  const today = () => beijingDate(Date.now());
  it.each([
    ['page_size 51', () => ({ rec_num: '13900000000', query_date: today(), current_page: '1', page_size: '51' }), 15, 'isv.SPLIT_PAGE_ILLEGAL'],
    [
      '31 days ago',
      () => ({ rec_num: '13900000000', query_date: beijingDate(Date.now() - 31 * 86_400_000), current_page: '1', page_size: '10' }),
      15,
      'isv.QUERY_DATE_ILLEGAL',
    ],
    [
      'tomorrow',
      () => ({ rec_num: '13900000000', query_date: beijingDate(Date.now() + 86_400_000), current_page: '1', page_size: '10' }),
      15,
      'isv.QUERY_DATE_ILLEGAL',
    ],
    ['dashed date', () => ({ rec_num: '13900000000', query_date: '2024-05-01', current_page: '1', page_size: '10' }), 41, 'isv.invalid-parameter:query_date'],
    ['page 0', () => ({ rec_num: '13900000000', query_date: today(), current_page: '0', page_size: '10' }), 41, 'isv.invalid-parameter:current_page'],
    ['missing page_size', () => ({ rec_num: '13900000000', query_date: today(), current_page: '1' }), 40, 'isv.missing-parameter:page_size'],
    ['bad number', () => ({ rec_num: '12345', query_date: today(), current_page: '1', page_size: '10' }), 15, 'isv.MOBILE_NUMBER_ILLEGAL'],
  ])('%s → %i %s', async (_name, business, code, subCode) => {
    expect(errorOf(await query(business()))).toMatchObject({ code, sub_code: subCode });
  });

  it('wraps values only when simplify=false and omits an empty list', async () => {
    gw.control.seedTemplate({ code: 'SMS_Q', content: '感谢', status: 'approved' });
    await rawCall(
      gw.url,
      signed({ sign_name: '张三男装淘宝店', sms_template_code: 'SMS_Q', rec_num: '["13600000000"]' }, { method: 'taobao.jst.sms.message.direct.batchsend' }),
    );
    const business = { rec_num: '13600000000', query_date: today(), current_page: '1', page_size: '10' };
    const wrapped = await rawCall(gw.url, signed(business, { method: 'alibaba.aliqin.ta.sms.num.query', patch: (p) => (p.simplify = 'false') }));
    expect(wrapped.json?.alibaba_aliqin_ta_sms_num_query_response?.values?.fc_partner_sms_detail_dto).toHaveLength(1);
    const flat = await query(business);
    expect(flat.json?.values).toHaveLength(1);
    const none = await query({ ...business, rec_num: '13600000009' });
    expect(none.json).not.toHaveProperty('values');
    expect(none.json).toMatchObject({ total_count: 0, total_page: 0 });
  });
});

describe('review', () => {
  it('auto-review after the delay, with forced rejections for 测试 signatures', async () => {
    const local = await startTopGateway({ reviewDelayMs: 0 });
    try {
      const c = clientFor(local);
      await c.createSignName({ name: '测试小店', remark: 'r', source: 4 });
      await c.createSignName({ name: '赵六鞋店', remark: 'r', source: 4 });
      expect(await c.querySignName('测试小店')).toMatchObject({ status: 'rejected', reason: expect.stringContaining('测试签名不支持') });
      expect(await c.querySignName('赵六鞋店')).toMatchObject({ status: 'approved' });
      local.control.setReview({ outcome: 'rejected', reason: '请补充资质' });
      const { code } = await c.createTemplate({ type: 1, name: 'n', content: '您好${name}', remark: 'r' });
      expect(await c.queryTemplate(code)).toMatchObject({ status: 'rejected', reason: '请补充资质' });
    } finally {
      await local.close();
    }
  });

  it('business failure quirk: r_success:true next to an error r_code is still a failure for the client', async () => {
    gw.control.setRSuccessTrueOnFailure(true);
    try {
      const raw = await rawCall(gw.url, signed({ query_sms_template_request: '{"template_code":"SMS_NONE"}' }));
      expect(raw.json).toMatchObject({ r_success: true, r_code: 'template_not_found' });
      expect(await clientFor(gw).queryTemplate('SMS_NONE')).toBeNull();
    } finally {
      gw.control.setRSuccessTrueOnFailure(false);
    }
  });
});
