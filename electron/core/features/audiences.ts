import type { audiencesRequests } from '../../../shared/audiences/contract';
import type { AudiencesModule } from '../audiences';
import type { Handlers } from '../dispatch';

type AudiencesRequestName = keyof typeof audiencesRequests;

/** 人群: live counts while the seller edits a rule, saved segments (counted again whenever listed). */
export function audiencesHandlers(audiences: AudiencesModule): Pick<Handlers, AudiencesRequestName> {
  return {
    'segments.list': () => audiences.list(),
    'segments.count': ({ rule }) => audiences.count(rule),
    'segments.save': ({ name, rule }) => audiences.save(name, rule),
    'segments.delete': ({ id }) => {
      audiences.delete(id);
      return { deleted: true };
    },
  };
}
