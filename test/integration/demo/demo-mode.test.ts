import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../shared/contract';
import type { DemoStatus } from '../../../shared/demo/contract';
import type { SignatureView, TemplateView } from '../../../shared/templates/contract';
import { createCore, type Core } from '../../../electron/core/app-core';
import { buyerBehaviour, DEMO_MARKETING_TEMPLATE, DEMO_NOTICE_EXAMPLE, DEMO_NOTICE_TEMPLATE, DEMO_SIGNATURE } from '../../../electron/demo/world';
import { createSwitchableCore } from '../../../electron/demo/switcher';
import { tempDir, TEST_SCRYPT } from '../../helpers/profile';
import type { DeliveryUpdatedEvent, ReplyReceivedEvent } from '../../../shared/messages/contract';

// 体验演示模式: in-process simulators, a separate profile, seeded data and simulated buyers.
let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function ok<T>(core: Core, method: string, input: unknown = {}): Promise<T> {
  const envelope = await core.dispatch(method, input);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.result as T;
}

async function switchable(startInDemo: boolean) {
  const { dir, cleanup } = tempDir('jst-demo-');
  const core = await createSwitchableCore({
    createCore,
    startInDemo,
    options: {
      host: 'browser',
      profileDir: dir,
      vaultBackend: () => ({ kind: 'passphrase', scrypt: TEST_SCRYPT }),
      passphrase: 'real-profile-pass',
      logSink: () => {},
    },
  });
  cleanups.push(cleanup, () => core.close());
  return { core, dir };
}

/** Numbers whose simulated buyer is delivered and replies, or fails. */
function phonesWhere(predicate: (phone: string) => boolean, count: number): string[] {
  const out: string[] = [];
  for (let n = 0; out.length < count && n < 100_000; n++) {
    const phone = `139${String(n).padStart(8, '0')}`;
    if (predicate(phone)) out.push(phone);
  }
  return out;
}

describe('demo mode', () => {
  it('starts straight into a seeded demo profile; every number answers its first SMS, later ones get real-looking outcomes', async () => {
    const { core } = await switchable(true);
    expect(await ok<DemoStatus>(core, 'demo.status')).toEqual({ active: true, available: true });
    expect(core.ctx.profileDir).toMatch(/[\\/]demo$/);

    const templates = await ok<TemplateView[]>(core, 'templates.list');
    const notice = templates.find((t) => t.platformCode === DEMO_NOTICE_TEMPLATE.code);
    expect(notice?.status).toBe('approved');
    // Example values and signature, so a test SMS needs nothing but a number.
    expect(notice?.sampleValues).toEqual(DEMO_NOTICE_EXAMPLE);
    expect(notice?.previewSignName).toBe(DEMO_SIGNATURE);
    expect(templates.find((t) => t.name === DEMO_MARKETING_TEMPLATE.name)?.status).toBe('pending');
    const signatures = await ok<SignatureView[]>(core, 'signatures.list');
    expect(signatures.find((s) => s.name === DEMO_SIGNATURE)?.status).toBe('approved');
    expect((await ok<unknown[]>(core, 'shortLinks.list', { includeExpired: false })).length).toBe(1);

    const events: Array<[EventName, unknown]> = [];
    core.events.subscribe((name, payload) => events.push([name, payload]));
    // Numbers whose later SMS fail, get a reply, get none.
    const failing = phonesWhere((p) => !buyerBehaviour(p, 1).delivered, 1);
    const replying = phonesWhere((p) => buyerBehaviour(p, 1).reply !== null, 1);
    const quiet = phonesWhere((p) => buyerBehaviour(p, 1).delivered && buyerBehaviour(p, 1).reply === null, 1);
    const phones = [...failing, ...replying, ...quiet];
    const send = () =>
      core.services.top.client().batchSend({
        signName: DEMO_SIGNATURE,
        templateCode: DEMO_NOTICE_TEMPLATE.code,
        recipients: phones.map((phone) => ({ phone, params: DEMO_NOTICE_EXAMPLE })),
      });
    const reports = () => events.flatMap(([name, p]) => (name === 'delivery.updated' ? (p as DeliveryUpdatedEvent).reports : []));
    const replies = () => events.flatMap(([name, p]) => (name === 'reply.received' ? [(p as ReplyReceivedEvent).reply] : []));
    const byPhone = (list: Array<{ phone: string; content: string }>) => Object.fromEntries(list.map((r) => [r.phone, r.content]));

    // First SMS: every one delivered and answered (never with an opt-out), whatever the number.
    await send();
    await expect.poll(() => reports().length, { timeout: 15_000 }).toBe(3);
    expect(reports().every((r) => r.success)).toBe(true);
    await expect.poll(() => replies().length, { timeout: 20_000 }).toBe(3);
    expect(byPhone(replies())).toEqual(Object.fromEntries(phones.map((p) => [p, buyerBehaviour(p, 0).reply!.content])));
    expect(replies().some((r) => ['T', '退订'].includes(r.content))).toBe(false);

    // The next SMS to the same numbers: a carrier failure with its real code, one reply, silence.
    await send();
    await expect.poll(() => reports().length, { timeout: 15_000 }).toBe(6);
    expect(
      reports()
        .slice(3)
        .find((r) => r.phone === failing[0]),
    ).toMatchObject({ success: false, errCode: buyerBehaviour(failing[0]!, 1).resultCode });
    await expect.poll(() => replies().length, { timeout: 20_000 }).toBe(4);
    expect(replies()[3]).toMatchObject({ phone: replying[0], content: buyerBehaviour(replying[0]!, 1).reply!.content });
  }, 60_000);

  it('enters and leaves demo mode from the contract without touching the real profile', async () => {
    const { core, dir } = await switchable(false);
    expect(await ok<DemoStatus>(core, 'demo.status')).toEqual({ active: false, available: true });
    await ok(core, 'templates.save', { name: '我的模板', type: 1, content: '亲，您的订单${order}已发货', remark: '真实店铺' });

    const changes: DemoStatus[] = [];
    core.events.subscribe((name, payload) => name === 'demo.changed' && changes.push(payload as DemoStatus));
    await ok(core, 'demo.enter', { confirm: true });
    await expect.poll(() => changes.at(-1)?.active, { timeout: 15_000 }).toBe(true);
    expect(core.ctx.profileDir).toBe(`${dir}/demo`);
    const demoTemplates = await ok<TemplateView[]>(core, 'templates.list');
    expect(demoTemplates.some((t) => t.name === '我的模板')).toBe(false);

    await ok(core, 'demo.exit');
    await expect.poll(() => changes.at(-1)?.active, { timeout: 10_000 }).toBe(false);
    expect(core.ctx.profileDir).toBe(dir);
    const realTemplates = await ok<TemplateView[]>(core, 'templates.list');
    expect(realTemplates.map((t) => t.name)).toEqual(['我的模板']);
  }, 45_000);

  it('the marketing template is approved about ten seconds after submit', async () => {
    const { core } = await switchable(true);
    await expect
      .poll(async () => (await ok<TemplateView[]>(core, 'templates.list')).find((t) => t.name === DEMO_MARKETING_TEMPLATE.name)?.status, {
        timeout: 25_000,
        interval: 1_000,
      })
      .toBe('approved');
  }, 40_000);
});
