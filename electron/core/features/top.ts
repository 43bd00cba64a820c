import type { CoreContext } from '../context';
import type { Handlers } from '../dispatch';
import { createTopService } from '../top/service';

export function topHandlers(ctx: CoreContext): Pick<Handlers, 'setup.testTop'> {
  const top = createTopService(ctx);
  return {
    'setup.testTop': () => top.testConnection(),
  };
}
