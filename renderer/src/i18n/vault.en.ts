// English for vault.ts (typed against its zh-CN strings); loaded only when the seller picks English.
import type { vaultZh } from './vault';
import type { Widen } from './widen';

export const vaultEn: Widen<typeof vaultZh> = {
  createTitle: 'Choose a vault passphrase',
  createIntro:
    'The browser version encrypts your App Secret, sessionKey and AccessKey with a passphrase (AES-256-GCM). The passphrase is never stored; if you forget it you must enter the keys again.',
  unlockTitle: 'Unlock the vault',
  unlockIntro: 'Enter the passphrase you chose to unlock the saved keys.',
  passphrase: 'Passphrase',
  confirm: 'Repeat the passphrase',
  create: 'Create vault',
  unlock: 'Unlock',
  passphraseRequired: 'Please enter the passphrase',
  passphraseTooShort: 'At least 8 characters',
  passphraseMismatch: 'The passphrases do not match',
  wrongPassphrase: 'Wrong passphrase. Please type it again.',
  tooManyAttempts_one: 'Too many wrong passphrases. Try again in {{count}} second.',
  tooManyAttempts_other: 'Too many wrong passphrases. Try again in {{count}} seconds.',
  unavailableTitle: 'Secrets cannot be stored safely',
  plainTextOptIn: 'I understand the risk, store them in plain text',
  plainTextConfirmBody:
    'Any program that can read your home folder can then read the App Secret, sessionKey and AccessKey Secret. Installing a system keyring is recommended. A system dialog asks you to confirm.',
  resetLink: 'Forgot the passphrase? Reset the vault',
  resetTitle: 'Reset the vault',
  resetBody:
    'Resetting deletes the saved App Key, App Secret, sessionKey and AccessKey (templates, send history and settings are kept); you then enter those keys again. This cannot be undone.',
  resetTypeToConfirm: 'Type “{{phrase}}” to confirm:',
  resetConfirm: 'Reset',
  resetDone: 'The vault was reset; please enter your keys again',
};
