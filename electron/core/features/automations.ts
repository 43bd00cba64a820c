import type { automationsRequests } from '../../../shared/automations/contract';
import type { AutomationsModule } from '../automations';
import type { Handlers } from '../dispatch';

export type AutomationsRequestName = keyof typeof automationsRequests;

/** 自动化: the five rules, the enable check, preview, the decision log, the 催付 effect. */
export function automationsHandlers(automations: AutomationsModule): Pick<Handlers, AutomationsRequestName> {
  return {
    'automations.list': () => automations.list(),
    'automations.save': (input) => automations.save(input),
    'automations.enableCheck': (input) => automations.enableCheck(input.kind),
    'automations.preview': (input) => automations.preview(input),
    'automations.log': (query) => automations.log(query),
    'automations.effect': (input) => automations.effect(input.days),
    'automations.settings.get': () => automations.settings(),
    'automations.settings.save': (input) => automations.saveSettings(input),
  };
}
