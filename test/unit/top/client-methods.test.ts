import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { TopClient } from '../../../electron/core/top/client';
import { RateLimiter } from '../../../electron/core/top/limiter';
import { fakeClock, json, scriptedTransport, type Scripted } from './fakes';

function setup(script: Scripted[] = [json({ r_success: true, module: true })]) {
  const { clock } = fakeClock(Date.UTC(2024, 4, 31, 4, 0, 0)); // 2024-05-31 12:00 GMT+8
  const { transport, calls } = scriptedTransport(script, clock);
  const client = new TopClient({
    appKey: 'ak',
    appSecret: 'secret',
    session: 'sess',
    gatewayUrl: 'http://gw.test/router/rest',
    clock,
    transport,
    limiter: new RateLimiter(1000, clock),
  });
  const sent = (i = 0) => Object.fromEntries(calls[i]!.params);
  return { client, calls, sent };
}

async function badRequest(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError && error.code === 'BAD_REQUEST') return error;
    throw error;
  }
  throw new Error('expected BAD_REQUEST');
}

const recipients = (n: number) => Array.from({ length: n }, (_, i) => ({ phone: `138${String(i).padStart(8, '0')}`, params: { name: `客户${i}` } }));

describe('typed methods: local validation (no request is made)', () => {
  it('201 numbers is a local error', async () => {
    const { client, calls } = setup();
    const error = await badRequest(client.batchSend({ signName: '张三男装淘宝店', templateCode: 'SMS_1', recipients: recipients(201) }));
    expect(error.message).toMatch(/最多 200/);
    expect(calls).toHaveLength(0);
  });

  it.each([
    ['bad phone', { recipients: [{ phone: '+8613800000000' }] }, /11 位/],
    ['no recipients', { recipients: [] }, /至少/],
    ['non-string variable', { recipients: [{ phone: '13800000000', params: { n: 1 } }] }, /recipients\.0\.params\.n/],
    ['extend for some only', { recipients: [{ phone: '13800000000', extendNum: '01' }, { phone: '13900000000' }] }, /扩展码/],
    ['recipients not a list', { recipients: '13800000000' }, /recipients: 必须是号码列表/],
    ['unknown recipient field', { recipients: [{ phone: '13800000000', name: '张三' }] }, /recipients\.0\.name: 未知字段/],
    ['phones mixed with OAIDs', { recipients: [{ phone: '13800000000' }, { oaid: 'o1', orderId: '1' }] }, /recipients\.1: 同一批里不能混用/],
    ['51 OAIDs', { recipients: Array.from({ length: 51 }, (_, i) => ({ oaid: `o${i}`, orderId: String(i) })) }, /最多 50 个 OAID/],
    ['bracketed signature', { signName: '【张三】' }, /【】/],
    ['unknown field', { sign: 'x' }, /sign/],
  ])('batchSend rejects %s', async (_name, patch, text) => {
    const { client, calls } = setup();
    const error = await badRequest(
      client.batchSend({ signName: '张三男装淘宝店', templateCode: 'SMS_1', recipients: [{ phone: '13800000000' }], ...patch } as never),
    );
    expect(error.message).toMatch(text);
    expect(calls).toHaveLength(0);
  });

  it('num.query: page size ≤ 50 and a 30-day window (today and 29 days back, GMT+8)', async () => {
    const { client, calls } = setup([json({ current_page: 1, page_size: 50, total_count: 0, total_page: 0 })]);
    await badRequest(client.querySmsNum({ phone: '13800000000', date: '20240531', pageSize: 51 }));
    await badRequest(client.querySmsNum({ phone: '13800000000', date: '20240501' })); // 30 days back
    await badRequest(client.querySmsNum({ phone: '13800000000', date: '20240601' })); // tomorrow
    await badRequest(client.querySmsNum({ phone: '13800000000', date: '20240230' })); // no such day
    expect(calls).toHaveLength(0);
    await client.querySmsNum({ phone: '13800000000', date: '20240502' }); // 29 days back
    await client.querySmsNum({ phone: '13800000000', date: new Date(Date.UTC(2024, 4, 30, 17, 0, 0)) }); // already 05-31 in Beijing
    expect(calls.map((c) => c.params.get('query_date'))).toEqual(['20240502', '20240531']);
  });

  it('template and signature inputs are checked', async () => {
    const { client, calls } = setup();
    await badRequest(client.createTemplate({ type: 4 as never, name: 'n', content: 'c', remark: 'r' }));
    await badRequest(client.createTemplate({ type: 1, name: 'x'.repeat(31), content: 'c', remark: 'r' }));
    await badRequest(client.createTemplate({ type: 1, name: 'n', content: 'c', remark: ' ' }));
    await badRequest(client.createSignName({ name: '店', remark: 'r', source: 6 as never }));
    await badRequest(client.createShortUrl({ url: 'ftp://x', tag: 't', batchNumber: '1' }));
    await badRequest(client.queryTemplate(''));
    expect(calls).toHaveLength(0);
  });
});

describe('typed methods: wire format', () => {
  it('batchSend sends JSON arrays, one variable object per number, extend codes and task sign', async () => {
    const { client, sent } = setup([json({ module: '11^22', request_id: 'rid' })]);
    const result = await client.batchSend({
      signName: '张三男装淘宝店',
      templateCode: 'SMS_1',
      recipients: [
        { phone: '13800000000', params: { name: '张三' }, extendNum: '01' },
        { phone: '13900000000', extendNum: '02' },
      ],
      taskSign: 'campaign-7',
      extraData: { k: 1 },
    });
    expect(result).toEqual({ bizId: '11^22', requestId: 'rid' });
    expect(sent()).toMatchObject({
      method: 'taobao.jst.sms.message.direct.batchsend',
      sign_name: '张三男装淘宝店',
      sms_template_code: 'SMS_1',
      rec_num: '["13800000000","13900000000"]',
      sms_content: '[{"name":"张三"},{}]',
      extend_num: '["01","02"]',
      task_sign: 'campaign-7',
      extra_data: '{"k":1}',
    });
    const withoutExtend = setup([json({ module: '1^2' })]);
    await withoutExtend.client.batchSend({ signName: '张三男装淘宝店', templateCode: 'SMS_1', recipients: [{ phone: '13800000000' }] });
    expect(withoutExtend.sent()).not.toHaveProperty('extend_num');
    expect(withoutExtend.sent()).not.toHaveProperty('task_sign');
  });

  it('structs are single JSON fields with snake_case keys', async () => {
    const { client, sent, calls } = setup([json({ r_success: true, module: 'SMS_9' }), json({ r_success: true, module: true })]);
    expect(
      await client.createTemplate({
        type: 1,
        name: '发货',
        content: '您好${name}',
        remark: '发货通知',
        files: [{ fileName: 'a', fileSuffix: 'png', fileContents: 'aGVsbG8=' }],
      }),
    ).toEqual({ code: 'SMS_9', requestId: undefined });
    expect(JSON.parse(sent().sms_template_for_isv_request!)).toEqual({
      template_type: 1,
      template_type_class: 'NORMAL',
      template_name: '发货',
      template_content: '您好${name}',
      remark: '发货通知',
      template_infos: [{ file_name: 'a', file_suffix: 'png', file_contents: 'aGVsbG8=', file_size: 5 }],
    });
    await client.reportTemplate({ code: 'SMS_1', type: 2, name: 'n', content: 'c', templateClass: 'DIGITAL' });
    expect(JSON.parse(calls[1]!.params.get('sms_template_request')!)).toEqual({
      template_type: '2',
      template_name: 'n',
      template_content: 'c',
      template_code: 'SMS_1',
      template_class: '2',
    });
  });

  it('maps query answers to typed results and not-found to null', async () => {
    const { client } = setup([
      json({
        r_success: true,
        module: {
          template_type: 1,
          template_status: 2,
          reason: '请修改',
          template_name: 'n',
          template_content: 'c',
          template_code: 'SMS_1',
          create_date: '2024-05-01 10:00:00',
        },
      }),
      json({ r_success: false, r_code: 'template_not_found', message: '请求失败,模板未找到' }),
      json({
        jst_sms_signname_query_response: {
          r_success: true,
          module: { sign_status: 0, reason: '无审批备注', sign_name: '张三男装淘宝店', create_date: '2024-05-01 10:00:00' },
        },
      }),
      json({ r_success: false, r_code: 'sign_name_not_found' }),
    ]);
    expect(await client.queryTemplate('SMS_1')).toEqual({
      code: 'SMS_1',
      name: 'n',
      content: 'c',
      type: 1,
      status: 'rejected',
      statusCode: 2,
      reason: '请修改',
      createdAt: '2024-05-01 10:00:00',
    });
    expect(await client.queryTemplate('SMS_X')).toBeNull();
    expect(await client.querySignName('张三男装淘宝店')).toMatchObject({ status: 'pending', statusCode: 0 });
    expect(await client.querySignName('不存在的店')).toBeNull();
  });

  it('iterateSmsNum pages until total_page', async () => {
    const record = (i: number) => ({ rec_num: '13800000000', sms_status: 3, result_code: 'DELIVRD', sms_code: 'SMS_1', sms_content: `#${i}` });
    const { client, calls } = setup([
      json({ current_page: 1, page_size: 2, total_count: 5, total_page: 3, values: [record(1), record(2)] }),
      json({ current_page: 2, page_size: 2, total_count: 5, total_page: 3, values: { fc_partner_sms_detail_dto: [record(3), record(4)] } }),
      json({ current_page: 3, page_size: 2, total_count: 5, total_page: 3, values: [record(5)] }),
    ]);
    const seen: string[] = [];
    for await (const r of client.iterateSmsNum({ phone: '13800000000', date: '20240531', pageSize: 2 })) seen.push(r.content!);
    expect(seen).toEqual(['#1', '#2', '#3', '#4', '#5']);
    expect(calls.map((c) => c.params.get('current_page'))).toEqual(['1', '2', '3']);
  });

  it('queryShortUrl accepts a whole short link', async () => {
    const { client, sent } = setup([json({ r_code: '200', r_success: true, short_name: 'Y9.X8sU', life_start: 'a', life_end: 'b' })]);
    expect(await client.queryShortUrl('https://s.tb.cn/Y9.X8sU')).toEqual({ shortName: 'Y9.X8sU', lifeStart: 'a', lifeEnd: 'b' });
    expect(sent().short_name).toBe('Y9.X8sU');
  });

  it('a success without the expected field is a protocol error', async () => {
    const { client } = setup([json({ request_id: 'r' })]);
    await expect(client.batchSend({ signName: '张三男装淘宝店', templateCode: 'SMS_1', recipients: [{ phone: '13800000000' }] })).rejects.toMatchObject({
      kind: 'protocol',
      outcome: 'unknown',
    });
  });

  it('refuses to build without credentials or with a bad gateway', () => {
    expect(() => new TopClient({ appKey: '', appSecret: 's', gatewayUrl: 'http://x/' })).toThrow(/App Key/);
    expect(() => new TopClient({ appKey: 'k', appSecret: '', gatewayUrl: 'http://x/' })).toThrow(/App Secret/);
    expect(() => new TopClient({ appKey: 'k', appSecret: 's', gatewayUrl: 'ftp://x/' })).toThrow(/网关地址/);
  });
});
