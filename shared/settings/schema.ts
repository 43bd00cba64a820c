import { z } from 'zod';

// Non-secret settings, stored in the profile's settings file. Secrets live in the vault only.
export const SIGN_METHODS = ['md5', 'hmac', 'hmac-sha256'] as const;
export type SignMethod = (typeof SIGN_METHODS)[number];

/**
 * The official TOP gateways (top-api.md §1.1), offered as choices in the setup screen. Only the HTTPS forms:
 * every environment has one, and over plain HTTP the sessionKey would travel in clear.
 */
export const OFFICIAL_TOP_GATEWAYS = [
  { url: 'https://eco.taobao.com/router/rest', environment: 'production' },
  { url: 'https://gw.api.taobao.com/router/rest', environment: 'production' },
  { url: 'https://api.taobao.com/router/rest', environment: 'overseas' },
  { url: 'https://gw.api.tbsandbox.com/router/rest', environment: 'sandbox' },
] as const;

export const DEFAULT_TOP_GATEWAY = OFFICIAL_TOP_GATEWAYS[0].url;

/** 127.0.0.0/8 and ::1 only: 'localhost' may resolve anywhere. */
export function isLoopbackHost(hostname: string): boolean {
  return /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';
}

/**
 * Why a TOP gateway URL is refused, or null. Any host needs https, except loopback (the local simulators).
 * Chinese, shown to the seller; the same rule runs in the contract (main) and in the form.
 */
export function topGatewayProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return '网关地址不是有效的网址。';
  }
  if (url.username || url.password) return '网关地址中不能包含用户名或密码。';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return null;
  return '网关地址必须以 https:// 开头（本机模拟器 127.0.0.1 除外）。';
}

/** scheme://host[:port] that secrets are bound to: another port on 127.0.0.1 is another origin. */
export function urlOrigin(raw: string): string {
  return new URL(raw.trim()).origin;
}

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const TopSettingsSchema = z.object({
  gatewayUrl: z.string().default(DEFAULT_TOP_GATEWAY),
  signMethod: z.enum(SIGN_METHODS).default('hmac-sha256'),
  /** simplify=true answers without list wrappers; both are supported. */
  simplify: z.boolean().default(true),
  /** Calls per second shared by all calls of one App Key. The real per-app quota is not published. */
  qps: z.number().positive().max(100).default(5),
  /**
   * orders-oaid.md §0 assumption: `oaids` / `order_ids` / `sign_name` of an OAID batchsend are JSON arrays of strings;
   * 'comma' sends comma-separated lists instead (no source settles the encoding).
   */
  oaidListEncoding: z.enum(['json', 'comma']).default('json'),
});
export type TopSettings = z.infer<typeof TopSettingsSchema>;

export const MESSAGE_KINDS = ['report', 'reply'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * How pushed messages are recognised. Jushita's 消息同步 does not document how it wraps the TMC bodies
 * in the seller's topic (tag, envelope), so every signal is configurable; the defaults accept all
 * plausible shapes. Classification order: topicKinds → message tag → envelope topic → body shape.
 */
export const MqParsingSchema = z.object({
  /** Seller topic → fixed kind, for setups with one topic per kind. */
  topicKinds: z.record(z.string(), z.enum(MESSAGE_KINDS)).default({}),
  reportTags: z.array(z.string()).default(['alibaba_aliqin_TaFcSmsDR', 'alibaba_aliqin_FcSmsDR', 'SmsReport']),
  replyTags: z.array(z.string()).default(['alibaba_aliqin_FcSmsUp', 'SmsUp']),
  /** TMC topic names found in an envelope's `topic` field. */
  reportTopics: z.array(z.string()).default(['alibaba_aliqin_TaFcSmsDR', 'alibaba_aliqin_FcSmsDR']),
  replyTopics: z.array(z.string()).default(['alibaba_aliqin_FcSmsUp']),
  /** Unwrap a TMC-style envelope ({topic, content, …}); content may be a JSON string or an object. */
  unwrapEnvelope: z.boolean().default(true),
  /** Last resort: biz_id + state means a report, sms_seq + sender means a reply. */
  classifyByShape: z.boolean().default(true),
  /** The MQ docs recommend Base64 for bodies that are not XML-safe; try it when a body is not JSON. */
  acceptBase64: z.boolean().default(true),
});
export type MqParsing = z.infer<typeof MqParsingSchema>;

export const MqSettingsSchema = z.object({
  endpoint: z.string().default(''),
  instanceId: z.string().default(''),
  groupId: z.string().default(''),
  /** One topic carrying both kinds (told apart by tag or shape), or two topics. */
  topics: z.array(z.string()).max(4).default([]),
  /** Tag filter passed to the consumer ('' = all, 'a||b' = either). */
  messageTag: z.string().default(''),
  enabled: z.boolean().default(true),
  parsing: MqParsingSchema.prefault({}),
});
export type MqSettings = z.infer<typeof MqSettingsSchema>;

export const PreferencesSchema = z.object({
  language: z.enum(LANGUAGES).default('zh-CN'),
  closeToTray: z.boolean().default(true),
  notifyReplies: z.boolean().default(true),
});
export type Preferences = z.infer<typeof PreferencesSchema>;

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** A daily time range in Beijing time ('HH:mm'); end before start wraps past midnight. */
export const DailyWindowSchema = z.object({ start: z.string().regex(CLOCK_TIME), end: z.string().regex(CLOCK_TIME) });
export type DailyWindow = z.infer<typeof DailyWindowSchema>;

export const SendingSettingsSchema = z.object({
  /** An unknown-outcome chunk is reconciled with num.query after this long (env JST_RECONCILE_AFTER_S overrides). */
  reconcileAfterSeconds: z.number().int().min(0).max(86_400).default(120),
  /**
   * An OAID chunk with an unknown outcome cannot be checked with num.query (no number): a delivery report naming one of
   * its orders proves it executed; without one within this many minutes its orders become 未确认 (never resent by itself).
   */
  oaidSettleMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Marketing may be sent only inside this window (Beijing time). Alibaba Cloud's rule; Jushita's own is not published. */
  marketingWindow: DailyWindowSchema.prefault({ start: '08:00', end: '20:00' }),
  /** Default of a new campaign's frequency guard (days; 0 = off). */
  frequencyDays: z.number().int().min(0).max(90).default(1),
  /** 退订 blocks marketing only (the law's opt-out is from commercial SMS); on: it blocks service notices too. */
  optOutBlocksAll: z.boolean().default(false),
  /** 测试发送: the seller's own mobile numbers (normalised), kept from the last test send. */
  testNumbers: z
    .array(z.string().regex(/^1\d{10}$/))
    .max(5)
    .default([]),
});

export const HistorySettingsSchema = z.object({
  /** Submitted numbers without a report after this long are checked with num.query (env JST_REPORT_TIMEOUT_MIN). */
  reportTimeoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(30),
  /** Still waiting after this long → 未知. */
  unknownAfterHours: z
    .number()
    .int()
    .min(1)
    .max(30 * 24)
    .default(72),
  /**
   * Automatic exclusion: a number whose delivery reports say 空号 (no-such-number) or carrier/complaint blacklist
   * (blocked) this many times goes on the do-not-send list with that reason. 0 = off.
   */
  autoExclude: z
    .object({
      noSuchNumberAfter: z.number().int().min(0).max(100).default(1),
      blockedAfter: z.number().int().min(0).max(100).default(1),
    })
    .prefault({}),
});
export type HistorySettings = z.infer<typeof HistorySettingsSchema>;

export const PHONE_MASKS = ['none', 'middle', 'all'] as const;
export const InboxSettingsSchema = z.object({
  /** 勿扰: no desktop notification inside this window (null = off). */
  doNotDisturb: DailyWindowSchema.nullable().default(null),
  /** How the phone appears in notifications. */
  notificationPhoneMask: z.enum(PHONE_MASKS).default('middle'),
  /** Browser host: the seller enabled Web Notifications (permission asked then). */
  webNotifications: z.boolean().default(false),
  /** A reply made only of these (after normalisation) is a certain opt-out. */
  optOutKeywords: z.array(z.string().min(1).max(32)).max(100).default(['T', 'TD', 'R', 'N', '退订', '退', '拒收', '取消', '取消订阅', 'STOP', 'UNSUBSCRIBE']),
  /** A short reply containing one of these among other words is flagged 疑似退订. */
  likelyOptOutPhrases: z.array(z.string().min(1).max(32)).max(100).default(['退订', '拒收', '不要再发', '别再发', '不要发']),
});
export type InboxSettings = z.infer<typeof InboxSettingsSchema>;

/**
 * Orders (issue 17). Where the sources are silent (orders-oaid.md §0) the value is an assumption, marked so.
 */
export const OrdersSettingsSchema = z.object({
  /**
   * The seller nick of each shop (key: shop id). A TMC message naming another seller is quarantined, never mixed in.
   * Empty: filled from the shop's first order event.
   */
  sellerNicks: z.record(z.string(), z.string().max(64)).default({}),
  /** First import when nothing was synced yet: days back (trades.sold.get allows up to 3 months). */
  firstImportDays: z.number().int().min(1).max(90).default(7),
  /** §0 assumption: a backfill starts this long before the coverage mark, for TMC delivery lag and clock skew. */
  backfillOverlapMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(10),
  /** increment.get span per call: ≤ 1 day (platform rule); the platform recommends ≤ 30 min on busy shops. */
  incrementSpanMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(24 * 60),
  /**
   * §0 assumption: an OAID changes per shop, app key and natural week of the order; a cached one is fetched again
   * after this long, and always after the natural week (Beijing, Monday) it was fetched in.
   */
  oaidMaxAgeHours: z
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(24),
  /**
   * §0 assumption: the platform may refuse the OAID of an order created long ago (an OAID changes per natural week of
   * the order's creation; no documented age or error). Older orders are reported as "no usable OAID: order too old"
   * and not sent. 90 days matches trades.sold.get's own reach (3 months).
   */
  oaidOrderMaxAgeDays: z.number().int().min(1).max(365).default(90),
  /** Backfill the time the app was not consuming when it starts. */
  syncOnStart: z.boolean().default(true),
});
export type OrdersSettings = z.infer<typeof OrdersSettingsSchema>;

/** Automations (issue 18): settings of the whole shop; each kind's rule lives in the database. */
export const AutomationsSettingsSchema = z.object({
  /** SMS per buyer (buyer_open_uid) per Beijing day across all kinds (CRM practice: 1). */
  buyerDailyCap: z.number().int().min(1).max(10).default(1),
  /**
   * How long one "minute" of a rule's delay lasts, in ms. Always 60 000 for a seller; the demo profile shortens it so
   * a 30-minute 催付 happens within a minute of enabling it (the same code path, a different setting).
   */
  delayMinuteMs: z.number().int().min(100).max(60_000).default(60_000),
});
export type AutomationsSettings = z.infer<typeof AutomationsSettingsSchema>;
/**
 * Cost (issue 19). Whether the platform bills a number whose delivery failed is not documented: counting it is the
 * default because then the balance the app shows is never higher than it may really be.
 */
export const CostSettingsSchema = z.object({
  countFailedDeliveries: z.boolean().default(true),
  /** 效果: an order counts for a send when created within this many days after it (CRM tools: 1–7, default 3). */
  effectDays: z.number().int().min(1).max(15).default(3),
});
export type CostSettings = z.infer<typeof CostSettingsSchema>;

export const AppSettingsSchema = z.object({
  top: TopSettingsSchema.prefault({}),
  mq: MqSettingsSchema.prefault({}),
  preferences: PreferencesSchema.prefault({}),
  sending: SendingSettingsSchema.prefault({}),
  history: HistorySettingsSchema.prefault({}),
  inbox: InboxSettingsSchema.prefault({}),
  orders: OrdersSettingsSchema.prefault({}),
  automations: AutomationsSettingsSchema.prefault({}),
  costs: CostSettingsSchema.prefault({}),
  /** Linux only: the seller accepted safeStorage's basic_text backend (no real protection). */
  allowPlainTextSecrets: z.boolean().default(false),
});
export type AppSettings = z.infer<typeof AppSettingsSchema>;

export const SECRET_NAMES = ['top.appKey', 'top.appSecret', 'top.session', 'mq.accessKeyId', 'mq.accessKeySecret'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** What the UI may see of a secret. */
export interface SecretView {
  set: boolean;
  /** Identifiers only (App Key, AccessKey ID): first and last two characters. Never for secrets. */
  masked?: string;
}
