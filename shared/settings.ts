import { z } from 'zod';

// Non-secret settings, stored in the profile's settings file. Secrets live in the vault only.
export const SIGN_METHODS = ['md5', 'hmac', 'hmac-sha256'] as const;
export type SignMethod = (typeof SIGN_METHODS)[number];

export const DEFAULT_TOP_GATEWAY = 'https://eco.taobao.com/router/rest';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const TopSettingsSchema = z.object({
  gatewayUrl: z.string().default(DEFAULT_TOP_GATEWAY),
  signMethod: z.enum(SIGN_METHODS).default('hmac-sha256'),
  /** simplify=true answers without list wrappers; both are supported. */
  simplify: z.boolean().default(true),
  /** Calls per second shared by all calls of one App Key. The real per-app quota is not published. */
  qps: z.number().positive().max(100).default(5),
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

export const AppSettingsSchema = z.object({
  top: TopSettingsSchema.prefault({}),
  mq: MqSettingsSchema.prefault({}),
  preferences: PreferencesSchema.prefault({}),
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
