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

describe('测试发送', () => {
  it("sends the draft's message to the seller's own numbers as a separate send; the campaign's figures do not move; delivery follows the reports", async () => {
    const { core, cleanup } = await testCore({ passphrase: 'chain-passphrase' });
    try {
      expect((await core.dispatch('settings.saveTop', { ...DEMO_CREDENTIALS, gatewayUrl: gw.url, signMethod: 'hmac' })).ok).toBe(true);
      expect(
        (
          await core.dispatch('settings.saveMq', {
            endpoint: mq.endpoint,
            accessKeyId: mq.accessKeyId,
            accessKeySecret: mq.accessKeySecret,
            instanceId: mq.instanceId,
            topics: mq.topics,
            groupId: mq.groups[0]!,
            messageTag: '',
          })
        ).ok,
      ).toBe(true);
      const call = async <T>(method: string, input: unknown): Promise<T> => {
        const envelope = await core.dispatch(method, input);
        if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
        return envelope.result as T;
      };
      gw.control.setDelivery('13900000012', { delivered: false, resultCode: 'MK:0005' });
      const template = await call<{ id: number }>('templates.import', { code: 'SMS_200001' });
      const draft = await call<{ id: number }>('campaigns.create', { name: '双十二发货' });
      await call('campaigns.importRecipients', {
        id: draft.id,
        source: { kind: 'paste', text: '13700000001,T777\n13700000002,T888' },
        mapping: { hasHeader: false, phoneColumn: 0, variableColumns: { order: 1 } },
      });
      await call('campaigns.update', { id: draft.id, templateId: template.id, signName: '张三男装淘宝店' });
      const before = await call<{ counts: Record<string, number> }>('campaigns.get', { id: draft.id });

      const refused = await core.dispatch('campaigns.testSend', { id: draft.id, phones: ['12345'] });
      expect(refused.ok ? null : refused.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^测试号码“12345”无效/) });

      const test = await call<{ id: number; kind: string }>('campaigns.testSend', { id: draft.id, phones: ['139 0000 0011', '13900000012', '13900000011'] });
      expect(test.kind).toBe('single');
      // The first number's values, the draft's template and signature.
      await expect.poll(() => gw.control.sends({ phone: '13900000011' }).length, { timeout: 15_000 }).toBe(1);
      expect(gw.control.sends({ phone: '13900000011' })[0]!.content).toBe('【张三男装淘宝店】亲，您的订单T777已发货');
      expect(gw.control.sends({ phone: '13700000001' })).toHaveLength(0);

      // Delivered as reports come (13900000012 fails with MK:0005).
      await expect
        .poll(
          async () =>
            (await call<{ sends: Array<{ delivery: { delivered: number; failed: number } }> }>('campaigns.testSends', { id: draft.id })).sends[0]?.delivery,
          {
            timeout: 15_000,
          },
        )
        .toMatchObject({ delivered: 1, failed: 1 });
      const tests = await call<{ numbers: string[]; sends: Array<{ id: number; phones: string[]; counts: { submitted: number } }> }>('campaigns.testSends', {
        id: draft.id,
      });
      expect(tests.numbers).toEqual(['13900000011', '13900000012']);
      expect(tests.sends).toHaveLength(1);
      expect(tests.sends[0]).toMatchObject({ id: test.id, counts: { submitted: 2 } });
      expect([...tests.sends[0]!.phones].sort()).toEqual(['13900000011', '13900000012']);

      // The campaign itself: still a draft with the same figures; the test send is not listed as a campaign.
      const after = await call<{ state: string; counts: Record<string, number> }>('campaigns.get', { id: draft.id });
      expect(after).toMatchObject({ state: 'draft', counts: before.counts });
      const list = await call<Array<{ id: number }>>('campaigns.list', {});
      expect(list.map((c) => c.id)).toEqual([draft.id]);
      expect(core.ctx.settings.get().sending.testNumbers).toEqual(['13900000011', '13900000012']);
    } finally {
      await cleanup();
    }
  });
});
