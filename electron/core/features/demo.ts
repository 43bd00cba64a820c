import { AppError } from '../../../shared/errors';
import type { DemoStatus } from '../../../shared/demo/contract';
import type { Handlers } from '../dispatch';

/** Supplied by a host that can run demo mode (electron/demo/switcher.ts); absent = not available. */
export interface DemoSwitch {
  active: boolean;
  /** Both resolve after the answer went out: the switch replaces the core that handles this very call. */
  enter(): void;
  exit(): void;
}

export function demoHandlers(demo: DemoSwitch | undefined): Pick<Handlers, 'demo.status' | 'demo.enter' | 'demo.exit'> {
  const status = (active = demo?.active ?? false): DemoStatus => ({ active, available: Boolean(demo) });
  return {
    'demo.status': () => status(),
    'demo.enter': () => {
      if (!demo) throw new AppError('NOT_FOUND', '此版本不包含演示模式');
      if (!demo.active) demo.enter();
      return status(true);
    },
    'demo.exit': () => {
      if (!demo?.active) return status(false);
      demo.exit();
      return status(false);
    },
  };
}
