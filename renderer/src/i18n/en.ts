import type { Messages } from './zh-CN';
import { demoEn } from './demo.en';
import { overviewEn } from './overview.en';
import { hostEn } from './host.en';
import { historyEn } from './history.en';
import { inboxEn } from './inbox.en';
import { sendingEn } from './sending.en';
import { suppressionEn } from './suppression.en';
import { statusEn } from './status.en';
import { vaultEn } from './vault.en';
import { setupEn } from './setup.en';
import { diagnosticsEn } from './diagnostics.en';
import { templatesEn } from './templates.en';

const en: Messages = {
  app: { title: 'Jushita SMS Assistant', subtitle: 'SMS for Taobao/Tmall shops' },
  nav: {
    overview: 'Overview',
    templates: 'Templates & signatures',
    send: 'Send',
    history: 'History',
    inbox: 'Inbox',
    suppression: 'Do-not-send list',
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
  history: historyEn,
  inbox: inboxEn,
  common: {
    labelled: '{{label}}: {{value}}',
    ok: 'OK',
    cancel: 'Cancel',
    retry: 'Retry',
    loading: 'Loading…',
    loadFailed: 'Could not load',
    language: { 'zh-CN': '简体中文', en: 'English' },
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
