import type { SettingsView } from '../../../shared/settings/contract';
import { urlOrigin, type SecretName, type SecretView } from '../../../shared/settings/schema';
import type { CoreContext } from '../context';
import type { Handlers } from '../dispatch';
import { normaliseEndpoint } from '../mq/endpoint';

/** The MQ origin secrets are bound to: the endpoint as the SDK will call it (scheme added, path dropped). */
export function mqOrigin(endpoint: string): string {
  return urlOrigin(normaliseEndpoint(endpoint).endpoint);
}

/** Vaults written before origin binding: their secrets belong to the gateway saved at the time. */
function legacyOrigin(savedUrl: string): string | undefined {
  try {
    return urlOrigin(savedUrl);
  } catch {
    return undefined;
  }
}
export function legacyMqOrigin(savedEndpoint: string): string | undefined {
  try {
    return savedEndpoint.trim() ? mqOrigin(savedEndpoint) : undefined;
  } catch {
    return undefined;
  }
}

const IDENTIFIERS: ReadonlySet<SecretName> = new Set(['top.appKey', 'mq.accessKeyId']);

/** Identifiers show their ends so the seller can recognise them; secrets show only set/not set. */
export function secretView(ctx: CoreContext, name: SecretName): SecretView {
  if (!ctx.vault.isUnlocked()) return { set: false };
  const value = ctx.vault.get(name);
  if (!value) return { set: false };
  if (!IDENTIFIERS.has(name) || value.length < 8) return { set: true };
  return { set: true, masked: `${value.slice(0, 2)}${'*'.repeat(Math.min(value.length - 4, 8))}${value.slice(-2)}` };
}

export function settingsView(ctx: CoreContext): SettingsView {
  const s = ctx.settings.get();
  const top = { ...s.top, appKey: secretView(ctx, 'top.appKey'), appSecret: secretView(ctx, 'top.appSecret'), session: secretView(ctx, 'top.session') };
  const mq = { ...s.mq, accessKeyId: secretView(ctx, 'mq.accessKeyId'), accessKeySecret: secretView(ctx, 'mq.accessKeySecret') };
  return {
    top,
    mq,
    preferences: s.preferences,
    complete: {
      top: top.appKey.set && top.appSecret.set && top.session.set && Boolean(s.top.gatewayUrl),
      mq: mq.accessKeyId.set && mq.accessKeySecret.set && Boolean(s.mq.endpoint && s.mq.groupId && s.mq.topics.length),
    },
  };
}

export function settingsHandlers(ctx: CoreContext): Pick<Handlers, 'settings.get' | 'settings.saveTop' | 'settings.saveMq' | 'settings.savePreferences'> {
  return {
    'settings.get': () => settingsView(ctx),
    'settings.saveTop': async (input) => {
      const current = ctx.settings.get().top;
      // Secrets first, bound to the gateway's origin: a locked vault, a new origin without the App Secret and
      // sessionKey typed again, or a failed write (disk full) throws before the settings change.
      await ctx.vault.updateSection(
        'top',
        urlOrigin(input.gatewayUrl),
        { 'top.appKey': input.appKey, 'top.appSecret': input.appSecret, 'top.session': input.session },
        legacyOrigin(current.gatewayUrl),
      );
      ctx.settings.update('top', { ...current, gatewayUrl: input.gatewayUrl, signMethod: input.signMethod });
      ctx.log.info('TOP settings saved', { gatewayUrl: input.gatewayUrl, signMethod: input.signMethod });
      ctx.events.emit('settings.changed', { section: 'top' });
      return settingsView(ctx);
    },
    'settings.saveMq': async (input) => {
      const current = ctx.settings.get().mq;
      await ctx.vault.updateSection(
        'mq',
        mqOrigin(input.endpoint),
        { 'mq.accessKeyId': input.accessKeyId, 'mq.accessKeySecret': input.accessKeySecret },
        legacyMqOrigin(current.endpoint),
      );
      ctx.settings.update('mq', {
        ...current,
        endpoint: input.endpoint,
        instanceId: input.instanceId,
        groupId: input.groupId,
        topics: input.topics,
        messageTag: input.messageTag,
      });
      ctx.log.info('MQ settings saved', { endpoint: input.endpoint, topics: input.topics });
      ctx.events.emit('settings.changed', { section: 'mq' });
      return settingsView(ctx);
    },
    'settings.savePreferences': (input) => {
      ctx.settings.update('preferences', input);
      ctx.events.emit('settings.changed', { section: 'preferences' });
      return settingsView(ctx);
    },
  };
}
