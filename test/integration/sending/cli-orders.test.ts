import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/index';
import { parseSendArgs } from '../../../electron/cli/send-args';
import { startTopGateway, type SendEvent, type TopGateway } from '../../../electron/sim/top-gateway';
import { SIGN } from './helpers';

// `jst-sms send --orders …` (issue 17 §8): the same JSON as send, plus counts.orders / buyers / noOaid; order numbers
// stay strings end to end (19 digits, beyond a JS double).
let gw: TopGateway;
let profile: string;
const sends: SendEvent[] = [];
beforeAll(async () => {
  gw = await startTopGateway({ reviewDelayMs: null, onSend: (s) => sends.push(s) });
  gw.control.seedTemplate({ code: 'SMS_CLI_ORDER', content: '亲，您的订单${tid}已发货', type: 1, status: 'approved' });
  gw.control.seedSignature({ name: SIGN, status: 'approved' });
  profile = mkdtempSync(join(tmpdir(), 'jst-send-orders-cli-'));
});
afterAll(async () => {
  await gw.close();
  rmSync(profile, { recursive: true, force: true });
});

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const env = {
    JST_SMS_PROFILE: profile,
    JST_TOP_GATEWAY: gw.url,
    JST_TOP_APP_KEY: gw.credentials.appKey,
    JST_TOP_APP_SECRET: gw.credentials.appSecret,
    JST_TOP_SESSION: gw.credentials.session,
    JST_TOP_QPS: '100',
    JST_RECONCILE_AFTER_S: '0',
  };
  const code = await main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env });
  return { code, stdout, stderr };
}

describe('jst-sms send --orders', () => {
  it('sends to the buyers of the orders (one per buyer) and prints counts.orders / buyers / noOaid', async () => {
    const a = gw.trades.create({ buyerOpenUid: 'AAHcli0001', createdAt: Date.now() - 3_600_000 });
    const b = gw.trades.create({ buyerOpenUid: 'AAHcli0001', createdAt: Date.now() - 1_800_000 });
    const c = gw.trades.create({ buyerOpenUid: 'AAHcli0002', receiver: { mobile: '' } });
    const d = gw.trades.create({ buyerOpenUid: 'AAHcli0003' });
    const tids = [a.tid, b.tid, c.tid, d.tid];
    expect(tids.every((t) => /^\d{19}$/.test(t))).toBe(true);

    const run = await cli(['send', '--orders', tids.join(','), '--template', 'SMS_CLI_ORDER', '--sign', SIGN, '--yes', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout.trim()) as { state: string; counts: Record<string, number> };
    expect(json.state).toBe('completed');
    expect(json.counts).toMatchObject({ rows: 4, valid: 3, duplicate: 1, submitted: 2, orders: 4, buyers: 3, noOaid: 1 });
    expect(sends.map((s) => s.orderId).sort()).toEqual([b.tid, d.tid].sort());
    expect(run.stderr).toMatch(/没有 OAID 1/);
  });

  it('reads --orders-file, --per-order sends every order; a bad order number or a non-field --var is refused', async () => {
    const a = gw.trades.create({ buyerOpenUid: 'AAHcli0100' });
    const b = gw.trades.create({ buyerOpenUid: 'AAHcli0100' });
    const file = join(profile, 'orders.txt');
    writeFileSync(file, `${a.tid}\n${b.tid}\n`);
    sends.length = 0;
    const run = await cli(['send', '--orders-file', file, '--per-order', '--template', 'SMS_CLI_ORDER', '--sign', SIGN, '--yes', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim()).counts).toMatchObject({ orders: 2, buyers: 1, submitted: 2 });
    expect(sends.map((s) => s.orderId).sort()).toEqual([a.tid, b.tid].sort());

    const bad = await cli(['send', '--orders', '12x', '--template', 'SMS_CLI_ORDER', '--sign', SIGN, '--json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/订单号只能是数字/);
    expect(() => parseSendArgs(['--orders', '1', '--template', 'T', '--sign', 'S', '--var', 'x=phone'])).toThrow(/not an order field/);
    expect(() => parseSendArgs(['--orders', '1', '--numbers', '138', '--template', 'T', '--sign', 'S'])).toThrow(/exactly one/);
  });
});
