import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import type { Handlers } from '../dispatch';

export function vaultHandlers(
  ctx: CoreContext,
): Pick<Handlers, 'vault.status' | 'vault.create' | 'vault.unlock' | 'vault.lock' | 'vault.allowPlainText' | 'vault.reset'> {
  const announce = () => ctx.events.emit('settings.changed', { section: 'vault' });
  const after = async <T>(result: T | Promise<T>): Promise<T> => {
    const value = await result;
    announce();
    return value;
  };
  // The file changed behind our back (deleted and restored, or replaced and locked): views and pollers follow.
  ctx.vault.onChange((cause) => {
    if (cause !== 'file') return;
    ctx.log.warn('vault file changed outside the app; memory now follows the file', { state: ctx.vault.status().state });
    announce();
  });
  return {
    'vault.status': () => ctx.vault.status(),
    'vault.create': ({ passphrase }) => after(ctx.vault.create(passphrase)),
    'vault.unlock': ({ passphrase }) => after(ctx.vault.unlock(passphrase)),
    'vault.lock': () => after(ctx.vault.lock()),
    'vault.allowPlainText': async () => {
      // The request only asks; main's native dialog decides, so a compromised renderer cannot downgrade storage.
      if (!(await ctx.vault.confirmPlainText())) {
        throw new AppError('FORBIDDEN', '未在系统对话框中确认，密钥不会以明文方式保存。');
      }
      ctx.log.warn('seller opted in to basic_text secret storage (native dialog)');
      ctx.settings.update('allowPlainTextSecrets', true);
      return after(ctx.vault.reopen());
    },
    'vault.reset': async () => {
      const before = ctx.vault.status();
      if (before.state === 'unlocked') throw new AppError('CONFLICT', '保险箱已解锁，无需重置；可以直接在设置中重新填写密钥。');
      if (!before.resettable) throw new AppError('CONFLICT', '没有需要重置的保险箱。');
      ctx.log.warn('vault reset by the seller: secrets removed, settings and data kept', { backend: before.backend });
      return after(ctx.vault.reset());
    },
  };
}
