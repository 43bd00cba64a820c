// The app and a CLI on one profile (issue 15 §6): a start-up of one must not turn the other's in-flight chunks into
// unknown, and resuming a campaign another live process sends is refused with a clear message. Two sending cores
// share one database file; the simulator holds the app's batchsend answer so its chunk stays in flight.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createDraftFromRecipients } from '../../../electron/core/sending';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';
import { phones, SIGN, sendingEnv } from './helpers';

const BATCHSEND = 'taobao.jst.sms.message.direct.batchsend';
let gw: TopGateway;
let dir: string;
beforeAll(async () => {
  gw = await startTopGateway();
  dir = mkdtempSync(join(tmpdir(), 'jst-lease-'));
});
afterAll(async () => {
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('campaign leases', () => {
  it("a CLI starting beside the app leaves the app's in-flight chunk alone and refuses to resume its campaign", async () => {
    const dbPath = join(dir, 'shared.db');
    const app = sendingEnv(gw, { dbPath, module: { maxInFlight: 1, env: { JST_RECONCILE_AFTER_S: '0' } } });
    const tpl = app.template('SMS_LEASE', '${name}您好，您的订单已发货');
    app.signature();
    const id = createDraftFromRecipients(app.ctx, app.suppression, {
      name: 'lease',
      kind: 'campaign',
      templateId: tpl,
      signName: SIGN,
      recipients: phones(400, '135').map((p, i) => ({ phone: p, vars: { name: `买家${i}` } })),
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      gw.control.holdAnswers(BATCHSEND, () => {
        resolve();
        return new Promise<void>((r) => (release = r));
      });
    });
    const cli = sendingEnv(gw, { dbPath, module: { scope: id, env: { JST_RECONCILE_AFTER_S: '0' } } });
    try {
      app.module.startBackground();
      await app.module.start(id);
      await held; // the platform executed chunk 1, the app still waits for the answer

      cli.module.startBackground();
      expect(cli.module.store.chunkStateCounts(id)).toMatchObject({ in_flight: 1, prepared: 1 });
      expect(cli.module.store.chunkStateCounts(id).unknown).toBeUndefined();
      expect(cli.module.engine.leasedElsewhere(id)).toMatchObject({ holder: 'app', pid: process.pid });
      let refusal: unknown;
      try {
        cli.module.resume(id);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(AppError);
      expect((refusal as AppError).message).toContain('正在聚石塔短信助手窗口中发送');

      gw.control.holdAnswers(BATCHSEND, null);
      release();
      expect((await app.module.engine.settled(id))?.state).toBe('completed');
      expect(app.module.store.counts(id).submitted).toBe(400);
      expect(Math.max(...Object.values(gw.counters.sendsByNumber))).toBe(1);
      // Done: the lease is gone, anyone may work on the campaign again.
      expect(cli.module.engine.leasedElsewhere(id)).toBeNull();
      expect(app.module.store.lease(id)).toBeNull();
    } finally {
      gw.control.holdAnswers(BATCHSEND, null);
      await cli.close();
      await app.close();
    }
  });

  it('a lease whose process is gone does not hold: start-up recovers the chunk and takes the lease', async () => {
    const env = sendingEnv(gw, { module: { env: { JST_RECONCILE_AFTER_S: '0' } } });
    const tpl = env.template('SMS_LEASE_DEAD', '${name}您好，您的订单已发货');
    env.signature();
    const list = phones(200, '134');
    const id = createDraftFromRecipients(env.ctx, env.suppression, {
      name: 'dead owner',
      kind: 'campaign',
      templateId: tpl,
      signName: SIGN,
      recipients: list.map((p, i) => ({ phone: p, vars: { name: `买家${i}` } })),
    });
    try {
      // A process that committed chunk 1 in flight and was killed: its pid no longer exists.
      const dead = spawnSync(process.execPath, ['-e', '']).pid;
      const { db } = env.ctx;
      const now = new Date().toISOString();
      const chunkId = env.module.store.insertChunk({ campaignId: id, chunkIndex: 0, round: 0, taskSign: 'jst-dead-c0', size: 200 });
      db.prepare("UPDATE campaign_recipients SET chunk_id = ?, status = 'in_flight' WHERE campaign_id = ?").run(chunkId, id);
      db.prepare("UPDATE campaign_chunks SET state = 'in_flight', started_at = ? WHERE id = ?").run(now, chunkId);
      db.prepare("UPDATE campaigns SET state = 'sending', started_at = ?, prepared_at = ? WHERE id = ?").run(now, now, id);
      db.prepare("INSERT INTO campaign_leases (campaign_id, owner, pid, holder, acquired_at, heartbeat_at) VALUES (?, 'gone', ?, 'cli', ?, ?)").run(
        id,
        dead,
        now,
        now,
      );
      expect(env.module.engine.leasedElsewhere(id)).toBeNull();
      env.module.startBackground();
      // Never sent: reconciliation finds no record for the sampled numbers → 未确认, nothing resent.
      expect(await env.module.engine.settled(id)).toMatchObject({ state: 'paused', reasonCode: 'unconfirmed' });
      expect(env.module.store.counts(id)).toMatchObject({ unconfirmed: 200, submitted: 0 });
      expect(gw.counters.sendsByNumber[list[0]!]).toBeUndefined();
    } finally {
      await env.close();
    }
  });
});
