// English for costs.ts (typed against its zh-CN strings); loaded only when the seller picks English.
import type { costsZh } from './costs';
import type { Widen } from './widen';

export const costsEn: Widen<typeof costsZh> = {
  title: 'Cost and effect',
  subtitle:
    'Jushita has no balance or cost API: cost = billed segments this app sent × the price you enter; the balance is what you enter or top up, minus that.',
  prices: 'Price (yuan per segment)',
  notification: 'Notification',
  marketing: 'Marketing',
  defaultPrice: 'Default: enter your real price',
  countFailed: 'Failed deliveries are billed too',
  countFailedHelp:
    'Whether the platform bills numbers whose delivery failed is not documented; counted by default, so the balance shown is never higher than it may be.',
  savePrices: 'Save prices',
  balance: 'Balance',
  balanceUnset: 'Not set',
  balanceValue: '{{yuan}} yuan ({{spent}} yuan spent since it was set)',
  setBalance: 'Set to',
  topUp: 'Top up',
  month: 'Month',
  allTime: 'All time',
  spend: 'Spend: {{segments}} segments, {{yuan}} yuan',
  byTemplate: 'By template',
  byCampaign: 'By campaign (expand for its effect)',
  byMonth: 'By month',
  template: 'Template',
  campaign: 'Campaign',
  segments: 'Billed segments',
  yuan: 'Cost (yuan)',
  export: 'Export CSV',
  effectDays: 'Days after the send',
  effect:
    'Sent to {{recipients}}: {{orders}} orders, {{buyers}} buyers, {{amount}} yuan paid, ROI {{roi}}; control {{control}}: {{controlOrders}} orders, {{controlBuyers}} buyers, {{controlAmount}} yuan',
  effectNote: 'By buyer: an order counts only for the latest send before it.',
  notAttributable: 'A phone-list campaign cannot be attributed to orders (no buyer id).',
  saved: 'Saved',
};
