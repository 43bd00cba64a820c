import type { Handlers } from '../dispatch';
import type { TopService } from '../top/service';

export function topHandlers(top: TopService): Pick<Handlers, 'setup.testTop'> {
  return {
    'setup.testTop': () => top.testConnection(),
  };
}
