import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core, type CoreOptions } from '../../../electron/core/app-core';
import { DEMO_PROFILE_SUBDIR } from '../../../electron/core/demo-profile';
import { createSwitchableCore } from '../../../electron/demo/switcher';
import type { DemoStatus } from '../../../shared/demo/contract';
import type { Envelope } from '../../../shared/errors';
import { tempDir, TEST_SCRYPT } from '../../helpers/profile';

// demo.enter / demo.exit answer the state after the switch, one switch at a time (issue 15 §8, issue 16 security 8).
let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** A switchable core whose demo core creation waits for `demoGate` (and fails with `demoFailure` if set). */
async function gatedSwitchable() {
  const { dir, cleanup } = tempDir('jst-demo-switch-');
  const control = { demoGate: gate(), demoRequested: gate(), demoFailure: null as Error | null };
  const core = await createSwitchableCore({
    createCore: async (options: CoreOptions) => {
      if (!options.profileDir.endsWith(DEMO_PROFILE_SUBDIR)) return createCore(options);
      control.demoRequested.open();
      await control.demoGate.opened;
      if (control.demoFailure) throw control.demoFailure;
      return createCore(options);
    },
    options: {
      host: 'browser',
      profileDir: dir,
      vaultBackend: () => ({ kind: 'passphrase', scrypt: TEST_SCRYPT }),
      passphrase: 'real-profile-pass',
      logSink: () => {},
    },
  });
  cleanups.push(cleanup, () => core.close());
  const changes: DemoStatus[] = [];
  core.events.subscribe((name, payload) => name === 'demo.changed' && changes.push(payload as DemoStatus));
  return { core, dir, control, changes };
}

/** Tracks whether a dispatch has answered, without waiting for it. */
function track(answer: Promise<Envelope<unknown>>) {
  const state = { settled: false, answer };
  void answer.then(() => (state.settled = true));
  return state;
}

const status = async (core: Core) => ((await core.dispatch('demo.status', {})) as { ok: true; result: DemoStatus }).result;

describe('demo switch', () => {
  it('demo.enter answers only once the demo core serves', async () => {
    const { core, dir, control, changes } = await gatedSwitchable();
    const entering = track(core.dispatch('demo.enter', { confirm: true }));
    await control.demoRequested.opened;
    await status(core); // a later request is answered while the switch is under way
    expect(entering.settled).toBe(false);
    expect(await status(core)).toEqual({ active: false, available: true });

    control.demoGate.open();
    expect(await entering.answer).toEqual({ ok: true, result: { active: true, available: true } });
    expect(changes).toEqual([{ active: true, available: true }]);
    expect(core.ctx.profileDir).toBe(`${dir}/${DEMO_PROFILE_SUBDIR}`);
  }, 30_000);

  it('a demo that cannot start answers a Chinese error and leaves the seller on their own profile', async () => {
    const { core, dir, control, changes } = await gatedSwitchable();
    control.demoFailure = new Error('listen EADDRINUSE 127.0.0.1');
    control.demoGate.open();
    const answer = await core.dispatch('demo.enter', { confirm: true });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.message).toMatch(/演示环境未能启动/);
    expect(answer.error.message).not.toMatch(/EADDRINUSE/);
    expect(changes).toEqual([]);
    expect(core.ctx.profileDir).toBe(dir);
    expect(await status(core)).toEqual({ active: false, available: true });

    // The switch is idle again: a second try can succeed.
    control.demoFailure = null;
    expect(await core.dispatch('demo.enter', { confirm: true })).toEqual({ ok: true, result: { active: true, available: true } });
  }, 30_000);

  it('demo.exit while demo.enter is starting cancels the enter: both answer, and the demo never starts later', async () => {
    const { core, dir, control, changes } = await gatedSwitchable();
    const entering = track(core.dispatch('demo.enter', { confirm: true }));
    await control.demoRequested.opened;
    const exiting = track(core.dispatch('demo.exit', {}));
    await status(core);
    expect(exiting.settled).toBe(false); // it waits for the pending enter to wind down, then answers the truth

    control.demoGate.open();
    const exitAnswer = await exiting.answer;
    const enterAnswer = await entering.answer;
    expect(exitAnswer).toEqual({ ok: true, result: { active: false, available: true } });
    expect(enterAnswer.ok).toBe(false);
    if (!enterAnswer.ok) expect(enterAnswer.error).toMatchObject({ code: 'CONFLICT', message: '已退出演示模式，演示环境未启动。' });
    // Both calls are settled, so no switch is left pending that could enter the demo later.
    expect(changes).toEqual([]);
    expect(core.ctx.profileDir).toBe(dir);
    expect(await status(core)).toEqual({ active: false, available: true });
  }, 30_000);

  it('demo.enter during an exit waits for the demo core to close, then enters again', async () => {
    const { core, control, changes } = await gatedSwitchable();
    control.demoGate.open();
    await core.dispatch('demo.enter', { confirm: true });
    const exiting = core.dispatch('demo.exit', {});
    const entering = core.dispatch('demo.enter', { confirm: true });
    expect(await exiting).toEqual({ ok: true, result: { active: false, available: true } });
    expect(await entering).toEqual({ ok: true, result: { active: true, available: true } });
    expect(changes.map((c) => c.active)).toEqual([true, false, true]);
  }, 30_000);
});
