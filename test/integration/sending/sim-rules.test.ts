// The simulator's send-time rules (strict, off by default): per-number limit, balance, keywords, number rejections,
// signatures of system SMS. Driven through the real client and the HTTP control API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TopClient } from '../../../electron/core/top/client';
import { TopError } from '../../../electron/core/top/errors';
import { RateLimiter } from '../../../electron/core/top/limiter';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';

let gw: TopGateway;
let client: TopClient;
beforeAll(async () => {
  gw = await startTopGateway();
  gw.control.seedTemplate({ code: 'SMS_N', content: '${name}您好', type: 1, status: 'approved' });
  gw.control.seedTemplate({ code: 'SMS_M', content: '${name}您好，5折，拒收请回复R', type: 2, status: 'approved' });
  gw.control.seedSignature({ name: '已通过店', status: 'approved' });
  gw.control.seedSignature({ name: '审核中店铺', status: 'pending' });
  client = new TopClient({ ...gw.credentials, gatewayUrl: gw.url, limiter: new RateLimiter(1000), retry: { maxAttempts: 1 } });
});
afterAll(async () => {
  client.close();
  await gw.close();
});

const send = (templateCode: string, signName: string, phones: string[], name = '张三') =>
  client.batchSend({ signName, templateCode, recipients: phones.map((phone) => ({ phone, params: { name } })) });
const subCode = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (error) {
    return error instanceof TopError ? error.sub_code : String(error);
  }
};
const control = (path: string, body: unknown) =>
  fetch(`${gw.controlUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('simulator send-time rules', () => {
  it('notification: any valid signature text unless filed and not approved; marketing: approved only', async () => {
    expect(await subCode(send('SMS_N', '没报备的店', ['13700000001']))).toBe('ok');
    expect(await subCode(send('SMS_N', '审核中店铺', ['13700000001']))).toBe('isv.SMS_SIGNATURE_ILLEGAL');
    expect(await subCode(send('SMS_N', '超过十二个字的非常非常长的签名', ['13700000001']))).toBe('isv.SMS_SIGNATURE_ILLEGAL');
    expect(await subCode(send('SMS_M', '没报备的店', ['13700000001']))).toBe('isv.SMS_SIGNATURE_ILLEGAL');
    expect(await subCode(send('SMS_M', '已通过店', ['13700000001']))).toBe('ok');
  });

  it('balance in segments: a batch needing more is refused whole, nothing recorded', async () => {
    expect((await control('/balance', { segments: 3 })).status).toBe(200);
    expect(await subCode(send('SMS_N', '已通过店', ['13700000011', '13700000012']))).toBe('ok');
    const before = gw.control.sends().length;
    expect(await subCode(send('SMS_N', '已通过店', ['13700000013', '13700000014']))).toBe('isv.AMOUNT_NOT_ENOUGH');
    expect(gw.control.sends()).toHaveLength(before);
    expect(await (await fetch(`${gw.controlUrl}/balance`)).json()).toEqual({ segments: 1 });
    await control('/balance', { segments: null });
  });

  it('balance per app: each app key spends its own segments and is refused at zero; others keep the shared rule', async () => {
    const appKey = gw.credentials.appKey;
    expect((await control('/balance', { segments: 2, appKey })).status).toBe(200);
    expect(await subCode(send('SMS_N', '已通过店', ['13700000031', '13700000032']))).toBe('ok');
    expect(await (await fetch(`${gw.controlUrl}/balance?appKey=${encodeURIComponent(appKey)}`)).json()).toEqual({ segments: 0 });
    // At zero every send is refused, even one segment; the shared balance (unlimited) is not this app's.
    expect(await subCode(send('SMS_N', '已通过店', ['13700000033']))).toBe('isv.AMOUNT_NOT_ENOUGH');
    expect(await (await fetch(`${gw.controlUrl}/balance`)).json()).toEqual({ segments: null });
    expect(gw.control.appBalance('another-app')).toBeNull();
    await control('/balance', { segments: null, appKey });
    expect(await subCode(send('SMS_N', '已通过店', ['13700000033']))).toBe('ok');
  });

  it('per-number daily limit, blocked keywords and per-number rejections', async () => {
    await control('/limits', { perNumberDaily: 2 });
    expect(await subCode(send('SMS_N', '已通过店', ['13700000021']))).toBe('ok');
    expect(await subCode(send('SMS_N', '已通过店', ['13700000021']))).toBe('ok');
    expect(await subCode(send('SMS_N', '已通过店', ['13700000021', '13700000022']))).toBe('isv.BUSINESS_LIMIT_CONTROL');
    await control('/limits', { perNumberDaily: null });
    await control('/keywords', { words: ['返现'] });
    expect(await subCode(send('SMS_N', '已通过店', ['13700000031'], '好评返现'))).toBe('isv.BLACK_KEY_CONTROL_LIMIT');
    await control('/keywords', { words: [] });
    await control('/rejections', { phone: '13700000041', subCode: 'isv.MOBILE_NUMBER_ILLEGAL' });
    expect(await subCode(send('SMS_N', '已通过店', ['13700000040', '13700000041']))).toBe('isv.MOBILE_NUMBER_ILLEGAL');
    await control('/rejections', { phone: '13700000041', subCode: null });
    expect(await subCode(send('SMS_N', '已通过店', ['13700000040', '13700000041']))).toBe('ok');
    expect((await control('/keywords', { words: [1] })).status).toBe(400);
  });
});
