// Issue 17 §5 on both simulators: a buyer reached by OAID replies 退订 from a number the seller cannot map; the
// reply's dest_code (the extension code the order row was sent with) names the order, the buyer is suppressed by
// buyer_open_uid, and the number itself is kept nowhere. A reply without a usable code stays unlinked, with the reason.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/index';
import { openDatabase } from '../../../electron/core/db/database';
import { profilePaths } from '../../../electron/core/profile';
import { startMqSimulator } from '../../../electron/sim/mq-http';
import { startTopGateway, type SendEvent } from '../../../electron/sim/top-gateway';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env });
  return { code, stdout, stderr };
}

const DAY = 86_400_000;
const SIGN = '回头客小店';
const REPLIED_FROM = '13912345678';

describe('opt-out replies of buyers reached by OAID', () => {
  it('links a 退订 by its extension code to the order, suppresses buyer:<uid>, keeps no number; a code-less reply stays unlinked', async () => {
    const sends: SendEvent[] = [];
    const [top, mq] = await Promise.all([startTopGateway({ reviewDelayMs: null, onSend: (s) => void sends.push(s) }), startMqSimulator()]);
    const profile = mkdtempSync(join(tmpdir(), 'jst-optout-link-'));
    cleanups.push(
      () => top.close(),
      () => mq.close(),
      () => rmSync(profile, { recursive: true, force: true }),
    );
    // Opt-outs block service messages too, so the next (notice) send shows the buyer skipped.
    writeFileSync(join(profile, 'settings.json'), JSON.stringify({ sending: { optOutBlocksAll: true } }));
    const env = {
      JST_SMS_PROFILE: profile,
      JST_TOP_GATEWAY: top.url,
      JST_TOP_APP_KEY: top.credentials.appKey,
      JST_TOP_APP_SECRET: top.credentials.appSecret,
      JST_TOP_SESSION: top.credentials.session,
      JST_MQ_ENDPOINT: mq.endpoint,
      JST_MQ_INSTANCE_ID: mq.instanceId,
      JST_MQ_TOPIC: mq.topics.join(','),
      JST_MQ_GROUP_ID: mq.groups[0],
      JST_MQ_ACCESS_KEY_ID: mq.accessKeyId,
      JST_MQ_ACCESS_KEY_SECRET: mq.accessKeySecret,
    };
    top.control.seedTemplate({ code: 'SMS_THANKS', content: '感谢您的购买，祝您生活愉快', type: 1, status: 'approved' });
    const a = top.trades.pay(top.trades.create({ buyerOpenUid: 'AAoptA', createdAt: Date.now() - DAY }).tid).tid;
    const b = top.trades.pay(top.trades.create({ buyerOpenUid: 'AAoptB', createdAt: Date.now() - DAY }).tid).tid;
    expect((await cli(['orders', 'sync', '--json'], env)).code).toBe(0);

    const sent = await cli(['send', '--orders', `${a},${b}`, '--template', 'SMS_THANKS', '--sign', SIGN, '--yes', '--json'], env);
    expect(sent.code, sent.stderr).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ state: 'completed', counts: { submitted: 2 } });
    // Every OAID recipient got its own code (digits, unique), echoed by the gateway.
    expect(sends).toHaveLength(2);
    const codeOf = new Map(sends.map((s) => [s.orderId!, s.extendNum!]));
    expect(codeOf.get(a)).toMatch(/^\d{6}$/);
    expect(codeOf.get(b)).toMatch(/^\d{6}$/);
    expect(codeOf.get(a)).not.toBe(codeOf.get(b));

    mq.publishReply({ sender: REPLIED_FROM, content: 'TD', dest_code: codeOf.get(a)!, sign_name: SIGN, sms_seq: '9100000000000000001' });
    // No code: two buyers got this signature's order SMS in the last 24 h, so it cannot be told whose reply it is.
    mq.publishReply({ sender: '13700000009', content: '退订', dest_code: '', sign_name: SIGN, sms_seq: '9100000000000000002' });
    expect((await cli(['mq', 'poll', '--once'], env)).code).toBe(0);

    const db = openDatabase(profilePaths(profile).database);
    cleanups.push(() => void db.close());
    const listed = db.prepare('SELECT phone, reason, source FROM suppression ORDER BY phone').all();
    expect(listed).toEqual([
      { phone: '13700000009', reason: 'optout', source: 'reply' },
      { phone: 'buyer:AAoptA', reason: 'optout', source: 'reply' },
    ]);
    const links = db
      .prepare(
        'SELECT r.sms_seq AS seq, l.method, l.tid, l.buyer_open_uid AS buyer, l.note FROM reply_order_links l JOIN replies r ON r.id = l.reply_id ORDER BY seq',
      )
      .all() as Array<Record<string, string | null>>;
    expect(links).toHaveLength(2);
    expect(links[0]).toMatchObject({ seq: '9100000000000000001', method: 'code', tid: a, buyer: 'AAoptA' });
    expect(links[1]).toMatchObject({ seq: '9100000000000000002', method: 'none', tid: null });
    expect(links[1]!.note).toContain('2 位买家');
    // The number the buyer replied from is the receiver's: stored nowhere (reply row, raw body, threads, search index).
    for (const table of ['replies', 'inbox_threads', 'inbox_reply_state', 'inbox_fts', 'suppression', 'reply_order_links']) {
      const rows = db.prepare(`SELECT * FROM ${table}`).all();
      expect(JSON.stringify(rows), table).not.toContain(REPLIED_FROM);
    }
    expect(db.prepare("SELECT phone FROM replies WHERE sms_seq = '9100000000000000001'").pluck().get()).toBe(`tid:${a}`);

    // The inbox shows the reply as from the order.
    const inbox = JSON.parse((await cli(['inbox', '--json'], env)).stdout) as Array<{ phone: string; replies: number }>;
    expect(inbox.find((t) => t.phone === `tid:${a}`)).toMatchObject({ replies: 1 });
    const human = await cli(['inbox'], env);
    expect(human.stdout).toContain(`订单 ${a}`);
    expect(human.stdout).not.toContain(REPLIED_FROM);

    // The buyer's next order is skipped by the next order send; the other buyer is not.
    const a2 = top.trades.pay(top.trades.create({ buyerOpenUid: 'AAoptA', createdAt: Date.now() - 1000 }).tid).tid;
    expect((await cli(['orders', 'sync', '--json'], env)).code).toBe(0);
    const again = await cli(['send', '--orders', `${a2},${b}`, '--template', 'SMS_THANKS', '--sign', SIGN, '--yes', '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ state: 'completed', counts: { suppressed: 1, submitted: 1 } });
    expect(sends.slice(2).map((s) => s.orderId)).toEqual([b]);
  });
});
