import { z } from 'zod';
import { NoInput, request } from '../contract-kit';
import type { TemplateType, TemplateTypeClass, SignSource } from '../sms';

// Templates, signatures and short links (issue 4): statuses, views, limits and input schemas shared by
// main (validation) and the renderer (forms), and their requests/events. Spec: top-api.md §2.1–2.3, §2.5.

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

export type SyncField = 'status' | 'reason' | 'name' | 'content' | 'type';
/** 同步全部: what re-querying every known template code and signature name found. */
export interface SyncAllResult {
  templates: { checked: number; changed: Array<{ key: string; name: string; fields: SyncField[] }>; missing: string[] };
  signatures: { checked: number; changed: Array<{ key: string; name: string; fields: SyncField[] }>; missing: string[] };
  /** Set when the platform could not be reached part-way (what was checked until then is kept). */
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

// ---- input schemas ----

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

export const templatesRequests = {
  /** Local drafts and the templates they became; status filter optional. Works offline. */
  'templates.list': request<TemplateView[]>()(z.object({ status: z.array(z.enum(AUDIT_STATUSES)).max(AUDIT_STATUSES.length).optional() }).strict()),
  'templates.get': request<TemplateView>()(z.object({ id: EntityId }).strict()),
  /** Create (no id) or autosave a draft; offline. */
  'templates.save': request<TemplateView>()(TemplateDraftInput),
  'templates.duplicate': request<TemplateView>()(z.object({ id: EntityId }).strict()),
  /** Local-only drafts are deleted locally; platform templates via template.delete (refused while under review). */
  'templates.delete': request<{ deleted: true; remote: boolean }>()(z.object({ id: EntityId }).strict()),
  /** Lint-gated in main; queued (待联网提交) when the gateway is unreachable. */
  'templates.submit': request<TemplateView>()(z.object({ id: EntityId }).strict()),
  /** Import an existing template by code (template.query). */
  'templates.import': request<TemplateView>()(z.object({ code: TemplateCodeInput }).strict()),
  /** 存量模板: template.report, then import. */
  'templates.reportStock': request<TemplateView>()(ReportStockTemplateInput),
  /** Resolve an unknown-outcome create: link the code found on the platform, or resubmit on the seller's word. */
  'templates.reconcile': request<TemplateView>()(z.object({ id: EntityId, code: TemplateCodeInput.optional(), resubmit: z.boolean().optional() }).strict()),
  /** 刷新: query every pending template and signature now. */
  'templates.refresh': request<AuditRefreshResult>()(NoInput),
  /** 同步全部: every known template code and signature name queried again (the platform has no list API). */
  'templates.syncAll': request<SyncAllResult>()(NoInput),
  'templates.outbox.list': request<OutboxItem[]>()(NoInput),
  'templates.outbox.cancel': request<OutboxItem>()(z.object({ id: EntityId }).strict()),
  'templates.outbox.retryNow': request<OutboxItem[]>()(NoInput),
  'signatures.list': request<SignatureView[]>()(NoInput),
  'signatures.save': request<SignatureView>()(SignatureDraftInput),
  /** One proof file per request (≤ 700 KB, jpg/png/gif/pdf). */
  'signatures.addFile': request<SignatureView>()(SignatureFileInput),
  'signatures.removeFile': request<SignatureView>()(z.object({ signatureId: EntityId, fileId: EntityId }).strict()),
  'signatures.submit': request<SignatureView>()(z.object({ id: EntityId }).strict()),
  'signatures.delete': request<{ deleted: true; remote: boolean }>()(z.object({ id: EntityId }).strict()),
  'signatures.import': request<SignatureView>()(z.object({ name: z.string().trim().min(1).max(64) }).strict()),
  /** Newest first; a campaign picks one for ${url} from the unexpired ones. */
  'shortLinks.list': request<ShortLinkView[]>()(z.object({ includeExpired: z.boolean().default(true) }).strict()),
  'shortLinks.create': request<ShortLinkView>()(ShortLinkCreateInput),
  'shortLinks.delete': request<{ deleted: true }>()(z.object({ id: EntityId }).strict()),
} as const;

export const templatesEvents = {
  /** A template changed (cause 'audit' = the platform decided; 'sent' = a queued submit went out). */
  'templates.changed': z.custom<TemplatesChangedEvent>(),
  'signatures.changed': z.custom<SignaturesChangedEvent>(),
  /** The offline queue (待联网提交) changed. */
  'templates.outboxChanged': z.custom<OutboxChangedEvent>(),
} as const;
