import { createCore, type Core, type CoreOptions } from '../../../electron/core/app-core';
import { TEST_SCRYPT, tempDir } from '../../helpers/profile';
import { startMqSimulator, type MqSimulator } from '../../../electron/sim/mq-http';
import { DEMO_CREDENTIALS, startTopGateway, type SendEvent, type TopGateway } from '../../../electron/sim/top-gateway';
import { acceptChunk, insertCampaign, insertRecipients } from '../../unit/history/fixtures';

export const TEMPLATE = { code: 'SMS_200001', content: '亲，您的订单${order}已发货' };
export const SIGN = '张三男装淘宝店';

export interface Sims {
  gw: TopGateway;
  mq: MqSimulator;
  /** While false the TOP simulator's sends publish no delivery report (MQ down for the campaign); held keeps them unless dropped. */
  reports: { enabled: boolean; held: SendEvent[] | null; release(): void };
  close(): Promise<void>;
}

/** The TOP simulator publishes one report per number on the MQ simulator, with the outcome it decided. */
export async function startSims(): Promise<Sims> {
  const mq = await startMqSimulator({});
  const publish = (send: SendEvent) =>
    mq.reportForSend({ bizId: send.bizId, phone: send.phone, templateCode: send.templateCode, sentAt: send.sentAtMs, delivery: send.outcome });
  const reports: Sims['reports'] = {
    enabled: true,
    held: null,
    release() {
      for (const send of reports.held?.splice(0) ?? []) publish(send);
    },
  };
  const gw = await startTopGateway({
    reviewDelayMs: null,
    onSend: (send) => {
      if (reports.enabled) publish(send);
      else reports.held?.push(send);
    },
  });
  gw.control.seedTemplate({ code: TEMPLATE.code, content: TEMPLATE.content, status: 'approved' });
  gw.control.seedSignature({ name: SIGN, status: 'approved' });
  return {
    gw,
    mq,
    reports,
    async close() {
      await gw.close();
      await mq.close();
    },
  };
}

/** A core on `dir` (a restart reopens the same profile) with TOP and MQ pointed at the simulators. */
export async function configuredCore(sims: Sims, dir: string, configure = true, options: Partial<CoreOptions> = {}): Promise<Core> {
  const core = await createCore({
    host: 'browser',
    profileDir: dir,
    vaultBackend: () => ({ kind: 'passphrase', scrypt: TEST_SCRYPT }),
    passphrase: 'history-passphrase',
    logSink: () => undefined,
    ...options,
  });
  if (!configure) return core;
  const top = await core.dispatch('settings.saveTop', { ...DEMO_CREDENTIALS, gatewayUrl: sims.gw.url, signMethod: 'hmac' });
  if (!top.ok) throw new Error(JSON.stringify(top));
  const mq = await core.dispatch('settings.saveMq', {
    endpoint: sims.mq.endpoint,
    accessKeyId: sims.mq.accessKeyId,
    accessKeySecret: sims.mq.accessKeySecret,
    instanceId: sims.mq.instanceId,
    topics: sims.mq.topics,
    groupId: sims.mq.groups[0]!,
    messageTag: '',
  });
  if (!mq.ok) throw new Error(JSON.stringify(mq));
  // The simulator has no quota; 5 QPS (the default) would make 300 num.query calls take a minute.
  core.ctx.settings.update('top', { ...core.ctx.settings.get().top, qps: 100 });
  return core;
}

export function profile() {
  return tempDir('jst-history-');
}

/**
 * Sends a campaign the way the ledger does (chunks of 200, one batchsend each through the real TOP client, the
 * chunk's biz_id committed on its numbers after the answer). `beforeAccept` runs between the answer and the
 * commit — the window in which a report can beat the response.
 */
export async function sendCampaign(
  core: Core,
  phones: string[],
  opts: { name?: string; beforeAccept?: (chunkIndex: number, bizId: string) => Promise<void> } = {},
) {
  const db = core.ctx.db;
  const id = insertCampaign(db, opts.name ?? '双十二预热');
  const chunks = insertRecipients(db, id, phones);
  const client = core.services.top.client();
  const bizIds: string[] = [];
  for (let c = 0; c < chunks.length; c++) {
    const slice = phones.slice(c * 200, c * 200 + 200);
    const { bizId } = await client.batchSend({
      signName: SIGN,
      templateCode: TEMPLATE.code,
      taskSign: `${id}-${c}`,
      recipients: slice.map((phone, i) => ({ phone, params: { order: `T${c * 200 + i}` } })),
    });
    await opts.beforeAccept?.(c, bizId);
    acceptChunk(db, chunks[c]!, bizId, new Date().toISOString());
    bizIds.push(bizId);
  }
  return { id, bizIds };
}
