// English for overview.ts (typed against its zh-CN strings); loaded only when the seller picks English.
import type { overviewZh } from './overview';
import type { Widen } from './widen';

export const overviewEn: Widen<typeof overviewZh> = {
  title: 'Overview',
  today: 'Sent today',
  week: 'Sent, last 7 days',
  deliveryRate: 'Delivery rate, last 7 days',
  deliveryRateHelp: 'Delivered ÷ (delivered + failed); numbers still waiting for a report are not counted',
  unread: 'Unread replies',
  audit: 'Awaiting review',
  auditDetail: 'Templates {{templates}} · signatures {{signatures}}',
  campaigns: 'Running / scheduled',
  campaignsDetail: 'Sending {{sending}} · paused {{paused}} · scheduled {{scheduled}} · missed {{missed}}',
  chartTitle: 'Sent and delivered per day, last 7 days',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Failed',
  pending: 'Awaiting report',
  services: 'Services',
  gateway: 'Open Platform gateway',
  poller: 'Message receiving',
  open: 'Open',
  none: 'None',
};
