import type { audiencesRequests } from '../../../shared/audiences/contract';
import type { AudiencesModule } from '../audiences';
import { campaignEffect } from '../audiences/effect';
import type { CoreContext } from '../context';
import type { CostLedger } from '../costs/ledger';
import type { Handlers } from '../dispatch';

type AudiencesRequestName = keyof typeof audiencesRequests;

/** 人群: live counts while the seller edits a rule, saved segments (counted again whenever listed); 效果 of a send. */
export function audiencesHandlers(ctx: CoreContext, audiences: AudiencesModule, costs: CostLedger): Pick<Handlers, AudiencesRequestName> {
  return {
    'segments.list': () => audiences.list(),
    'segments.count': ({ rule }) => audiences.count(rule),
    'segments.save': ({ name, rule }) => audiences.save(name, rule),
    'segments.delete': ({ id }) => {
      audiences.delete(id);
      return { deleted: true };
    },
    'effect.get': ({ campaignId, days }) => campaignEffect(ctx, costs, campaignId, days),
  };
}
