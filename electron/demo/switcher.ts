import { join } from 'node:path';
import type { EventName } from '../../shared/contract';
import type { Core, CoreOptions } from '../core/app-core';
import type { DemoSwitch } from '../core/features/demo';
import { seedDemoProfile } from './seed';
import { startDemoWorld, type DemoWorld } from './world';

/**
 * Lets a host (browser host or Electron shell) offer 体验演示模式 without knowing about it: it gets one
 * Core-shaped object whose dispatch and events follow whichever core is current.
 * - The seller's own core keeps running underneath (a campaign it is sending goes on; replies keep arriving).
 * - The demo core has its own profile (<profile>/demo: database, settings, vault) and talks only to the
 *   simulators started here on loopback; leaving closes both, so nothing is left running.
 * - After a switch `demo.changed` tells the renderer to reload against the other core.
 */
export const DEMO_PROFILE_SUBDIR = 'demo';
/** Demo secrets are the simulators' published demo keys; the passphrase only satisfies the vault. */
export const DEMO_PASSPHRASE = 'jst-sms-demo-profile';

export type CreateCore = (options: CoreOptions) => Promise<Core>;

export interface SwitchableCoreOptions {
  createCore: CreateCore;
  /** Options of the seller's own core. */
  options: CoreOptions;
  /** `npm run demo`: start straight in demo mode. */
  startInDemo?: boolean;
}

type Listener = (name: EventName, payload: unknown) => void;

export async function createSwitchableCore({ createCore, options, startInDemo = false }: SwitchableCoreOptions): Promise<Core> {
  const listeners = new Set<Listener>();
  let demo: { core: Core; world: DemoWorld } | null = null;
  let switching: Promise<void> = Promise.resolve();
  let closed = false;

  const forward: Listener = (name, payload) => {
    for (const listener of listeners) listener(name, payload);
  };

  const demoSwitch: DemoSwitch = {
    get active() {
      return demo !== null;
    },
    enter: () => void queue(enterDemo),
    exit: () => void queue(exitDemo),
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

  async function enterDemo() {
    if (demo || closed) return;
    const world = await startDemoWorld();
    try {
      const core = await createCore({
        ...options,
        profileDir: join(options.profileDir, DEMO_PROFILE_SUBDIR),
        settingsStore: undefined,
        vaultBackend: () => ({ kind: 'passphrase' }),
        passphrase: DEMO_PASSPHRASE,
        env: { ...options.env, JST_AUDIT_POLL_MS: '2000,10000' },
        demo: demoSwitch,
      });
      demo = { core, world };
      await seedDemoProfile(core, world);
      use(core);
    } catch (error) {
      real.log.error('demo mode failed to start', { error });
      await demo?.core.close();
      demo = null;
      await world.close();
      throw error;
    }
  }

  async function exitDemo() {
    if (!demo) return;
    const { core, world } = demo;
    demo = null;
    use(real);
    await core.close();
    await world.close();
  }

  function queue(step: () => Promise<void>): Promise<void> {
    // Let the answer of demo.enter / demo.exit go out first: the switch replaces the core that handled it.
    switching = switching.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(step, step);
    return switching.catch(() => undefined);
  }

  if (startInDemo) await queue(enterDemo);

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
      await switching.catch(() => undefined);
      await exitDemo();
      unsubscribe();
      await real.close();
    },
  };
}
