import type { CoreContext } from '../context';
import type { Handlers } from '../dispatch';
import { importBlacklist } from '../suppression/import';
import type { SuppressionStore } from '../suppression/store';
import { splitPastedNumbers } from '../../../shared/sending/phone';

type SuppressionRequests =
  'suppression.list' | 'suppression.add' | 'suppression.remove' | 'suppression.export' | 'suppression.policy' | 'suppression.setPolicy' | 'suppression.import';

/** The per-shop do-not-send list as the seller edits it; sends, imports and the inbox read the same store. */
export function suppressionHandlers(ctx: CoreContext, suppression: SuppressionStore): Pick<Handlers, SuppressionRequests> {
  return {
    'suppression.list': (query) => suppression.list(query),
    'suppression.add': ({ text, reason, note }) => suppression.add(splitPastedNumbers(text), { reason, source: 'manual', note }),
    'suppression.remove': ({ phones }) => suppression.remove(phones),
    'suppression.export': () => suppression.exportCsv(),
    'suppression.policy': () => ({ optOutBlocksAll: ctx.settings.get().sending.optOutBlocksAll }),
    'suppression.setPolicy': ({ optOutBlocksAll }) => {
      ctx.settings.update('sending', { ...ctx.settings.get().sending, optOutBlocksAll });
      return { optOutBlocksAll: ctx.settings.get().sending.optOutBlocksAll };
    },
    'suppression.import': (input) => importBlacklist(ctx, suppression, input),
  };
}
