import type { CoreContext } from '../context';
import type { Handlers } from '../dispatch';

export function vaultHandlers(ctx: CoreContext): Pick<Handlers, 'vault.status' | 'vault.create' | 'vault.unlock' | 'vault.lock' | 'vault.allowPlainText'> {
  const after = async <T>(result: T | Promise<T>): Promise<T> => {
    const value = await result;
    ctx.events.emit('settings.changed', { section: 'vault' });
    return value;
  };
  return {
    'vault.status': () => ctx.vault.status(),
    'vault.create': ({ passphrase }) => after(ctx.vault.create(passphrase)),
    'vault.unlock': ({ passphrase }) => after(ctx.vault.unlock(passphrase)),
    'vault.lock': () => after(ctx.vault.lock()),
    'vault.allowPlainText': async () => {
      ctx.log.warn('seller opted in to basic_text secret storage');
      ctx.settings.update('allowPlainTextSecrets', true);
      return after(ctx.vault.reopen());
    },
  };
}
