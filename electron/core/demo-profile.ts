import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { profilePaths } from './profile';

/** The demo core's own profile: <profile>/demo (database, settings, vault), next to the seller's. */
export const DEMO_PROFILE_SUBDIR = 'demo';
/** Demo secrets are the simulators' published demo keys; the passphrase only satisfies the vault. */
export const DEMO_PASSPHRASE = 'jst-sms-demo-profile';

/**
 * Whether this directory is a demo profile: named demo, inside a seller's profile. Its vault opens with DEMO_PASSPHRASE,
 * never with the seller's passphrase (the CLI uses the demo one there instead of answering WRONG_PASSPHRASE).
 */
export function isDemoProfile(profileDir: string): boolean {
  if (basename(profileDir) !== DEMO_PROFILE_SUBDIR) return false;
  const parent = profilePaths(dirname(profileDir));
  return existsSync(profilePaths(profileDir).vault) && (existsSync(parent.vault) || existsSync(parent.database));
}
