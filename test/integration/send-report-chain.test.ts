import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryReport, DeliveryUpdatedEvent } from '../../shared/messages/contract';
import { testCore } from '../helpers/profile';
import { startMqSimulator, type MqSimulator } from '../../electron/sim/mq-http';
import { DEMO_CREDENTIALS, startTopGateway, type TopGateway } from '../../electron/sim/top-gateway';

// The whole loop a seller relies on: a batchsend through the real TOP client → the TOP simulator's send hook
// publishes one delivery report per number on the MQ simulator → the core's poller stores it → the contract
// lists it under the same biz_id the send returned.
let gw: TopGateway;
let mq: MqSimulator;

beforeAll(async () => {
  mq = await startMqSimulator({});
  gw = await startTopGateway({
    reviewDelayMs: null,
    onSend: (send) => {
      mq.reportForSend({
        bizId: send.bizId,
        phone: send.phone,
        templateCode: send.templateCode,
        signName: send.signName,
        content: send.content,
        sentAt: send.sentAtMs,
        extendNum: send.extendNum,
        delivery: send.outcome,
      });
    },
  });
  gw.control.seedTemplate({ code: 'SMS_200001', content: '亲，您的订单${order}已发货', status: 'approved' });
  gw.control.seedSignature({ name: '张三男装淘宝店', status: 'approved' });
  gw.control.setDelivery('13900000002', { delivered: false, resultCode: 'MK:0005' });
});
afterAll(async () => {
  await gw.close();
  await mq.close();
});

describe('send → delivery report → history', () => {
  it('reports for every number come back under the biz_id of the send, once each', async () => {
    const { core, cleanup } = await testCore({ passphrase: 'chain-passphrase' });
    try {
      const saveTop = await core.dispatch('settings.saveTop', { ...DEMO_CREDENTIALS, gatewayUrl: gw.url, signMethod: 'hmac' });
      expect(saveTop.ok).toBe(true);
      const saveMq = await core.dispatch('settings.saveMq', {
        endpoint: mq.endpoint,
        accessKeyId: mq.accessKeyId,
        accessKeySecret: mq.accessKeySecret,
        instanceId: mq.instanceId,
        topics: mq.topics,
        groupId: mq.groups[0]!,
        messageTag: '',
      });
      expect(saveMq.ok).toBe(true);

      const received: DeliveryReport[] = [];
      core.events.subscribe((name, payload) => {
        if (name === 'delivery.updated') received.push(...(payload as DeliveryUpdatedEvent).reports);
      });

      const phones = ['13900000001', '13900000002', '13900000003'];
      const { bizId } = await core.services.top.client().batchSend({
        signName: '张三男装淘宝店',
        templateCode: 'SMS_200001',
        recipients: phones.map((phone, i) => ({ phone, params: { order: `T${i}` } })),
      });

      await expect.poll(() => received.length, { timeout: 15_000 }).toBe(3);
      expect(received.every((r) => r.bizId === bizId)).toBe(true);
      expect(received.map((r) => r.phone).sort()).toEqual(phones);
      expect(received.find((r) => r.phone === '13900000002')).toMatchObject({ success: false, errCode: 'MK:0005' });

      await expect.poll(() => mq.counters.acked, { timeout: 10_000 }).toBe(3);
      const listed = await core.dispatch('messages.deliveries.list', { bizId });
      expect(listed.ok).toBe(true);
      if (!listed.ok) return;
      const page = listed.result as { total: number; items: DeliveryReport[] };
      expect(page.total).toBe(3);
      expect(page.items.map((r) => r.phone).sort()).toEqual(phones);

      // num.query on the gateway agrees with what the reports said.
      const record = await core.services.top.client().querySmsNum({ phone: '13900000002', date: new Date(), bizId });
      expect(record.records[0]).toMatchObject({ status: 'failed', resultCode: 'MK:0005' });
    } finally {
      await cleanup();
    }
  });
});
