import type { audiencesRequests } from '../../../shared/audiences/contract';
import type { AudiencesModule } from '../audiences';
import { campaignEffect } from '../audiences/effect';
import { exportEffect } from '../audiences/effect-export';
import { effectOverview } from '../audiences/effect-report';
import { importSegment, segmentSendOf } from '../audiences/send';
import type { CoreContext } from '../context';
import type { CostLedger } from '../costs/ledger';
import type { Handlers } from '../dispatch';
import type { SendingModule } from '../sending';

type AudiencesRequestName = keyof typeof audiencesRequests;

/** 人群: live counts while the seller edits a rule, saved segments (counted again whenever listed), a draft's recipients from one; 效果 of a send. */
export function audiencesHandlers(
  ctx: CoreContext,
  audiences: AudiencesModule,
  sending: SendingModule,
  costs: CostLedger,
): Pick<Handlers, AudiencesRequestName> {
  const windowDays = (days: number | undefined) => days ?? ctx.settings.get().costs.effectDays;
  return {
    'segments.list': () => audiences.list(),
    'segments.count': ({ rule }) => audiences.count(rule),
    'segments.save': ({ name, rule }) => audiences.save(name, rule),
    'segments.delete': ({ id }) => {
      audiences.delete(id);
      return { deleted: true };
    },
    'effect.get': ({ campaignId, days }) => campaignEffect(ctx, costs, campaignId, windowDays(days)),
    'effect.report': ({ month, days }) => effectOverview(ctx, costs, month ?? null, windowDays(days)),
    'effect.export': ({ month, days, format }) => exportEffect(effectOverview(ctx, costs, month ?? null, windowDays(days)), format, ctx.clock.now()),
    'segments.import': (input) => importSegment(ctx, audiences, sending, input),
    'segments.sendOf': ({ campaignId }) => segmentSendOf(ctx, campaignId),
  };
}
