import { z } from 'zod';
import { DEFAULT_SMS_RULES_CONFIG, isAllowedHost, type SmsRulesConfig, type TemplateType, type TemplateTypeClass, type SignSource } from './sms';

// Templates, signatures and short links (issue 4): statuses, views, limits and input schemas shared by
// main (validation) and the renderer (forms). Spec: shared/spec/top-api.md §2.1–2.3, §2.5.

/**
 * Local lifecycle of a template or signature:
 * draft = only on this computer (never submitted, or a refused submit to fix);
 * queued = submit waiting for the network (待联网提交); pending = the platform is reviewing it;
 * approved / rejected = the platform's decision (rejected keeps the reason and stays editable);
 * unknown = a create may or may not have reached the platform (templates only): it must be reconciled
 * before anything is sent again, so the platform never gets a duplicate.
 */
export const AUDIT_STATUSES = ['draft', 'queued', 'pending', 'approved', 'rejected', 'unknown'] as const;
export type AuditState = (typeof AUDIT_STATUSES)[number];

export type TemplateOrigin = 'local' | 'imported' | 'reported';

export interface TemplateVersionView {
  version: number;
  action: 'create' | 'modify';
  name: string;
  type: TemplateType;
  content: string;
  remark: string;
  submittedAt: string;
}

export type OutboxKind = 'template.create' | 'template.modify' | 'signature.create' | 'signature.modify';
export type OutboxState = 'queued' | 'sending' | 'done' | 'failed' | 'cancelled';

/** One offline operation (待联网提交) as the seller sees it. */
export interface OutboxItem {
  id: number;
  kind: OutboxKind;
  entityType: 'template' | 'signature';
  entityId: number;
  /** Template or signature name, for the queue list. */
  label: string;
  state: OutboxState;
  attempts: number;
  lastError: string;
  nextAttemptAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface TemplateView {
  id: number;
  name: string;
  type: TemplateType;
  typeClass: TemplateTypeClass;
  content: string;
  remark: string;
  /** Example values for the preview and the length estimate; never sent to the platform. */
  sampleValues: Record<string, string>;
  /** Signature shown in the phone preview. */
  previewSignName: string;
  status: AuditState;
  /** Template code (SMS_…) once the platform created it. */
  platformCode: string | null;
  /** 审核意见, verbatim from template.query. */
  reason: string;
  /** Why the last submit did not go through (Chinese, from the TOP client), '' when none. */
  lastError: string;
  origin: TemplateOrigin;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  checkedAt: string | null;
  /** The platform refuses a type change after submission (spec §2.2 template.modify). */
  typeLocked: boolean;
  /** Local edits allowed (draft and rejected); pending/queued/approved are read-only. */
  editable: boolean;
  lastSubmitted: TemplateVersionView | null;
  pendingOp: OutboxItem | null;
}

export interface SignatureFileView {
  id: number;
  fileName: string;
  fileSuffix: string;
  size: number;
}

export interface SignatureView {
  id: number;
  name: string;
  source: SignSource;
  remark: string;
  status: AuditState;
  reason: string;
  lastError: string;
  origin: 'local' | 'imported';
  files: SignatureFileView[];
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  checkedAt: string | null;
  /** The name identifies the signature on the platform: fixed once submitted. */
  nameLocked: boolean;
  editable: boolean;
  pendingOp: OutboxItem | null;
}

export type ShortLinkExpiry = 'ok' | 'soon' | 'expired';

export interface ShortLinkView {
  id: number;
  longUrl: string;
  shortUrl: string;
  tag: string;
  batchNumber: string;
  createdAt: string;
  expiresAt: string;
  /** Whole days left (0 on the last day, negative once expired). */
  daysLeft: number;
  expiry: ShortLinkExpiry;
}

export interface AuditRefreshResult {
  checked: number;
  changed: number;
  /** Set when the platform could not be reached (the seller sees why nothing changed). */
  error?: string;
}

export type ChangeCause = 'audit' | 'sent' | 'queued' | 'failed' | 'unknown' | 'edited' | 'deleted' | 'imported' | 'cancelled';

export interface TemplatesChangedEvent {
  template: TemplateView | null;
  /** Set when cause is 'deleted' (template is null then). */
  deletedId?: number;
  previousStatus: AuditState | null;
  cause: ChangeCause;
}
export interface SignaturesChangedEvent {
  signature: SignatureView | null;
  deletedId?: number;
  previousStatus: AuditState | null;
  cause: ChangeCause;
}
export interface OutboxChangedEvent {
  items: OutboxItem[];
}

// ---- limits ----

/**
 * Proof files (签名资质). The browser host accepts request bodies up to 1 MB and files travel base64-encoded
 * (4/3 larger), one file per request — so one file is at most 700 KB. signname.create takes ≤ 10; 5 is plenty.
 */
export const PROOF_FILE_LIMITS = {
  maxBytes: 700 * 1024,
  maxFiles: 5,
  suffixes: ['jpg', 'jpeg', 'png', 'gif', 'pdf'] as const,
} as const;

/** Short links live 2 months (spec §2.5); warn a week before. */
export const SHORT_LINK_LIFETIME_MONTHS = 2;
export const SHORT_LINK_WARN_DAYS = 7;

const DAY_MS = 86_400_000;

export function shortLinkExpiry(expiresAt: string, now: number): { daysLeft: number; expiry: ShortLinkExpiry } {
  const left = Date.parse(expiresAt) - now;
  const daysLeft = Math.floor(left / DAY_MS);
  return { daysLeft, expiry: left <= 0 ? 'expired' : left < SHORT_LINK_WARN_DAYS * DAY_MS ? 'soon' : 'ok' };
}

/** createdAt + 2 calendar months (the platform's rule; used when shorturl.query gives no life_end). */
export function shortLinkExpiresAt(createdAt: Date): Date {
  const end = new Date(createdAt.getTime());
  end.setUTCMonth(end.getUTCMonth() + SHORT_LINK_LIFETIME_MONTHS);
  return end;
}

const SHORT_LINK_HOSTS = ['s.tb.cn', 'c.tb.cn'];

export type LongUrlProblem = 'not-a-link' | 'scheme' | 'domain' | 'short-link';

/**
 * shorturl.create takes only long H5 links of an item or shop on the Taobao family of domains (spec §2.5):
 * http(s), host on the SMS link allow-list, and not already a short link.
 */
export function checkLongUrl(value: string, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): { ok: boolean; problem?: LongUrlProblem; host?: string } {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, problem: 'not-a-link' };
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'scheme', host };
  if (SHORT_LINK_HOSTS.some((h) => host === h || host.endsWith(`.${h}`))) return { ok: false, problem: 'short-link', host };
  if (!isAllowedHost(host, config)) return { ok: false, problem: 'domain', host };
  return { ok: true, host };
}

export const LONG_URL_PROBLEM_TEXT: Readonly<Record<LongUrlProblem, { zh: string; en: string }>> = {
  'not-a-link': { zh: '请输入完整的链接（以 https:// 开头）', en: 'Enter a full link (starting with https://)' },
  scheme: { zh: '只支持 http:// 或 https:// 链接', en: 'Only http:// or https:// links' },
  domain: { zh: '只支持淘宝/天猫商品或店铺的链接（taobao.com、tmall.com 等）', en: 'Only Taobao/Tmall item or shop links (taobao.com, tmall.com, …)' },
  'short-link': { zh: '这已经是短链，请填写商品或店铺的原始长链接', en: 'This is already a short link; enter the original item or shop link' },
};

// ---- input schemas (used by shared/contract.ts) ----

export const EntityId = z.number().int().positive();
const TemplateTypeInput = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]);
const SignSourceInput = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);

/** A draft may be incomplete; lint decides whether it can be submitted. Lengths here only bound storage. */
export const TemplateDraftInput = z
  .object({
    id: EntityId.optional(),
    name: z.string().max(64),
    type: TemplateTypeInput,
    typeClass: z.enum(['NORMAL', 'DIGITAL']).default('NORMAL'),
    content: z.string().max(1000),
    remark: z.string().max(500),
    sampleValues: z
      .record(z.string().max(64), z.string().max(200))
      .refine((v) => Object.keys(v).length <= 50, 'at most 50 sample values')
      .default({}),
    previewSignName: z.string().max(64).default(''),
  })
  .strict();
export type TemplateDraftInput = z.input<typeof TemplateDraftInput>;

export const TemplateCodeInput = z.string().trim().min(1).max(64);

export const ReportStockTemplateInput = z
  .object({
    code: TemplateCodeInput,
    name: z.string().trim().min(1).max(30),
    type: TemplateTypeInput,
    content: z.string().trim().min(1).max(500),
    typeClass: z.enum(['NORMAL', 'DIGITAL']).optional(),
    desc: z.string().trim().max(500).optional(),
  })
  .strict();

export const SignatureDraftInput = z
  .object({
    id: EntityId.optional(),
    name: z.string().trim().max(64),
    source: SignSourceInput,
    remark: z.string().max(500),
  })
  .strict();
export type SignatureDraftInput = z.input<typeof SignatureDraftInput>;

export const SignatureFileInput = z
  .object({
    signatureId: EntityId,
    fileName: z.string().trim().min(1).max(128),
    /** Base64 without a data: prefix; size is checked after decoding. */
    base64: z
      .string()
      .max(Math.ceil((PROOF_FILE_LIMITS.maxBytes * 4) / 3) + 8)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
  })
  .strict();

export const ShortLinkCreateInput = z
  .object({
    url: z.string().trim().min(1).max(2048),
    tag: z.string().trim().min(1).max(64),
    batchNumber: z.string().trim().min(1).max(64),
    httpsPrefix: z.boolean().default(true),
  })
  .strict();
