// English for suppression.ts (typed against its zh-CN strings); loaded only when the seller picks English.
import type { suppressionZh } from './suppression';
import type { Widen } from './widen';

export const suppressionEn: Widen<typeof suppressionZh> = {
  title: 'Do-not-send list',
  subtitle: 'Opted out: no marketing; shipping and delivery notices still go out (opt-out replies are added automatically). Blocked: nothing is sent.',
  search: 'Search number',
  add: 'Add numbers',
  addTitle: 'Add to the do-not-send list',
  reasonLabel: 'Reason',
  addHelp: 'Paste one or more numbers separated by new lines, commas, 、, semicolons, spaces or tabs.',
  notePlaceholder: 'Note (optional), e.g. asked by phone not to be messaged',
  added: '{{added}} added, {{already}} already on the list',
  invalid: '{{count}} entries are not valid mobile numbers and were not added:',
  export: 'Export',
  remove: 'Remove',
  removeSelected: 'Remove selected ({{count}})',
  removeTitle: 'Remove {{count}} numbers from the do-not-send list?',
  removeBody: 'These numbers will receive this shop’s messages again, marketing included. Make sure the buyers agreed.',
  removed: '{{count}} numbers removed',
  total: '{{count}} numbers',
  phone: 'Number',
  reason: 'Reason',
  source: 'Source',
  note: 'Note',
  createdAt: 'Added',
  reasons: { optout: 'Opted out', block: 'Blocked' },
  reasonHelp: { optout: 'No marketing; notices still go out', block: 'Nothing is sent' },
  optOutBlocksAll: 'Opted-out numbers get no notices either',
  optOutBlocksAllHelp:
    'By default an opt-out stops marketing only (that is what buyers opt out of); on: opted-out numbers get no shipping or delivery notices either.',
  sources: { manual: 'Added by you', reply: 'Buyer reply', import: 'Import', report: 'From delivery reports' },
  import: 'Import blacklist',
  importDone: 'Imported “{{name}}”',
  importCounts: '{{added}} added, {{already}} already on the list (or repeated in the file), {{invalid}} not valid mobile numbers',
  importInvalid: 'Invalid, for example: {{samples}}',
};
