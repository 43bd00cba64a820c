import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import type { Handlers } from '../dispatch';
import { exportCampaign } from '../history/export';
import { resendFailed } from '../history/resend';
import { parseBeijingDay } from '../../../shared/time/beijing';
import { withinQueryWindow } from '../history/time';
import { normalisePhone } from '../mq/parse';
import type { HistoryRequestName } from '../history/names';
import type { CoreServices } from '../services';

/** 发送记录: delivery states, reconciliation, charts data, export, resend failed. */
export function historyHandlers(ctx: CoreContext, services: Pick<CoreServices, 'history' | 'top' | 'suppression'>): Pick<Handlers, HistoryRequestName> {
  const { history: service, top, suppression } = services;
  const { queries } = service;
  return {
    'history.campaigns': (input) => queries.campaigns(input),
    'history.daily': (input) => queries.daily(input.days, ctx.clock.now()),
    'history.campaign': (input) => queries.detail(input.id, ctx.clock.now()),
    'history.numbers': (input) => queries.numbers(input),
    'history.timeline': (input) => queries.timeline(input.recipientId),
    'history.lookup': (input) => queries.lookup(input.phone),
    'history.queryPlatform': async (input) => {
      const phone = normalisePhone(input.phone);
      if (!/^1[3-9]\d{9}$/.test(phone)) throw new AppError('BAD_REQUEST', '请输入 11 位大陆手机号。');
      const dayStart = parseBeijingDay(input.day);
      if (dayStart === null || !withinQueryWindow(dayStart, ctx.clock.now())) throw new AppError('BAD_REQUEST', '只能查询最近 30 天（含今天）的发送记录。');
      const records = [];
      for await (const r of top.client().iterateSmsNum({ phone, date: input.day.replaceAll('-', ''), pageSize: 50 })) {
        records.push({
          phone: r.phone,
          status: r.status,
          statusCode: r.statusCode,
          resultCode: r.resultCode ?? '',
          templateCode: r.templateCode ?? '',
          content: r.content ?? '',
          sentAt: r.sentAt ?? '',
          receivedAt: r.receivedAt ?? '',
        });
        if (records.length >= 500) break;
      }
      return records;
    },
    'history.reconcileNow': (input) => {
      queries.campaign(input.id);
      return service.reconciler.run({ campaignId: input.id, now: true });
    },
    'history.export': (input) => exportCampaign(queries, input.id, input.format, input.deliveries, ctx.clock.now()),
    'history.resendFailed': (input) =>
      resendFailed(ctx, suppression, input.id, { includeUnknown: input.includeUnknown, includeDoNotResend: input.includeDoNotResend }),
  };
}
