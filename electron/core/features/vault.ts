import type { CoreContext } from '../context';
import type { Handlers } from '../dispatch';

export function vaultHandlers(ctx: CoreContext): Pick<Handlers, 'vault.status' | 'vault.create' | 'vault.unlock' | 'vault.lock' | 'vault.allowPlainText'> {
  const after = <T>(result: T): T => {
    ctx.events.emit('settings.changed', { section: 'vault' });
    return result;
  };
  return {
    'vault.status': () => ctx.vault.status(),
    'vault.create': ({ passphrase }) => after(ctx.vault.create(passphrase)),
    'vault.unlock': ({ passphrase }) => after(ctx.vault.unlock(passphrase)),
    'vault.lock': () => after(ctx.vault.lock()),
    'vault.allowPlainText': () => {
      ctx.log.warn('seller opted in to basic_text secret storage');
      ctx.settings.update('allowPlainTextSecrets', true);
      return after(ctx.vault.reopen());
    },
  };
}
