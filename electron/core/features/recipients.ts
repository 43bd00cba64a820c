import type { CoreContext } from '../context';
import type { Handlers } from '../dispatch';
import { inspectSource, uploadStore } from '../recipients';
import { importBlacklist } from '../suppression/import';
import type { SuppressionStore } from '../suppression/store';
import { splitPastedNumbers } from '../../../shared/sending/phone';

type RecipientRequests =
  | 'uploads.begin'
  | 'uploads.append'
  | 'uploads.finish'
  | 'recipients.inspect'
  | 'suppression.list'
  | 'suppression.add'
  | 'suppression.remove'
  | 'suppression.export'
  | 'suppression.policy'
  | 'suppression.setPolicy'
  | 'suppression.import';

/** Uploads, the mapping step's inspection and the suppression list (the import itself runs in campaigns.importRecipients). */
export function recipientHandlers(ctx: CoreContext, suppression: SuppressionStore): Pick<Handlers, RecipientRequests> {
  const uploads = uploadStore(ctx);
  return {
    'uploads.begin': ({ name, size }) => uploads.begin(name, size),
    'uploads.append': ({ uploadId, offset, data }) => uploads.append(uploadId, offset, data),
    'uploads.finish': ({ uploadId }) => uploads.finish(uploadId),
    'recipients.inspect': ({ source, hasHeader, templateVariables }) => inspectSource(ctx, source, { hasHeader, templateVariables }),
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
