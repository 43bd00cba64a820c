import { join } from 'node:path';
import type { EventName } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Core, CoreOptions } from '../core/app-core';
import type { DemoSwitch } from '../core/features/demo';
import { DEMO_PASSPHRASE, DEMO_PROFILE_SUBDIR } from '../core/demo-profile';
import { seedDemoProfile } from './seed';
import { demoResponseFromEnv, respondForControlGroups } from './responses';
import { startDemoWorld, type DemoWorld } from './world';

/**
 * Lets a host (browser host or Electron shell) offer 体验演示模式 without knowing about it: it gets one
 * Core-shaped object whose dispatch and events follow whichever core is current.
 * - The seller's own core keeps running underneath (a campaign it is sending goes on; replies keep arriving).
 * - The demo core has its own profile (<profile>/demo: database, settings, vault) and talks only to the
 *   simulators started here on loopback; leaving closes both, so nothing is left running.
 * - After a switch `demo.changed` tells the renderer to reload against the other core.
 */

export type CreateCore = (options: CoreOptions) => Promise<Core>;

export interface SwitchableCoreOptions {
  createCore: CreateCore;
  /** Options of the seller's own core. */
  options: CoreOptions;
  /** `npm run demo`: start straight in demo mode. */
  startInDemo?: boolean;
}

type Listener = (name: EventName, payload: unknown) => void;

/** One switch at a time: entering and exiting are phases, so a call always knows what is under way. */
type Phase = 'idle' | 'entering' | 'active' | 'exiting';

/** Thrown to the pending demo.enter when demo.exit arrives before the demo core was ready. */
const ENTER_CANCELLED = '已退出演示模式，演示环境未启动。';

export async function createSwitchableCore({ createCore, options, startInDemo = false }: SwitchableCoreOptions): Promise<Core> {
  const listeners = new Set<Listener>();
  let phase: Phase = 'idle';
  let demo: { core: Core; world: DemoWorld } | null = null;
  /** The switch under way (entering or exiting); settled when its phase ends. */
  let transition: Promise<void> = Promise.resolve();
  let enterCancelled = false;
  let closed = false;

  const forward: Listener = (name, payload) => {
    for (const listener of listeners) listener(name, payload);
  };

  const demoSwitch: DemoSwitch = {
    get active() {
      return phase === 'active';
    },
    enter,
    exit,
  };
  const real = await createCore({ ...options, demo: demoSwitch });
  let current = real;
  let unsubscribe = real.events.subscribe(forward);

  const use = (core: Core) => {
    unsubscribe();
    current = core;
    unsubscribe = core.events.subscribe(forward);
    forward('demo.changed', { active: core !== real, available: true });
  };

  /** Resolves once the demo core answers; rejects (leaving the seller's core in place) if it cannot start or exit cancelled it. */
  async function enter(): Promise<void> {
    if (closed) throw new AppError('CONFLICT', '程序正在退出，无法进入演示模式。');
    if (phase === 'active') return;
    if (phase === 'entering') return transition; // the same outcome as the call that started it
    if (phase === 'exiting') {
      await transition.catch(() => undefined);
      return enter();
    }
    phase = 'entering';
    enterCancelled = false;
    const entering = startDemo().then(
      () => {
        phase = 'active';
      },
      (error: unknown) => {
        phase = 'idle';
        throw error;
      },
    );
    transition = entering;
    return entering;
  }

  async function startDemo() {
    const cancelled = new AppError('CONFLICT', ENTER_CANCELLED);
    const stopIfCancelled = () => {
      if (enterCancelled || closed) throw cancelled;
    };
    let world: DemoWorld | undefined;
    let core: Core | undefined;
    try {
      world = await startDemoWorld({ shop: { response: demoResponseFromEnv(options.env ?? process.env) } });
      stopIfCancelled();
      core = await createCore({
        ...options,
        profileDir: join(options.profileDir, DEMO_PROFILE_SUBDIR),
        settingsStore: undefined,
        vaultBackend: () => ({ kind: 'passphrase' }),
        passphrase: DEMO_PASSPHRASE,
        env: { ...options.env, JST_AUDIT_POLL_MS: '2000,10000' },
        demo: demoSwitch,
      });
      stopIfCancelled();
      await seedDemoProfile(core, world);
      stopIfCancelled();
      // Lives as long as the demo core (its event bus closes with it).
      respondForControlGroups(core, world.shop);
    } catch (error) {
      if (error !== cancelled) real.log.error('demo mode failed to start', { error });
      await core?.close();
      await world?.close();
      if (error instanceof AppError) throw error;
      throw new AppError('INTERNAL', '演示环境未能启动，仍在使用您自己的店铺。详情已写入日志。', { cause: error });
    }
    demo = { core, world };
    use(core);
  }

  /** Resolves when the seller's own core answers again; a pending enter is cancelled, never completed later. */
  async function exit(): Promise<void> {
    if (phase === 'idle') return;
    if (phase === 'entering') enterCancelled = true;
    if (phase === 'entering' || phase === 'exiting') {
      await transition.catch(() => undefined);
      return exit();
    }
    phase = 'exiting';
    const leaving = demo!;
    demo = null;
    use(real);
    const exiting = (async () => {
      try {
        await leaving.core.close();
        await leaving.world.close();
      } finally {
        phase = 'idle';
      }
    })();
    transition = exiting;
    return exiting;
  }

  // `npm run demo`: a demo that cannot start leaves the seller's own core serving (the failure is logged).
  if (startInDemo) await enter().catch(() => undefined);

  return {
    get ctx() {
      return current.ctx;
    },
    get services() {
      return current.services;
    },
    get log() {
      return current.log;
    },
    dispatch: (method, input) => current.dispatch(method, input),
    events: {
      emit: (name, payload) => current.events.emit(name, payload),
      subscribe(listener: Listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    async close() {
      closed = true;
      await exit();
      unsubscribe();
      await real.close();
    },
  };
}
