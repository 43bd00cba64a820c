import { describe, expect, it } from 'vitest';
import { responseKey } from '../../../electron/core/top/apis';
import { TopError } from '../../../electron/core/top/errors';
import { interpretResponse } from '../../../electron/core/top/response';

const ctx = (method: string, readOnly = false) => ({ method, readOnly, scrub: (t: string) => t.split('SECRET-VALUE').join('***') });
const catchTop = (fn: () => unknown): TopError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof TopError) return error;
    throw error;
  }
  throw new Error('expected a TopError');
};

describe('response naming (spec §1.6)', () => {
  it('drops only a leading taobao.', () => {
    expect(responseKey('taobao.jst.sms.message.direct.batchsend')).toBe('jst_sms_message_direct_batchsend_response');
    expect(responseKey('alibaba.aliqin.ta.sms.num.query')).toBe('alibaba_aliqin_ta_sms_num_query_response');
    expect(responseKey('taobao.itempropvalues.get')).toBe('itempropvalues_get_response');
    expect(responseKey('taobao.jst.sms.signname.query')).toBe('jst_sms_signname_query_response');
    expect(responseKey('taobaox.foo')).toBe('taobaox_foo_response');
  });
});

describe('interpretResponse', () => {
  const batch = 'taobao.jst.sms.message.direct.batchsend';
  const numQuery = 'alibaba.aliqin.ta.sms.num.query';

  it('unwraps simplify=false and passes simplify=true through', () => {
    const wrapped = '{"jst_sms_message_direct_batchsend_response":{"module":"104471625847^1106086025583","request_id":"15ru0did1vw91"}}';
    const flat = '{"module":"104471625847^1106086025583","request_id":"15ru0did1vw91"}';
    expect(interpretResponse(200, wrapped, ctx(batch))).toEqual({ module: '104471625847^1106086025583', request_id: '15ru0did1vw91' });
    expect(interpretResponse(200, flat, ctx(batch))).toEqual({ module: '104471625847^1106086025583', request_id: '15ru0did1vw91' });
  });

  it('unwraps list wrappers and normalises omitted lists to []', () => {
    const record = { rec_num: '13800000000', sms_status: 3 };
    const wrapped = JSON.stringify({
      alibaba_aliqin_ta_sms_num_query_response: { total_count: 1, values: { fc_partner_sms_detail_dto: [record] }, request_id: 'r' },
    });
    const single = JSON.stringify({ alibaba_aliqin_ta_sms_num_query_response: { total_count: 1, values: { fc_partner_sms_detail_dto: record } } });
    const flat = JSON.stringify({ total_count: 1, values: [record], request_id: 'r' });
    const empty = JSON.stringify({ total_count: 0, request_id: 'r' });
    expect(interpretResponse(200, wrapped, ctx(numQuery, true)).values).toEqual([record]);
    expect(interpretResponse(200, single, ctx(numQuery, true)).values).toEqual([record]);
    expect(interpretResponse(200, flat, ctx(numQuery, true)).values).toEqual([record]);
    expect(interpretResponse(200, empty, ctx(numQuery, true)).values).toEqual([]);
  });

  it('keeps big ids exact', () => {
    const body = interpretResponse(200, '{"x_response":{"id":1590159531380428537}}', ctx('x'));
    expect(body.id).toBe('1590159531380428537');
  });

  it('turns error_response into a platform TopError (also with simplify=true and HTTP 400)', () => {
    const text =
      '{"error_response":{"code":27,"msg":"Invalid session","sub_code":"invalid-sessionkey","sub_msg":"SessionKey非法","request_id":"r4l9wpv0j4f3"}}';
    for (const status of [200, 400]) {
      const e = catchTop(() => interpretResponse(status, text, ctx(batch)));
      expect(e).toMatchObject({
        kind: 'platform',
        topCode: 27,
        msg: 'Invalid session',
        sub_code: 'invalid-sessionkey',
        sub_msg: 'SessionKey非法',
        request_id: 'r4l9wpv0j4f3',
        category: 'session',
      });
    }
  });

  it('scrubs secrets echoed by the gateway', () => {
    const e = catchTop(() => interpretResponse(200, '{"error_response":{"code":41,"msg":"Invalid arguments","sub_msg":"bad SECRET-VALUE"}}', ctx(batch)));
    expect(e.sub_msg).toBe('bad ***');
    expect(JSON.stringify(e.toJSON())).not.toContain('SECRET-VALUE');
  });

  it.each([
    ['r_success false', '{"r_success":false,"r_code":"template_not_found","message":"请求失败,模板未找到"}', 'template_not_found'],
    ['r_success true with an error r_code (doc quirk)', '{"r_success":true,"r_code":"template_not_found","message":"模板未找到"}', 'template_not_found'],
    ['string r_success of *.report', '{"r_success":"false","r_code":"system_error","message":"系统异常"}', 'system_error'],
    ['wrapped', '{"jst_sms_template_query_response":{"r_success":false,"r_code":"template_not_found"}}', 'template_not_found'],
    ['r_success false without r_code', '{"r_success":false,"message":"x"}', 'r_success_false'],
  ])('business failure: %s', (_name, text, subCode) => {
    const e = catchTop(() => interpretResponse(200, text, ctx('taobao.jst.sms.template.query', true)));
    expect(e.kind).toBe('business');
    expect(e.sub_code).toBe(subCode);
  });

  it('accepts r_code 200 and string "true" as success', () => {
    expect(
      interpretResponse(200, '{"r_code":"200","r_success":true,"module":"https://s.tb.cn/a.b"}', ctx('taobao.jst.sms.message.shorturl.create')).module,
    ).toBe('https://s.tb.cn/a.b');
    expect(interpretResponse(200, '{"r_success":"true","module":true}', ctx('taobao.jst.sms.template.report')).module).toBe(true);
  });

  it('reports non-200 and non-JSON as http / protocol errors with an unknown outcome for writes', () => {
    const http = catchTop(() => interpretResponse(502, '<html>Bad Gateway</html>', ctx(batch)));
    expect(http).toMatchObject({ kind: 'http', httpStatus: 502, outcome: 'unknown', retryable: false });
    const proto = catchTop(() => interpretResponse(200, '<html>portal</html>', ctx(batch)));
    expect(proto).toMatchObject({ kind: 'protocol', outcome: 'unknown', retryable: false });
    const protoRead = catchTop(() => interpretResponse(200, '[]', ctx(numQuery, true)));
    expect(protoRead).toMatchObject({ kind: 'protocol', retryable: true });
  });
});
