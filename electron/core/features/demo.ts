import { AppError } from '../../../shared/errors';
import type { DemoStatus } from '../../../shared/demo/contract';
import type { Handlers } from '../dispatch';

/** Supplied by a host that can run demo mode (electron/demo/switcher.ts); absent = not available. */
export interface DemoSwitch {
  readonly active: boolean;
  /** Resolves once the demo core serves; rejects with a Chinese AppError when it cannot start or an exit cancelled it. */
  enter(): Promise<void>;
  /** Resolves once the seller's own core serves again (a pending enter is cancelled, not completed later). */
  exit(): Promise<void>;
}

export function demoHandlers(demo: DemoSwitch | undefined): Pick<Handlers, 'demo.status' | 'demo.enter' | 'demo.exit'> {
  const status = (): DemoStatus => ({ active: demo?.active ?? false, available: Boolean(demo) });
  return {
    'demo.status': () => status(),
    // Both answer the state after the switch, so the renderer never waits on a switch that did not happen.
    'demo.enter': async () => {
      if (!demo) throw new AppError('NOT_FOUND', '此版本不包含演示模式');
      await demo.enter();
      return status();
    },
    'demo.exit': async () => {
      if (demo) await demo.exit();
      return status();
    },
  };
}
