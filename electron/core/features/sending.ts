import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import type { Handlers } from '../dispatch';
import { importRecipients, isImportRunning } from '../recipients/import';
import type { SendingModule } from '../sending';
import type { SuppressionStore } from '../suppression/store';

type CampaignRequests = Extract<keyof Handlers, `campaigns.${string}`>;

/**
 * Campaigns and the send ledger (issue 9). The engine runs in main (startBackground in services.ts): start-up recovery
 * (in_flight → unknown, missed schedules) and every campaign still sending continues whatever windows or tabs are open.
 */
export function sendingHandlers(ctx: CoreContext, m: SendingModule, suppression: SuppressionStore): Pick<Handlers, CampaignRequests> {
  return {
    'campaigns.list': ({ states }) => m.list(states),
    'campaigns.get': ({ id }) => m.view(id),
    'campaigns.create': ({ name }) => m.create(name),
    'campaigns.update': (input) => m.update(input),
    'campaigns.importRecipients': async ({ id, source, mapping }) => {
      const c = m.mustGet(id);
      if (c.state !== 'draft') throw new AppError('CONFLICT', '发送任务已开始，不能更换号码。');
      m.usePhones(id);
      await importRecipients(ctx, suppression, { campaignId: id, source, mapping });
      return m.view(id);
    },
    'campaigns.importOrders': ({ id, tids, filter, perOrder, vars }) => m.importOrders(id, { tids, filter, perOrder, vars }),
    'campaigns.recipients': ({ id, statuses, deliveries, search, page, pageSize }) => {
      m.mustGet(id);
      const { items, total } = m.store.recipientsPage(id, statuses, search, page, pageSize, deliveries);
      return { items, total, page, pageSize };
    },
    'campaigns.exportRows': async ({ id, statuses }) => {
      m.mustGet(id);
      const { exportRecipientRows } = await import('../recipients/export');
      return exportRecipientRows(ctx, id, statuses);
    },
    'campaigns.check': ({ id }) => {
      if (isImportRunning(ctx.db, id)) throw new AppError('CONFLICT', '号码还在导入中，请稍候再检查。');
      return m.check(id);
    },
    'campaigns.start': ({ id }) => m.start(id),
    'campaigns.pause': ({ id }) => m.pause(id),
    'campaigns.resume': ({ id }) => m.resume(id),
    'campaigns.cancel': ({ id }) => m.cancel(id),
    'campaigns.resendUnconfirmed': ({ id }) => m.resendUnconfirmed(id),
    'campaigns.testSend': ({ id, phones }) => m.testSend(id, phones),
    'campaigns.testSends': ({ id }) => m.testSends(id),
    'campaigns.reschedule': ({ id, scheduledAt }) => m.reschedule(id, scheduledAt),
    'campaigns.edit': ({ id }) => m.edit(id),
    'campaigns.decideMissed': ({ id, action, at }) => m.decideMissed(id, action, at),
    'campaigns.delete': ({ id }) => m.delete(id),
    'campaigns.sendSingle': (input) => m.sendSingle(input),
  };
}
