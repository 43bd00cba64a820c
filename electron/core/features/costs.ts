import { COST_KINDS, type costsRequests, type CostSettingsView } from '../../../shared/costs/contract';
import type { CoreContext } from '../context';
import { toE4, type CostLedger } from '../costs/ledger';
import type { Handlers } from '../dispatch';
import { CsvWriter, exportFileName } from '../export/csv';

type CostsRequestName = keyof typeof costsRequests;

/** 费用: prices, the balance the seller keeps, spend reports. */
export function costsHandlers(ctx: CoreContext, ledger: CostLedger): Pick<Handlers, CostsRequestName> {
  const changed = (): CostSettingsView => {
    const view = ledger.view();
    ctx.events.emit('costs.changed', view);
    return view;
  };
  return {
    'costs.get': () => ledger.view(),
    'costs.save': (input) => {
      ctx.db.transaction(() => {
        for (const kind of COST_KINDS) if (input[kind] !== undefined) ledger.setPrice(kind, toE4(input[kind]));
      })();
      const { countFailedDeliveries, effectDays } = input;
      if (countFailedDeliveries !== undefined || effectDays !== undefined)
        ctx.settings.update('costs', {
          ...ctx.settings.get().costs,
          ...(countFailedDeliveries !== undefined ? { countFailedDeliveries } : {}),
          ...(effectDays !== undefined ? { effectDays } : {}),
        });
      return changed();
    },
    'costs.setBalance': ({ yuan }) => {
      ledger.setBalance(toE4(yuan));
      return changed();
    },
    'costs.topUp': ({ yuan }) => {
      ledger.topUp(toE4(yuan));
      return changed();
    },
    'costs.spend': ({ month }) => ledger.spend(month),
    'costs.exportCsv': ({ month }) => {
      const report = ledger.spend(month);
      const csv = new CsvWriter(['群发ID', '群发', '类型', '模板', '计费条数', '费用（元）']);
      for (const c of report.byCampaign) csv.row([c.campaignId, c.name, c.kind, c.templateCode, c.segments, c.yuan.toFixed(2)]);
      csv.row(['合计', '', '', '', report.segments, report.yuan.toFixed(2)]);
      return csv.toFile(exportFileName(`短信费用${month ? `-${month}` : ''}`, ctx.clock.now()));
    },
  };
}
