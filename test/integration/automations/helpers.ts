import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../electron/cli/index';
import { linkTrades } from '../../../electron/sim/link-trades';
import { startMqSimulator, type MqSimulator } from '../../../electron/sim/mq-http';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';

export const TEMPLATE = 'SMS_AUTO_SHIP';
export const TEMPLATE_CONTENT = '亲，您的订单${tid}已发货，请留意查收';
export const SIGN = '麦包包旗舰店';

export interface AutomationSims {
  top: TopGateway;
  mq: MqSimulator;
  profile: string;
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** TOP gateway (trade world, OAID send, delivery reports) linked into the MQ simulator, an empty profile, the CLI's env for both. */
export async function automationSims(): Promise<AutomationSims> {
  const mq = await startMqSimulator();
  // Every executed send gets its delivery report on the MQ (matched by biz_id + order id), as the platform does.
  const top = await startTopGateway({
    reviewDelayMs: null,
    onSend: (send) =>
      mq.reportForSend({ bizId: send.bizId, phone: send.phone, oaid: send.oaid, orderId: send.orderId, sentAt: send.sentAtMs, delivery: send.outcome }),
  });
  const unlink = linkTrades(top.trades, mq);
  top.control.seedTemplate({ code: TEMPLATE, content: TEMPLATE_CONTENT, type: 1, status: 'approved' });
  top.control.seedSignature({ name: SIGN, status: 'approved' });
  const profile = mkdtempSync(join(tmpdir(), 'jst-automations-'));
  const env: NodeJS.ProcessEnv = {
    JST_SMS_PROFILE: profile,
    JST_TOP_GATEWAY: top.url,
    JST_TOP_APP_KEY: top.credentials.appKey,
    JST_TOP_APP_SECRET: top.credentials.appSecret,
    JST_TOP_SESSION: top.credentials.session,
    JST_TOP_QPS: '1000',
    JST_MQ_ENDPOINT: mq.endpoint,
    JST_MQ_INSTANCE_ID: mq.instanceId,
    JST_MQ_TOPIC: mq.topics.join(','),
    JST_MQ_GROUP_ID: mq.groups[0],
    JST_MQ_ACCESS_KEY_ID: mq.accessKeyId,
    JST_MQ_ACCESS_KEY_SECRET: mq.accessKeySecret,
  };
  return {
    top,
    mq,
    profile,
    env,
    async close() {
      unlink();
      await Promise.all([top.close(), mq.close()]);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The CLI in-process, exactly as an acceptance check calls it. */
export async function cli(args: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env });
  return { code, stdout, stderr };
}

/** How many SMS the simulator sent for each order (OAID sends are counted per order id). */
export function sendsPerOrder(top: TopGateway): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, n] of Object.entries(top.counters.sendsByNumber)) if (key.startsWith('oaid:')) out.set(key.slice(5), n);
  return out;
}
