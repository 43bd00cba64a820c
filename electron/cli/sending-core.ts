import { systemClock } from '../core/clock';
import { AppError } from '../../shared/errors';
import type { CampaignCounts } from '../../shared/sending/contract';
import { SIGN_METHODS, type SignMethod } from '../../shared/settings';
import { readFileSync } from 'node:fs';
import type { CoreContext } from '../core/context';
import { openDatabase } from '../core/db/database';
import { DEFAULT_SHOP_ID } from '../core/db/migrations/0001-shops';
import { EventBus } from '../core/events';
import { profilePaths } from '../core/profile';
import { SendingModule, type SendingModuleOptions } from '../core/sending';
import type { SendHooks } from '../core/sending/engine';
import type { CampaignRow } from '../core/sending/store';
import { StatusStore } from '../core/status';
import { SuppressionStore } from '../core/suppression/store';
import { TopClient } from '../core/top/client';
import { sharedRateLimiter } from '../core/top/limiter';
import type { CliIo } from './io';
import { openCliProfile } from './profile';

export interface SendingCli {
  ctx: CoreContext;
  module: SendingModule;
  suppression: SuppressionStore;
  client(): TopClient;
  close(): Promise<void>;
}

/**
 * The same core headless: the profile's database, settings and vault, a TOP client with the CLI's env overrides
 * (JST_TOP_APP_KEY, JST_TOP_APP_SECRET, JST_TOP_SESSION, JST_TOP_GATEWAY, JST_TOP_SIGN_METHOD, JST_TOP_QPS).
 */
export async function openSendingCli(io: CliIo, options: Pick<SendingModuleOptions, 'scope'> & { verbose?: boolean } = {}): Promise<SendingCli> {
  const profile = await openCliProfile(io, { verbose: options.verbose });
  const env = io.env;
  const db = openDatabase(profilePaths(profile.profileDir).database);
  const events = new EventBus();
  const stops: Array<() => Promise<void> | void> = [];
  const ctx: CoreContext = {
    host: 'browser',
    version: (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version,
    profileDir: profile.profileDir,
    shopId: DEFAULT_SHOP_ID,
    db,
    settings: profile.settings,
    vault: profile.vault,
    events,
    status: new StatusStore(events, { vault: profile.vault.status().state }),
    log: profile.log,
    clock: systemClock,
    onClose: (stop) => stops.push(stop),
  };

  const settings = profile.settings.get().top;
  const qpsOverride = Number(env.JST_TOP_QPS);
  const qps = qpsOverride > 0 ? qpsOverride : settings.qps;
  const gatewayUrl = env.JST_TOP_GATEWAY || settings.gatewayUrl;
  let client: TopClient | null = null;
  const build = (): TopClient => {
    if (client) return client;
    const fromVault = (name: 'top.appKey' | 'top.appSecret' | 'top.session') => (profile.vault.isUnlocked() ? profile.vault.get(name) : undefined);
    const appKey = env.JST_TOP_APP_KEY || fromVault('top.appKey');
    const appSecret = env.JST_TOP_APP_SECRET || fromVault('top.appSecret');
    const session = env.JST_TOP_SESSION || fromVault('top.session');
    if (!appKey || !appSecret) {
      const hint = profile.vault.isUnlocked() ? '' : '（保险箱未解锁：请设置 JST_SMS_PASSPHRASE）';
      throw new AppError('NOT_CONFIGURED', `缺少 App Key / App Secret${hint}，或通过 JST_TOP_APP_KEY、JST_TOP_APP_SECRET 提供。`);
    }
    const signMethod = (env.JST_TOP_SIGN_METHOD || settings.signMethod) as SignMethod;
    if (!SIGN_METHODS.includes(signMethod)) throw new AppError('BAD_REQUEST', `JST_TOP_SIGN_METHOD 只能是 ${SIGN_METHODS.join(' / ')}`);
    client = new TopClient({
      appKey,
      appSecret,
      session,
      gatewayUrl,
      signMethod,
      simplify: settings.simplify,
      qps,
      partnerId: 'jst-sms-desk-cli',
      log: profile.log.child('top'),
    });
    return client;
  };
  const suppression = new SuppressionStore(ctx);
  const module = new SendingModule(ctx, {
    suppression,
    hooks: testHooks(io),
    client: build,
    limiter: () => {
      const appKey = env.JST_TOP_APP_KEY || (profile.vault.isUnlocked() ? profile.vault.get('top.appKey') : undefined);
      return appKey ? sharedRateLimiter(gatewayUrl, appKey, qps) : null;
    },
    qps: () => qps,
    scope: options.scope,
    env,
  });
  return {
    ctx,
    module,
    suppression,
    client: build,
    async close() {
      await module.engine.stop();
      for (const stop of stops.reverse()) await stop();
      client?.close();
      db.close();
    },
  };
}

/** The one final object of --json. */
export function campaignJson(module: SendingModule, c: CampaignRow) {
  const counts: CampaignCounts = module.store.counts(c.id);
  return {
    id: c.id,
    name: c.name,
    state: c.state,
    ...(c.reasonCode ? { reason: { code: c.reasonCode, message: c.reason } } : {}),
    counts: {
      rows: counts.rows,
      valid: counts.valid,
      duplicate: counts.duplicate,
      invalid: counts.invalid,
      suppressed: counts.suppressed,
      submitted: counts.submitted,
      rejected: counts.rejected,
      unconfirmed: counts.unconfirmed,
      cancelled: counts.cancelled,
    },
  };
}

/** 0 final (or a dry run), 3 paused / waiting for the seller. */
export function exitCodeFor(c: CampaignRow): number {
  return c.state === 'completed' || c.state === 'cancelled' || c.state === 'draft' ? 0 : 3;
}

export function humanCounts(j: ReturnType<typeof campaignJson>): string {
  const n = j.counts;
  return `共 ${n.rows} 行：有效 ${n.valid}，重复 ${n.duplicate}，无效 ${n.invalid}，已屏蔽 ${n.suppressed}；已提交 ${n.submitted}，失败 ${n.rejected}，未确认 ${n.unconfirmed}，已取消 ${n.cancelled}`;
}

/**
 * JST_SEND_TEST_HOOKS=<ms> (crash tests only): each phase of each call is announced on stderr as
 * "@@<phase> <task_sign>" and then held for <ms>, so a test can SIGKILL the process inside that exact window.
 */
function testHooks(io: CliIo): SendHooks | undefined {
  const raw = io.env.JST_SEND_TEST_HOOKS;
  if (!raw || !/^\d+$/.test(raw)) return undefined;
  const hold = Number(raw);
  const at = (phase: string) => async (chunk: { taskSign: string }) => {
    io.stderr.write(`@@${phase} ${chunk.taskSign}\n`);
    await new Promise((r) => setTimeout(r, hold));
  };
  return { beforeCall: at('before-call'), afterResponse: at('after-response'), afterCommit: at('after-commit') };
}
