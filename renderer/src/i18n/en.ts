import type { Messages } from './zh-CN';
import { demoEn } from './demo.en';
import { overviewEn } from './overview.en';
import { hostEn } from './host.en';
import { historyEn } from './history.en';
import { inboxEn } from './inbox.en';
import { sendingEn } from './sending.en';
import { suppressionEn } from './suppression.en';
import { audiencesEn } from './audiences.en';
import { costsEn } from './costs.en';
import { statusEn } from './status.en';
import { vaultEn } from './vault.en';
import { setupEn } from './setup.en';
import { diagnosticsEn } from './diagnostics.en';
import { templatesEn } from './templates.en';
import { ordersEn } from './orders.en';
import { automationsEn } from './automations.en';

const en: Messages = {
  app: { title: 'Jushita SMS Assistant', subtitle: 'SMS for Taobao/Tmall shops' },
  nav: {
    overview: 'Overview',
    templates: 'Templates & signatures',
    send: 'Send',
    automations: 'Automations',
    history: 'History',
    orders: 'Orders',
    inbox: 'Inbox',
    suppression: 'Do-not-send list',
    audiences: 'Audiences',
    costs: 'Cost and effect',
    settings: 'Settings',
  },
  status: statusEn,
  vault: vaultEn,
  setup: setupEn,
  diagnostics: diagnosticsEn,
  templates: templatesEn,
  demo: demoEn,
  overview: overviewEn,
  host: hostEn,
  sending: sendingEn,
  suppression: suppressionEn,
  audiences: audiencesEn,
  costs: costsEn,
  history: historyEn,
  inbox: inboxEn,
  storedText: {
    reportNoSuchNumber: 'Delivery report: number does not exist ({{code}})',
    reportBlocked: 'Delivery report: carrier/complaint blacklist ({{code}})',
    replyOptOut: 'Opted out automatically by replying “{{text}}”',
    replyOptOutConfirmed: 'Possible opt-out, confirmed by you: “{{text}}”',
    inboxBlock: 'Blocked from the inbox',
    imported: 'Imported',
    importedFrom: 'Imported from {{file}}',
    duplicateOfRow: 'Same number as row {{row}}',
    onListOptOut: 'On the do-not-send list: opted out',
    onListBlock: 'On the do-not-send list: blocked',
    withNote: '{{label}} ({{note}})',
    skippedOnList: 'On the do-not-send list by the time of sending; skipped',
    buyerSkippedOnList: 'The buyer was on the do-not-send list by the time of sending; skipped',
    cancelled: 'Sending cancelled',
    phoneEmpty: 'No number',
    phoneMasked: 'The number is masked (contains *) and cannot be sent to',
    phoneMultiple: 'Several numbers in one cell; put one per row',
    phoneLetters: 'Contains words or letters; not a mobile number',
    phoneGarbage: 'Contains characters that are not part of a number',
    phoneTooLongText: 'Too long to be a mobile number',
    phoneLossyFloat: 'Excel stored the number in scientific notation and lost digits; format the column as Text and export again',
    phoneService: 'Service/SMS port numbers (starting 400, 800, 106, 95) cannot receive SMS',
    phoneLandline: 'Landlines (starting with an area code 0) cannot receive SMS',
    phoneTooShort: 'Too few digits ({{digits}}; a mobile number has 11)',
    phoneTooLong: 'Too many digits ({{digits}}; a mobile number has 11)',
    phoneNotMobile: 'Not a mainland mobile number (should start with 13–19)',
    phoneForeign: 'Number outside the mainland; only mainland mobile numbers can be sent to',
    phoneForeignRegion: '{{region}} number (+{{prefix}}); only mainland mobile numbers can be sent to',
  },
  orders: ordersEn,
  automations: automationsEn,
  common: {
    labelled: '{{label}}: {{value}}',
    ok: 'OK',
    cancel: 'Cancel',
    retry: 'Retry',
    loading: 'Loading…',
    loadFailed: 'Could not load',
    language: { 'zh-CN': '简体中文', en: 'English' },
    recipient: { order: 'Order', buyer: 'Buyer', kindPhone: 'Number', kindBuyer: 'Buyer' },
  },
  errors: {
    noToken: 'Access token missing. Open this page with the full address printed at start-up (including #token=…).',
    BAD_REQUEST: 'Invalid request',
    UNKNOWN_METHOD: 'Unknown request',
    FORBIDDEN: 'Request refused',
    VAULT_LOCKED: 'Vault is locked',
    VAULT_UNINITIALIZED: 'Vault not created yet',
    VAULT_UNAVAILABLE: 'Secrets cannot be stored safely',
    WRONG_PASSPHRASE: 'Wrong passphrase',
    VAULT_CORRUPT: 'Vault file is damaged',
    NOT_CONFIGURED: 'Setup is incomplete',
    TOP_ERROR: 'Taobao Open Platform returned an error',
    MQ_ERROR: 'Message queue returned an error',
    NETWORK: 'Network error',
    CONFLICT: 'Conflict',
    NOT_FOUND: 'Not found',
    STORAGE: 'Cannot write to disk',
    PROFILE_DAMAGED: 'Profile file is damaged',
    INTERNAL: 'Internal error',
  },
};
export default en;
