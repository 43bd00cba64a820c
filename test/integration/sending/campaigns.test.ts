// Campaign service against the simulator: pre-send check, scheduling and missed schedules, quiet hours, restart
// recovery, the frequency guard, single sends.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseBeijingDateTime } from '../../../shared/time/beijing';
import { shownProgress, toSendCount } from '../../../shared/sending/summary';
import { createDraftFromRecipients, SendingModule } from '../../../electron/core/sending';
import { SuppressionStore } from '../../../electron/core/suppression/store';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';
import { phones, SIGN, sendingEnv } from './helpers';
import { FakeClock } from '../../helpers/fake-clock';

let gw: TopGateway;
let seq = 0;
beforeAll(async () => {
  gw = await startTopGateway();
});
afterAll(async () => gw.close());
afterEach(() => {
  gw.control.clearFaults();
  gw.control.clearSends();
  gw.control.resetCounters();
});

type Env = ReturnType<typeof sendingEnv>;
function draft(
  env: Env,
  count: number,
  opts: { type?: number; content?: string; vars?: (i: number) => Record<string, string>; constants?: Record<string, string> } = {},
) {
  const code = `SMS_C${++seq}`;
  const tpl = env.template(code, opts.content ?? '${name}您好，您的订单已发货', opts.type ?? 1);
  env.signature();
  const id = createDraftFromRecipients(env.ctx, env.suppression, {
    name: code,
    kind: 'campaign',
    templateId: tpl,
    signName: SIGN,
    constants: opts.constants,
    recipients: phones(count, `15${seq % 10}`).map((p, i) => ({ phone: p, vars: opts.vars?.(i) ?? { name: `买家${i}` } })),
  });
  return { id, code, tpl };
}

describe('pre-send check', () => {
  it('names rows missing a value, reports segments and previews with each row’s own values', async () => {
    const env = sendingEnv(gw);
    try {
      const { id } = draft(env, 30, {
        content: '${name}您好，您的订单${order}已发货',
        vars: (i): Record<string, string> => (i === 3 || i === 7 ? { name: `买家${i}` } : { name: `买家${i}`, order: i === 5 ? '单'.repeat(80) : `E${i}` }),
      });
      const check = await env.module.check(id);
      expect(check.ready).toBe(false);
      const missing = check.items.find((i) => i.code === 'variable-missing')!;
      expect(missing).toMatchObject({ severity: 'error', rows: [4, 8], count: 2 });
      expect(missing.message).toContain('${order}');
      expect(check.items.some((i) => i.severity === 'warning' && /变量 order/.test(i.message))).toBe(true);
      expect(check.segments.min).toBe(1);
      expect(check.segments.max).toBe(2);
      expect(check.segments.total).toBeGreaterThan(30);
      expect(check.previews[0]).toMatchObject({ text: '【张三男装淘宝店】买家0您好，您的订单E0已发货', segments: 1 });
      expect(check.previews[1]!.text).toContain('买家1');
      await expect(env.module.start(id)).rejects.toThrow(/发送前检查未通过/);
      // A constant fills the gap; columns win where they have a value.
      env.ctx.db.prepare('UPDATE campaigns SET constants = ? WHERE id = ?').run(JSON.stringify({ order: '见短信' }), id);
      expect((await env.module.check(id)).items.some((i) => i.code === 'variable-missing')).toBe(false);
    } finally {
      await env.close();
    }
  });

  it('marketing needs a filed, approved signature; notification accepts any valid signature text', async () => {
    const env = sendingEnv(gw);
    try {
      const marketing = draft(env, 3, { type: 2, content: '${name}您好，全场5折，拒收请回复R' });
      env.ctx.db.prepare("UPDATE campaigns SET sign_name = '没报备的店' WHERE id = ?").run(marketing.id);
      expect((await env.module.check(marketing.id)).items.find((i) => i.code === 'signature')?.message).toMatch(/报备/);
      const notice = draft(env, 3);
      env.ctx.db.prepare("UPDATE campaigns SET sign_name = '没报备的店' WHERE id = ?").run(notice.id);
      expect((await env.module.check(notice.id)).items.some((i) => i.code === 'signature')).toBe(false);
      env.module.startBackground();
      await env.module.start(notice.id);
      expect((await env.module.engine.settled(notice.id))?.state).toBe('completed');
    } finally {
      await env.close();
    }
  });

  it('refuses a 淘短链 that expires before the campaign could end', async () => {
    const env = sendingEnv(gw, { qps: 1 });
    try {
      const { id } = draft(env, 2000, { content: '${name}您好，新品上架 ${url}' });
      const soon = new Date(Date.now() + 5_000).toISOString(); // 2000 numbers at 1 QPS need ~10 s
      const linkId = Number(
        env.ctx.db
          .prepare(
            "INSERT INTO short_links (shop_id, long_url, short_url, tag, batch_number, created_at, expires_at) VALUES (1, 'https://item.taobao.com/item.htm?id=1', 'https://s.tb.cn/Ab.cdEf', 't', '1', ?, ?)",
          )
          .run(new Date().toISOString(), soon).lastInsertRowid,
      );
      expect((await env.module.check(id)).items.find((i) => i.code === 'short-link-missing')).toBeDefined();
      env.ctx.db.prepare("UPDATE campaigns SET short_link_id = ?, short_url = 'https://s.tb.cn/Ab.cdEf' WHERE id = ?").run(linkId, id);
      const check = await env.module.check(id);
      expect(check.items.find((i) => i.code === 'short-link-expiry')?.severity).toBe('error');
      env.ctx.db.prepare('UPDATE short_links SET expires_at = ? WHERE id = ?').run(new Date(Date.now() + 30 * 86_400_000).toISOString(), linkId);
      expect((await env.module.check(id)).ready).toBe(true);
      expect((await env.module.check(id)).previews[0]!.text).toContain('https://s.tb.cn/Ab.cdEf');
    } finally {
      await env.close();
    }
  });
});

describe('frequency guard', () => {
  it('a 测试发送 to a number of the list does not make the campaign skip it; repeated tests are not held back by the guard', async () => {
    const inWindow = parseBeijingDateTime('2026-12-01 10:00')!;
    const env = sendingEnv(gw, { module: { now: () => inWindow } });
    env.module.startBackground();
    try {
      const { id } = draft(env, 5, { type: 2, content: '${name}您好，全场5折，拒收请回复R' });
      const own = env.module.store.recipientBatch(id, ['valid'], 0, 1)[0]!.phone;
      for (let round = 0; round < 2; round++) {
        const test = await env.module.testSend(id, [own]);
        expect((await env.module.engine.settled(test.id))?.state).toBe('completed');
        expect(env.module.store.counts(test.id)).toMatchObject({ submitted: 1, skipped: 0 });
      }
      expect(gw.control.sends({ phone: own })).toHaveLength(2);
      const check = await env.module.check(id);
      expect(check.frequencySkipped).toBe(0);
      expect(check.finalRecipients).toBe(5);
      expect(env.module.store.counts(id)).toMatchObject({ valid: 5, submitted: 0 });
      expect(env.module.list().map((c) => c.id)).toEqual([id]);
    } finally {
      await env.close();
    }
  });

  it('skips numbers this shop sent marketing within N days, with a count', async () => {
    const inWindow = parseBeijingDateTime('2026-12-01 10:00')!;
    const env = sendingEnv(gw, { module: { now: () => inWindow } });
    env.module.startBackground();
    try {
      const first = draft(env, 300, { type: 2, content: '${name}您好，全场5折，拒收请回复R' });
      await env.module.start(first.id);
      expect((await env.module.engine.settled(first.id))?.state).toBe('completed');
      // The same 300 numbers plus 100 new ones, a day later is still "within 1 day" for numbers sent just now.
      const second = draft(env, 400, { type: 2, content: '${name}您好，新品8折，拒收请回复R' });
      env.ctx.db
        .prepare(
          'UPDATE campaign_recipients SET phone = (SELECT phone FROM campaign_recipients r2 WHERE r2.campaign_id = ? AND r2.row_no = campaign_recipients.row_no) WHERE campaign_id = ? AND row_no <= 300',
        )
        .run(first.id, second.id);
      const check = await env.module.check(second.id);
      expect(check.frequencySkipped).toBe(300);
      expect(check.finalRecipients).toBe(100);
      expect(check.items.find((i) => i.code === 'frequency-guard')?.message).toContain('同一号码 1 天内已收到本店营销短信');
      await env.module.start(second.id);
      expect((await env.module.engine.settled(second.id))?.state).toBe('completed');
      expect(env.module.store.counts(second.id)).toMatchObject({ submitted: 100, skipped: 300 });
      expect(Math.max(...Object.values(gw.counters.sendsByNumber))).toBe(1);
    } finally {
      await env.close();
    }
  });
});

describe('scheduling and quiet hours', () => {
  it('a scheduled campaign waits for its time, then sends', async () => {
    const env = sendingEnv(gw);
    env.module.startBackground();
    try {
      const { id } = draft(env, 10);
      env.ctx.db.prepare('UPDATE campaigns SET scheduled_at = ? WHERE id = ?').run(new Date(Date.now() + 400).toISOString(), id);
      expect((await env.module.start(id)).state).toBe('scheduled');
      expect(gw.counters.callsByMethod['taobao.jst.sms.message.direct.batchsend']).toBeUndefined();
      expect((await env.module.engine.settled(id))?.state).toBe('completed');
    } finally {
      await env.close();
    }
  });

  it('a scheduled campaign shows all its numbers as 待发送; cancelled before its time it shows 0 sent and no 发送时间', async () => {
    const env = sendingEnv(gw);
    env.module.startBackground();
    try {
      const { id } = draft(env, 9);
      env.ctx.db.prepare('UPDATE campaigns SET scheduled_at = ? WHERE id = ?').run(new Date(Date.now() + 3_600_000).toISOString(), id);
      const scheduled = await env.module.start(id);
      expect(scheduled.state).toBe('scheduled');
      expect(toSendCount(scheduled.progress)).toBe(9);
      const cancelled = env.module.cancel(id);
      expect(cancelled).toMatchObject({ state: 'cancelled', startedAt: null, counts: { cancelled: 9, submitted: 0 } });
      expect(shownProgress(cancelled.state, cancelled.progress, cancelled.counts)).toEqual({ done: 0, total: 9 });
      expect(toSendCount(cancelled.progress)).toBe(0);
      expect(gw.counters.callsByMethod['taobao.jst.sms.message.direct.batchsend']).toBeUndefined();
    } finally {
      await env.close();
    }
  });

  it('改时间: a rescheduled campaign fires at the new time and never at the old one; a time the check refuses is not saved', async () => {
    const clock = new FakeClock('2026-12-01 10:00');
    const env = sendingEnv(gw, { clock });
    env.module.startBackground();
    const BATCHSEND = 'taobao.jst.sms.message.direct.batchsend';
    const at = (text: string) => new Date(parseBeijingDateTime(text)!).toISOString();
    try {
      const { id } = draft(env, 10, { content: '${name}您好，新品上架 ${url}' });
      const linkId = Number(
        env.ctx.db
          .prepare(
            "INSERT INTO short_links (shop_id, long_url, short_url, tag, batch_number, created_at, expires_at) VALUES (1, 'https://item.taobao.com/item.htm?id=1', 'https://s.tb.cn/Ab.cdEf', 't', '1', ?, ?)",
          )
          .run(at('2026-12-01 09:00'), at('2026-12-01 14:00')).lastInsertRowid,
      );
      env.ctx.db
        .prepare("UPDATE campaigns SET short_link_id = ?, short_url = 'https://s.tb.cn/Ab.cdEf', scheduled_at = ? WHERE id = ?")
        .run(linkId, at('2026-12-01 11:00'), id);
      expect((await env.module.start(id)).state).toBe('scheduled');

      // Refused: past, after the 淘短链 expires (the check's own reason), a campaign that is not scheduled.
      await expect(env.module.reschedule(id, at('2026-12-01 09:59'))).rejects.toThrow(/将来/);
      await expect(env.module.reschedule(id, at('2026-12-01 15:00'))).rejects.toThrow(/^新的发送时间没有保存：淘短链将于/);
      expect(env.module.store.campaign(id)!.scheduledAt).toBe(at('2026-12-01 11:00'));

      const moved = await env.module.reschedule(id, at('2026-12-01 12:30'));
      expect(moved).toMatchObject({ state: 'scheduled', scheduledAt: at('2026-12-01 12:30') });
      // The old time passes: nothing happens.
      await clock.advance(61 * 60_000);
      expect(env.module.store.campaign(id)!.state).toBe('scheduled');
      expect(gw.counters.callsByMethod[BATCHSEND]).toBeUndefined();
      await clock.advance(88 * 60_000); // 12:29
      expect(env.module.store.campaign(id)!.state).toBe('scheduled');
      await clock.advance(60_000); // 12:30
      expect((await env.module.engine.settled(id))?.state).toBe('completed');
      expect(env.module.store.campaign(id)!.startedAt).toBe(at('2026-12-01 12:30'));
      expect(gw.counters.callsByMethod[BATCHSEND]).toBe(1);
      await expect(env.module.reschedule(id, at('2026-12-01 13:00'))).rejects.toThrow(/只有还没开始的定时发送/);
    } finally {
      await env.close();
    }
  });

  it('修改: a scheduled campaign goes back to draft (its time does not fire) and is scheduled again when confirmed', async () => {
    const clock = new FakeClock('2026-12-01 10:00');
    const env = sendingEnv(gw, { clock });
    env.module.startBackground();
    const at = (text: string) => new Date(parseBeijingDateTime(text)!).toISOString();
    try {
      const { id } = draft(env, 5);
      env.module.update({ id, scheduledAt: at('2026-12-01 11:00') });
      expect((await env.module.start(id)).state).toBe('scheduled');
      expect(env.module.edit(id)).toMatchObject({ state: 'draft', scheduledAt: at('2026-12-01 11:00') });
      expect(() => env.module.edit(id)).toThrow(/已经是草稿/);
      // Edited meanwhile: content and time (update works again on the draft).
      env.module.update({ id, constants: { name: '亲' }, scheduledAt: at('2026-12-01 12:00') });
      await clock.advance(90 * 60_000); // 11:30: the old time passed while it was a draft
      expect(env.module.store.campaign(id)!.state).toBe('draft');
      expect(gw.counters.callsByMethod['taobao.jst.sms.message.direct.batchsend']).toBeUndefined();
      expect((await env.module.start(id)).state).toBe('scheduled');
      await clock.advance(30 * 60_000);
      expect((await env.module.engine.settled(id))?.state).toBe('completed');
      expect(gw.control.sends({}).length).toBeGreaterThan(0);
    } finally {
      await env.close();
    }
  });

  it('a schedule that passed while the app was not running → missed on the next start; the seller decides', async () => {
    const env = sendingEnv(gw);
    try {
      const ids = [draft(env, 5).id, draft(env, 5).id, draft(env, 5).id];
      for (const id of ids)
        env.ctx.db.prepare("UPDATE campaigns SET state = 'scheduled', scheduled_at = ? WHERE id = ?").run(new Date(Date.now() - 10 * 60_000).toISOString(), id);
      env.module.startBackground(); // "the next start"
      for (const id of ids) expect(env.module.store.campaign(id)).toMatchObject({ state: 'missed', reasonCode: 'missed' });
      expect(gw.counters.callsByMethod['taobao.jst.sms.message.direct.batchsend']).toBeUndefined();
      env.module.decideMissed(ids[0]!, 'sendNow');
      expect((await env.module.engine.settled(ids[0]!))?.state).toBe('completed');
      expect(env.module.decideMissed(ids[1]!, 'reschedule', new Date(Date.now() + 300).toISOString()).state).toBe('scheduled');
      expect((await env.module.engine.settled(ids[1]!))?.state).toBe('completed');
      expect(() => env.module.decideMissed(ids[2]!, 'reschedule', new Date(Date.now() - 1).toISOString())).toThrow(/将来/);
      expect(env.module.decideMissed(ids[2]!, 'cancel').state).toBe('cancelled');
    } finally {
      await env.close();
    }
  });

  it('marketing pauses when the window closes mid-campaign and does not resume by itself without 次日自动续发', async () => {
    let now = parseBeijingDateTime('2026-12-01 19:59:58')!;
    const env = sendingEnv(gw, { module: { now: () => now, maxInFlight: 1 } });
    env.module.startBackground();
    const off = gw.control.onSend(() => {
      now = parseBeijingDateTime('2026-12-01 20:00:01')!;
    });
    try {
      const { id } = draft(env, 600, { type: 2, content: '${name}您好，全场5折，拒收请回复R' });
      await env.module.start(id);
      const paused = await env.module.engine.settled(id);
      expect(paused).toMatchObject({ state: 'paused', reasonCode: 'quiet-hours' });
      expect(paused?.reason).toMatch(/手动继续/);
      expect(env.module.store.counts(id)).toMatchObject({ submitted: 200, queued: 400 });
    } finally {
      off();
      await env.close();
    }
  });

  it('started outside the window: paused at once, nothing sent; notification templates are not limited', async () => {
    const now = parseBeijingDateTime('2026-12-01 23:00')!;
    const env = sendingEnv(gw, { module: { now: () => now } });
    env.module.startBackground();
    try {
      const marketing = draft(env, 10, { type: 2, content: '${name}您好，全场5折，拒收请回复R' });
      // One truth about what happens at 08:00: without 次日自动续发 it does not start by itself.
      const quietMessage = async () => (await env.module.check(marketing.id)).items.find((i) => i.code === 'quiet-hours')?.message;
      expect(await quietMessage()).toContain('不会自动开始：2026-12-02 08:00');
      expect(await quietMessage()).not.toMatch(/将[在于].*开始发送/);
      env.ctx.db.prepare('UPDATE campaigns SET auto_resume = 1 WHERE id = ?').run(marketing.id);
      expect(await quietMessage()).toContain('将于 2026-12-02 08:00 自动开始发送');
      const check = await env.module.check(marketing.id);
      expect(check.sendingWindow).toMatchObject({
        applies: true,
        openNow: false,
        nextOpenAt: new Date(parseBeijingDateTime('2026-12-02 08:00')!).toISOString(),
      });
      await env.module.start(marketing.id);
      expect(await env.module.engine.settled(marketing.id)).toMatchObject({ state: 'paused', reasonCode: 'quiet-hours' });
      expect(gw.counters.callsByMethod['taobao.jst.sms.message.direct.batchsend']).toBeUndefined();
      const notice = draft(env, 10);
      await env.module.start(notice.id);
      expect((await env.module.engine.settled(notice.id))?.state).toBe('completed');
    } finally {
      await env.close();
    }
  });
});

describe('restart recovery', () => {
  it('in_flight at start-up → unknown → reconciled; a sending campaign continues where it was', async () => {
    const env = sendingEnv(gw, { module: { maxInFlight: 1 } });
    try {
      const { id } = draft(env, 1000);
      let chunksSent = 0;
      let release = () => undefined as void;
      const hung = new Promise<void>((r) => (release = r));
      // First "process": sends two chunks, the third is cut between response and commit (a crash).
      const first = new SendingModule(env.ctx, {
        client: () => env.client,
        suppression: env.suppression,
        maxInFlight: 1,
        env: { JST_RECONCILE_AFTER_S: '0' },
        hooks: {
          afterResponse: async () => {
            if (++chunksSent === 3) await hung; // the process "dies" before committing
          },
        },
      });
      first.startBackground();
      await first.start(id);
      while (chunksSent < 3) await new Promise((r) => setTimeout(r, 20));
      void first.engine.stop();
      expect(env.module.store.chunkStateCounts(id)).toMatchObject({ accepted: 2, in_flight: 1, prepared: 2 });

      env.module.startBackground(); // the next start
      expect((await env.module.engine.settled(id))?.state).toBe('completed');
      expect(env.module.store.chunkStateCounts(id)).toMatchObject({ accepted: 4, reconciled: 1 });
      expect(env.module.store.counts(id).submitted).toBe(1000);
      expect(Object.values(gw.counters.sendsByNumber).every((n) => n === 1)).toBe(true);
      // A late commit of the dead process changes nothing (guarded transitions).
      release();
      await first.engine.stop();
      expect(env.module.store.chunkStateCounts(id)).toMatchObject({ accepted: 4, reconciled: 1 });
      expect(env.module.store.counts(id).submitted).toBe(1000);
    } finally {
      await env.close();
    }
  });
});

describe('one accepted chunk per number', () => {
  it('a number already accepted in the campaign is never queued or sent again, even if a row says 未确认', async () => {
    const env = sendingEnv(gw);
    env.module.startBackground();
    try {
      const { id } = draft(env, 5);
      await env.module.start(id);
      expect((await env.module.engine.settled(id))?.state).toBe('completed');
      const accepted = env.module.store.recipientsPage(id, ['accepted'], undefined, 1, 1).items[0]!;
      // A stray second row of the same number marked 未确认 (e.g. a bad import): the resend must skip it.
      env.ctx.db
        .prepare('INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status, vars) VALUES (1, ?, 99, ?, \'unconfirmed\', \'{"name":"x"}\')')
        .run(id, accepted.phone);
      env.ctx.db.prepare("UPDATE campaigns SET state = 'paused', reason_code = 'unconfirmed' WHERE id = ?").run(id);
      expect(() => env.module.resendUnconfirmed(id)).toThrow(/没有未确认/);
      expect(() => env.ctx.db.prepare("UPDATE campaign_recipients SET status = 'accepted' WHERE campaign_id = ? AND row_no = 99").run(id)).toThrow(/UNIQUE/);
      expect(gw.counters.sendsByNumber[accepted.phone]).toBe(1);
    } finally {
      await env.close();
    }
  });
});

describe('single send (inbox 发送模板)', () => {
  it('goes through the ledger and the suppression list', async () => {
    const env = sendingEnv(gw);
    env.module.startBackground();
    try {
      const { tpl } = draft(env, 1);
      const view = await env.module.sendSingle({ phone: '+86 139-0000-1111', templateId: tpl, signName: SIGN, vars: { name: '张三' } });
      expect(view.kind).toBe('single');
      expect((await env.module.engine.settled(view.id))?.state).toBe('completed');
      expect(gw.control.sends({ phone: '13900001111' })[0]!.content).toBe('【张三男装淘宝店】张三您好，您的订单已发货');
      new SuppressionStore(env.ctx).add(['13900002222'], { reason: 'block', source: 'manual' });
      await expect(env.module.sendSingle({ phone: '13900002222', templateId: tpl, signName: SIGN, vars: { name: '李四' } })).rejects.toThrow(
        /免打扰名单中：拉黑/,
      );
      await expect(env.module.sendSingle({ phone: '13900003333', templateId: tpl, signName: SIGN, vars: {} })).rejects.toThrow(/name/);
    } finally {
      await env.close();
    }
  });
});

describe('免打扰名单: 退订 blocks marketing, 拉黑 blocks everything', () => {
  it('a 退订 number gets the 发货 notice but not marketing; a 拉黑 number gets neither (at draft creation and at preparation)', async () => {
    const inWindow = parseBeijingDateTime('2026-12-01 10:00')!;
    const env = sendingEnv(gw, { module: { now: () => inWindow } });
    env.module.startBackground();
    const [optedOut, blocked, other] = ['13912340001', '13912340002', '13912340003'];
    const create = (tpl: number, code: string) =>
      createDraftFromRecipients(env.ctx, env.suppression, {
        name: code,
        kind: 'campaign',
        templateId: tpl,
        signName: SIGN,
        recipients: [optedOut, blocked, other].map((phone) => ({ phone: phone, vars: { name: '亲' } })),
      });
    try {
      env.signature();
      // Marketing drafted before the entries exist: preparation (and the check before it) leaves both out.
      const marketing = create(env.template(`SMS_C${++seq}`, '${name}您好，全场5折，拒收请回复R', 2), 'marketing');
      env.suppression.add([optedOut], { reason: 'optout', source: 'reply', note: '回复“T”自动退订' });
      env.suppression.add([blocked], { reason: 'block', source: 'manual' });
      // The notice is drafted after: only the 拉黑 number is left out.
      const notice = create(env.template(`SMS_C${++seq}`, '${name}您好，您的订单已发货'), 'notice');
      expect(env.module.store.counts(notice)).toMatchObject({ valid: 2, suppressed: 1 });

      const check = await env.module.check(marketing);
      expect(check).toMatchObject({ doNotSendSkipped: 2, finalRecipients: 1 });
      expect(check.items.find((i) => i.code === 'do-not-send')?.message).toContain('退订 1，拉黑 1');
      expect(await env.module.check(notice)).toMatchObject({ doNotSendSkipped: 0, finalRecipients: 2 });

      await env.module.start(marketing);
      await env.module.start(notice);
      expect((await env.module.engine.settled(marketing))?.state).toBe('completed');
      expect((await env.module.engine.settled(notice))?.state).toBe('completed');
      const texts = (phone: string) => gw.control.sends({ phone }).map((s) => s.content);
      expect(texts(optedOut)).toEqual([`【${SIGN}】亲您好，您的订单已发货`]);
      expect(texts(blocked)).toEqual([]);
      expect(texts(other)).toHaveLength(2);
      expect(env.module.store.counts(marketing)).toMatchObject({ submitted: 1, skipped: 2 });
    } finally {
      await env.close();
    }
  });

  it('with 退订的号码也不发通知短信 on, an opted-out number gets no notice either', async () => {
    const env = sendingEnv(gw);
    env.module.startBackground();
    try {
      env.ctx.settings.update('sending', { ...env.ctx.settings.get().sending, optOutBlocksAll: true });
      env.suppression.add(['13912340011'], { reason: 'optout', source: 'reply' });
      env.signature();
      const tpl = env.template(`SMS_C${++seq}`, '${name}您好，您的订单已发货');
      const id = createDraftFromRecipients(env.ctx, env.suppression, {
        name: 'notice',
        kind: 'campaign',
        templateId: tpl,
        signName: SIGN,
        recipients: ['13912340011', '13912340012'].map((phone) => ({ phone, vars: { name: '亲' } })),
      });
      await env.module.start(id);
      expect((await env.module.engine.settled(id))?.state).toBe('completed');
      expect(gw.control.sends({ phone: '13912340011' })).toEqual([]);
      expect(gw.control.sends({ phone: '13912340012' })).toHaveLength(1);
    } finally {
      await env.close();
    }
  });
});

describe('新建群发', () => {
  it('an untouched empty draft is removed when the next one is created; a draft with a name change or numbers stays', async () => {
    // A frozen clock: creation and rename fall in the same millisecond, which once made a renamed draft look untouched.
    const env = sendingEnv(gw, { clock: new FakeClock('2026-12-01 10:00') });
    try {
      env.module.create();
      const renamedLater = env.module.create();
      expect(env.module.list()).toHaveLength(1); // the first went when this one was created
      env.module.update({ id: renamedLater.id, name: '双十二预热' });
      const { id: filled } = draft(env, 3);
      const third = env.module.create();
      expect(
        env.module
          .list()
          .map((c) => c.id)
          .sort((a, b) => a - b),
      ).toEqual([renamedLater.id, filled, third.id].sort((a, b) => a - b));
    } finally {
      await env.close();
    }
  });
});
