import { createCore, type Core } from '../core/app-core';
import { resolveProfileDir } from '../core/profile';
import type { AutomationHooks } from '../core/automations';
import type { SendHooks } from '../core/sending/engine';
import { DEMO_PASSPHRASE, isDemoProfile } from '../core/demo-profile';
import type { CliIo } from './io';

/**
 * The same core as the app on the same profile (JST_SMS_PROFILE; vault unlocked with JST_SMS_PASSPHRASE, never
 * created), headless: nothing runs in the background unless the command starts it through core.services. JST_TOP_*
 * and JST_MQ_* override the profile's TOP and MQ settings inside the core. Logs go to the profile's log file only
 * (and to stderr with --verbose).
 */
export function openCliCore(io: CliIo, options: { verbose?: boolean; sendHooks?: SendHooks; automationHooks?: AutomationHooks } = {}): Promise<Core> {
  const profileDir = resolveProfileDir(io.env);
  return createCore({
    host: 'cli',
    profileDir,
    vaultBackend: () => ({ kind: 'passphrase' }),
    // The demo profile (<profile>/demo) is locked with the demo's own passphrase, not the seller's: the seller's would
    // answer WRONG_PASSPHRASE although it is right. Its secrets are the simulators' published demo keys.
    passphrase: isDemoProfile(profileDir) ? DEMO_PASSPHRASE : io.env.JST_SMS_PASSPHRASE || undefined,
    createVault: false,
    env: io.env,
    envOverrides: true,
    headless: true,
    logScope: 'cli',
    logLevel: options.verbose ? 'debug' : 'info',
    logSink: options.verbose ? (line) => io.stderr.write(line + '\n') : undefined,
    sendHooks: options.sendHooks,
    automationHooks: options.automationHooks,
  });
}

/** Runs one command on a core and closes it, whatever happens. */
export async function withCliCore<T>(io: CliIo, options: Parameters<typeof openCliCore>[1], run: (core: Core) => Promise<T>): Promise<T> {
  const core = await openCliCore(io, options);
  try {
    return await run(core);
  } finally {
    await core.close();
  }
}
