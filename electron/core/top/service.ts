import { createHash } from 'node:crypto';
import type { NetworkState } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { SIGN_METHODS, topGatewayProblem, urlOrigin, type SignMethod, type TopSettings } from '../../../shared/settings/schema';
import type { CoreContext } from '../context';
import { TOP_METHODS } from './apis';
import { TopClient, type RetryPolicy, type TopClientOptions } from './client';
import type { Clock } from '../clock';
import { TopError } from './errors';
import { sharedRateLimiter, type RateLimiter } from './limiter';
import type { TopTransport } from './transport';
import type { ConnectionTestResult } from '../../../shared/settings/contract';

/**
 * The TOP entry point for feature modules (setup test, templates, sending):
 *
 *   const client = services.top.client();   // the core's one TopService (services.ts); throws AppError NOT_CONFIGURED / VAULT_LOCKED
 *   await client.batchSend({ … });          // throws TopError (an AppError) — let it propagate from handlers
 *
 * client() is cheap: it returns the same TopClient until the TOP settings or secrets change. All clients of one
 * App Key share one rate limiter, and every attempt updates the network indicator (ctx.status).
 */
export interface TopService {
  client(): TopClient;
  /** The TOP settings in effect (the saved ones, with the CLI's overrides applied). */
  settings(): TopSettings;
  /** The process-wide limiter of the current gateway + App Key (null while no App Key is known). */
  limiter(): RateLimiter | null;
  /** 测试连接: one harmless read-only call through the real client; never throws. */
  testConnection(): Promise<ConnectionTestResult>;
  /** Releases the current client's sockets (also registered with ctx.onClose). */
  close(): void;
}

/** Test seams and tuning; production passes nothing. */
export interface TopServiceOptions {
  transport?: TopTransport;
  clock?: Clock;
  retry?: Partial<RetryPolicy>;
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
  /**
   * The CLI's environment: JST_TOP_APP_KEY / APP_SECRET / SESSION / GATEWAY / SIGN_METHOD / QPS override the profile's
   * settings and vault, the session becomes optional and a locked vault is not an error while the env gives the keys.
   */
  overrides?: NodeJS.ProcessEnv;
}

/**
 * signname.query requires the seller session [SDK]+[DOC] (spec §1.9), unlike template.query whose session is
 * optional — so it proves App Key, Secret, session and the 聚石塔短信 permission package in one read-only call.
 * Any business answer (found or sign_name_not_found) means the gateway accepted the credentials.
 */
export const CONNECTION_PROBE = { method: TOP_METHODS.signNameQuery, signName: '聚石塔短信助手连接测试' } as const;

export function createTopService(ctx: CoreContext, options: TopServiceOptions = {}): TopService {
  const log = ctx.log.child('top');
  let current: { key: string; client: TopClient } | null = null;

  const overrides = options.overrides;
  const settings = (): TopSettings => (overrides ? overriddenSettings(ctx.settings.get().top, overrides) : ctx.settings.get().top);

  const build = (): TopClient => {
    const secrets = overrides ? overriddenSecrets(ctx, overrides) : readSecrets(ctx);
    const effective = settings();
    // Checked on every use, not only when saved: settings.json or JST_TOP_GATEWAY may have changed since.
    const problem = topGatewayProblem(effective.gatewayUrl);
    if (problem) throw new AppError('FORBIDDEN', problem);
    if (!overrides?.JST_TOP_APP_SECRET || !overrides.JST_TOP_SESSION) ctx.vault.assertStoredSecretsMayGo('top', urlOrigin(effective.gatewayUrl));
    if (overrides && !SIGN_METHODS.includes(effective.signMethod)) throw new AppError('BAD_REQUEST', `JST_TOP_SIGN_METHOD 只能是 ${SIGN_METHODS.join(' / ')}`);
    const key = fingerprint(effective, secrets);
    if (current?.key === key) return current.client;
    current?.client.close();
    const client = new TopClient({
      ...secrets,
      gatewayUrl: effective.gatewayUrl,
      signMethod: effective.signMethod,
      simplify: effective.simplify,
      qps: effective.qps,
      partnerId: ctx.host === 'cli' ? 'jst-sms-desk-cli' : `jst-sms-desk-${ctx.version}`,
      log,
      transport: options.transport,
      clock: options.clock,
      retry: options.retry,
      connectTimeoutMs: options.connectTimeoutMs,
      readTimeoutMs: options.readTimeoutMs,
      onAttempt: ({ ok, error }) => ctx.status.setNetwork(ok || !error ? 'online' : networkStateOf(error)),
    });
    current = { key, client };
    return client;
  };

  const service: TopService = {
    client: build,
    settings,
    limiter() {
      const effective = settings();
      const appKey = overrides?.JST_TOP_APP_KEY || (ctx.vault.isUnlocked() ? ctx.vault.get('top.appKey') : undefined);
      return appKey ? sharedRateLimiter(effective.gatewayUrl, appKey, effective.qps) : null;
    },
    close() {
      current?.client.close();
      current = null;
    },
    async testConnection() {
      let client: TopClient;
      try {
        client = build();
      } catch (error) {
        if (error instanceof AppError) {
          return { ok: false, category: error.code === 'NOT_CONFIGURED' ? 'not-configured' : 'vault', message: error.message };
        }
        throw error;
      }
      try {
        const body = await client.call(CONNECTION_PROBE.method, { query_sms_sign_request: { sign_name: CONNECTION_PROBE.signName } }, { maxAttempts: 1 });
        log.info('connection test ok', { request_id: body.request_id ?? null });
        return okResult(typeof body.request_id === 'string' ? body.request_id : undefined);
      } catch (error) {
        if (!(error instanceof TopError)) throw error;
        if (error.kind === 'business') {
          log.info('connection test ok (business answer)', { sub_code: error.sub_code ?? null });
          return okResult(error.request_id);
        }
        log.warn('connection test failed', { error: error.toJSON() });
        return failedResult(error);
      }
    },
  };
  ctx.onClose(() => service.close());
  return service;
}

/** Categories that refuse every call made with these credentials, whatever the method. */
const CREDENTIAL_REJECTED: ReadonlySet<TopError['category']> = new Set(['app-key', 'signature', 'session', 'clock']);

/** Socket failures mean offline; a credential refusal means reachable but unusable; any other answer proves the gateway. */
export function networkStateOf(error: TopError): NetworkState {
  if (error.kind === 'network' || error.kind === 'timeout') return 'offline';
  return CREDENTIAL_REJECTED.has(error.category) ? 'rejected' : 'online';
}

function readSecrets(ctx: CoreContext): Pick<TopClientOptions, 'appKey' | 'appSecret' | 'session'> {
  // Locked / unavailable vaults throw their own AppError (VAULT_LOCKED, …) here.
  const appKey = ctx.vault.get('top.appKey');
  const appSecret = ctx.vault.get('top.appSecret');
  const session = ctx.vault.get('top.session');
  const missing = [!appKey && 'App Key', !appSecret && 'App Secret', !session && '店铺授权 sessionKey'].filter(Boolean);
  if (!appKey || !appSecret || !session) {
    throw new AppError('NOT_CONFIGURED', `尚未填写 ${missing.join('、')}，请在“设置 → 淘宝开放平台”中填写后再试。`);
  }
  return { appKey, appSecret, session };
}

function overriddenSettings(saved: TopSettings, env: NodeJS.ProcessEnv): TopSettings {
  const qps = Number(env.JST_TOP_QPS);
  return {
    ...saved,
    gatewayUrl: env.JST_TOP_GATEWAY || saved.gatewayUrl,
    signMethod: (env.JST_TOP_SIGN_METHOD || saved.signMethod) as SignMethod,
    qps: qps > 0 ? qps : saved.qps,
  };
}

function overriddenSecrets(ctx: CoreContext, env: NodeJS.ProcessEnv): Pick<TopClientOptions, 'appKey' | 'appSecret' | 'session'> {
  const unlocked = ctx.vault.isUnlocked();
  const fromVault = (name: 'top.appKey' | 'top.appSecret' | 'top.session') => (unlocked ? ctx.vault.get(name) : undefined);
  const appKey = env.JST_TOP_APP_KEY || fromVault('top.appKey');
  const appSecret = env.JST_TOP_APP_SECRET || fromVault('top.appSecret');
  const session = env.JST_TOP_SESSION || fromVault('top.session');
  if (!appKey || !appSecret) {
    const hint = unlocked ? '' : '（保险箱未解锁：请设置 JST_SMS_PASSPHRASE）';
    throw new AppError('NOT_CONFIGURED', `缺少 App Key / App Secret${hint}，或通过 JST_TOP_APP_KEY、JST_TOP_APP_SECRET 提供。`);
  }
  return { appKey, appSecret, session };
}

function fingerprint(settings: TopSettings, secrets: Pick<TopClientOptions, 'appKey' | 'appSecret' | 'session'>): string {
  // Hashed so the cache key never holds a secret in clear.
  return createHash('sha256')
    .update(JSON.stringify([settings, secrets.appKey, secrets.appSecret, secrets.session]))
    .digest('hex');
}

function okResult(requestId: string | undefined): ConnectionTestResult {
  return {
    ok: true,
    category: 'ok',
    message: '连接成功：App Key、App Secret、店铺授权和聚石塔短信接口权限都正常。',
    detail: requestId ? { request_id: requestId } : undefined,
  };
}

const TEST_CATEGORY: Partial<Record<TopError['category'], string>> = {
  'app-key': 'app-key',
  signature: 'signature',
  session: 'session',
  permission: 'permission',
  // Setup shows the gateway's own explanation (IP allow-list / only inside Jushita) under the permission heading.
  'ip-restricted': 'permission',
  network: 'network',
  timeout: 'network',
  clock: 'clock',
  'rate-limit': 'rate-limit',
  quota: 'rate-limit',
};

function failedResult(error: TopError): ConnectionTestResult {
  const detail: Record<string, string | number | boolean | null> = { kind: error.kind };
  if (error.topCode !== null) detail.code = error.topCode;
  if (error.sub_code) detail.sub_code = error.sub_code;
  if (error.request_id) detail.request_id = error.request_id;
  if (error.networkCode) detail.networkCode = error.networkCode;
  if (error.httpStatus) detail.httpStatus = error.httpStatus;
  return { ok: false, category: TEST_CATEGORY[error.category] ?? error.category, message: `连接失败：${error.message}`, detail };
}
