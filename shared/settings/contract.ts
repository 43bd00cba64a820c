import { z } from 'zod';
import { NoInput, request, short } from '../contract-kit';
import { LANGUAGES, SIGN_METHODS, topGatewayProblem, type AppSettings, type SecretView } from './schema';

// Settings and 连接设置 (TOP + MQ): what the seller saves, how it is shown back (secrets masked) and the connection tests.

const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

/** Official gateways or any https host; plain http only on loopback (simulators). */
const topGatewayUrl = httpUrl.superRefine((value, ctx) => {
  const problem = topGatewayProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A secret field on save: omitted = keep the stored value, a string = replace it. */
const secretInput = (max = 512) => z.string().trim().min(1).max(max).optional();

export interface SettingsView {
  top: AppSettings['top'] & { appKey: SecretView; appSecret: SecretView; session: SecretView };
  mq: AppSettings['mq'] & { accessKeyId: SecretView; accessKeySecret: SecretView };
  preferences: AppSettings['preferences'];
  /** Both TOP and MQ have everything needed to run. */
  complete: { top: boolean; mq: boolean };
}

export interface ConnectionTestResult {
  ok: boolean;
  /** Chinese, actionable. */
  message: string;
  /** Machine-readable category for the UI (e.g. 'signature', 'session', 'permission', 'network'). */
  category?: string;
  detail?: Record<string, string | number | boolean | null>;
}

// ---- input schemas ----
export const TopSettingsInput = z
  .object({
    appKey: secretInput(64),
    appSecret: secretInput(256),
    session: secretInput(1024),
    gatewayUrl: topGatewayUrl,
    signMethod: z.enum(SIGN_METHODS),
  })
  .strict();

export const MqSettingsInput = z
  .object({
    endpoint: httpUrl,
    accessKeyId: secretInput(128),
    accessKeySecret: secretInput(256),
    instanceId: short(128),
    topics: z.array(short(128).min(1)).min(1).max(4),
    groupId: short(128).min(1),
    messageTag: short(256),
  })
  .strict();

export const PreferencesInput = z
  .object({
    language: z.enum(LANGUAGES),
    closeToTray: z.boolean(),
    notifyReplies: z.boolean(),
  })
  .strict();

export const settingsRequests = {
  'settings.get': request<SettingsView>()(NoInput),
  'settings.saveTop': request<SettingsView>()(TopSettingsInput),
  'settings.saveMq': request<SettingsView>()(MqSettingsInput),
  'settings.savePreferences': request<SettingsView>()(PreferencesInput),

  // ---- TOP (issue 3) ----
  'setup.testTop': request<ConnectionTestResult>()(NoInput),

  /** 测试连接: a short poll with the saved settings, each given field overriding its saved value. */
  'setup.testMq': request<ConnectionTestResult>()(MqSettingsInput.partial().strict()),
} as const;

export const settingsEvents = {
  'settings.changed': z.custom<{ section: 'top' | 'mq' | 'preferences' | 'vault' }>(),
} as const;
