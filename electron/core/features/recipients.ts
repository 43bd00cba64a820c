import type { CoreContext } from '../context';
import type { Handlers } from '../dispatch';
import { inspectSource, uploadStore } from '../recipients';

type RecipientRequests = 'uploads.begin' | 'uploads.append' | 'uploads.finish' | 'recipients.inspect';

/** Uploads and the mapping step's inspection (the import itself runs in campaigns.importRecipients). */
export function recipientHandlers(ctx: CoreContext): Pick<Handlers, RecipientRequests> {
  const uploads = uploadStore(ctx);
  return {
    'uploads.begin': ({ name, size }) => uploads.begin(name, size),
    'uploads.append': ({ uploadId, offset, data }) => uploads.append(uploadId, offset, data),
    'uploads.finish': ({ uploadId }) => uploads.finish(uploadId),
    'recipients.inspect': ({ source, hasHeader, templateVariables }) => inspectSource(ctx, source, { hasHeader, templateVariables }),
  };
}
