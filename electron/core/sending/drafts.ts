import { AppError } from '../../../shared/errors';
import type { CampaignKind, CampaignSummary, CampaignTemplateRef, CampaignView } from '../../../shared/sending/contract';
import type { DeliveryCounts } from '../../../shared/history/rate';
import { normalizePhone } from '../../../shared/sending/phone';
import { extractVariables, lintSignature, type TemplateType } from '../../../shared/sms';
import { formatBeijing } from '../../../shared/time/beijing';
import type { CoreContext } from '../context';
import { sendScope, suppressionReason, type SuppressionStore } from '../suppression/store';
import { storedText } from '../../../shared/stored-text';
import { SendingStore, type CampaignRow } from './store';
import type { ImportProgress, RecipientMapping } from '../../../shared/recipients/contract';
import { ownValue, userKeyedMap } from '../../../shared/records';

/** A template row as the sending side needs it (sms_templates, issue 4). */
export interface ApprovedTemplate {
  id: number;
  code: string;
  name: string;
  type: TemplateType;
  content: string;
}

/** Local template by id: must be 已通过 (status approved with a platform code). */
export function approvedTemplate(ctx: Pick<CoreContext, 'db' | 'shopId'>, id: number): ApprovedTemplate {
  const r = ctx.db.prepare('SELECT id, name, type, content, status, platform_code FROM sms_templates WHERE shop_id = ? AND id = ?').get(ctx.shopId, id) as
    { id: number; name: string; type: number; content: string; status: string; platform_code: string | null } | undefined;
  if (!r) throw new AppError('NOT_FOUND', '模板不存在。');
  if (r.status !== 'approved' || !r.platform_code) throw new AppError('CONFLICT', `模板“${r.name}”尚未审核通过，只能使用已通过的模板发送。`);
  return { id: r.id, code: r.platform_code, name: r.name, type: r.type as TemplateType, content: r.content };
}

export function templateIdByCode(ctx: Pick<CoreContext, 'db' | 'shopId'>, code: string): number | null {
  const r = ctx.db.prepare('SELECT id FROM sms_templates WHERE shop_id = ? AND platform_code = ?').get(ctx.shopId, code) as { id: number } | undefined;
  return r?.id ?? null;
}

/**
 * Signature rules: marketing (type 2) needs a filed, approved signature of this shop (sms_signatures);
 * notification / verification accept any valid signature text (Jushita does not control system-SMS signatures).
 * Returns a Chinese problem or null.
 */
export function signatureProblem(ctx: Pick<CoreContext, 'db' | 'shopId'>, signName: string, templateType: number | null): string | null {
  if (!signName.trim()) return '请选择短信签名。';
  if (templateType === 2) {
    const r = ctx.db.prepare('SELECT status FROM sms_signatures WHERE shop_id = ? AND name = ?').get(ctx.shopId, signName) as { status: string } | undefined;
    if (!r) return `推广短信必须使用已报备并审核通过的签名；本店没有签名“${signName}”。`;
    if (r.status !== 'approved') return `签名“${signName}”尚未审核通过，推广短信只能使用已通过的签名。`;
    return null;
  }
  const report = lintSignature(signName);
  const error = report.findings.find((f) => f.severity === 'error');
  return error ? `签名无效：${error.message}` : null;
}

export interface ShortLinkRow {
  id: number;
  shortUrl: string;
  expiresAt: string;
}

export function shortLink(ctx: Pick<CoreContext, 'db' | 'shopId'>, id: number): ShortLinkRow | null {
  const r = ctx.db.prepare('SELECT id, short_url, expires_at FROM short_links WHERE shop_id = ? AND id = ?').get(ctx.shopId, id) as
    { id: number; short_url: string; expires_at: string } | undefined;
  return r ? { id: r.id, shortUrl: r.short_url, expiresAt: r.expires_at } : null;
}

export function usesUrl(content: string): boolean {
  return extractVariables(content).includes('url');
}

/** The values sent for one recipient: constants, then the row's own columns, then the 淘短链 for ${url}. */
export function recipientParams(
  c: Pick<CampaignRow, 'templateContent' | 'constants' | 'shortUrl'>,
  vars: Record<string, string>,
  names = extractVariables(c.templateContent),
): Record<string, string> {
  const out = userKeyedMap<string>();
  for (const name of names) {
    const value = name === 'url' && c.shortUrl ? c.shortUrl : (ownValue(vars, name) ?? ownValue(c.constants, name));
    if (value !== undefined) out[name] = value;
  }
  return out;
}

export function templateRef(c: CampaignRow): CampaignTemplateRef | null {
  if (!c.templateCode) return null;
  return { id: c.templateId, code: c.templateCode, name: c.templateName, type: (c.templateType ?? 1) as TemplateType, content: c.templateContent };
}

const DONE_STATUSES = ['submitted', 'rejected', 'unconfirmed', 'skipped', 'cancelled'] as const;

export function campaignView(store: SendingStore, c: CampaignRow, delivery: DeliveryCounts, shortLinkRow: ShortLinkRow | null = null): CampaignView {
  const counts = store.counts(c.id);
  const total = c.preparedAt || c.state !== 'draft' ? counts.valid : counts.valid;
  const done = DONE_STATUSES.reduce((sum, k) => sum + counts[k], 0);
  const importProgress: ImportProgress | null = c.importState
    ? {
        campaignId: c.id,
        state: c.importState as ImportProgress['state'],
        processedRows: c.rowsTotal,
        bytesRead: 0,
        totalBytes: 0,
        ...(c.importError ? { error: c.importError } : {}),
      }
    : null;
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    audience: c.audience,
    orderOptions: c.audience === 'orders' ? (c.orderOptions ?? { perOrder: false, varMap: {} }) : null,
    state: c.state,
    reason: c.reasonCode ? { code: c.reasonCode, message: c.reason } : null,
    template: templateRef(c),
    signName: c.signName,
    shortLink: c.shortLinkId ? { id: c.shortLinkId, url: c.shortUrl || shortLinkRow?.shortUrl || '', expiresAt: shortLinkRow?.expiresAt ?? null } : null,
    constants: c.constants,
    mapping: c.mapping ? (safeJson(c.mapping) as RecipientMapping | null) : null,
    source: c.source ? (safeJson(c.source) as CampaignView['source']) : null,
    scheduledAt: c.scheduledAt,
    autoResumeNextDay: c.autoResume,
    frequencyDays: c.frequencyDays,
    counts,
    delivery,
    segments: { min: c.segmentsMin, max: c.segmentsMax, total: c.segmentsTotal },
    progress: { total, done: Math.min(done, total), etaSeconds: null },
    importProgress,
    parentId: c.parentId,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    preparedAt: c.preparedAt,
    startedAt: c.startedAt,
    finishedAt: c.finishedAt,
  };
}

export function campaignSummary(view: CampaignView): CampaignSummary {
  const { id, name, kind, audience, state, reason, signName, counts, delivery, segments, progress, scheduledAt, createdAt, updatedAt, startedAt, finishedAt } =
    view;
  return {
    id,
    name,
    kind,
    audience,
    state,
    reason,
    signName,
    counts,
    delivery,
    segments,
    progress,
    scheduledAt,
    createdAt,
    updatedAt,
    startedAt,
    finishedAt,
    templateName: view.template?.name ?? '',
    templateCode: view.template?.code ?? '',
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function defaultCampaignName(now: Date): string {
  return `群发 ${formatBeijing(now.getTime())}`;
}

/** Snapshot of the template on the campaign row (what was sent cannot change with a later edit). */
export function templateSnapshot(t: ApprovedTemplate) {
  return { templateId: t.id, templateCode: t.code, templateName: t.name, templateType: t.type, templateContent: t.content };
}

export interface DraftRecipient {
  phone: string;
  vars?: Record<string, string>;
}

export interface CreateDraftInput {
  name: string;
  kind: CampaignKind;
  parentId?: number | null;
  /** Local approved template … */
  templateId?: number;
  /** … or the snapshot of another campaign's template (a resend of numbers sent with it). */
  templateRef?: CampaignTemplateRef;
  signName: string;
  constants?: Record<string, string>;
  recipients: DraftRecipient[];
  shortLinkId?: number | null;
  frequencyDays?: number;
}

/**
 * A draft campaign from recipients already in hand (重发失败号码, the inbox's single send, tests): every phone is
 * normalised, deduplicated (first wins) and checked against the suppression list, exactly like an import.
 * Returns the campaign id; start it with campaigns.start.
 */
export function createDraftFromRecipients(
  ctx: Pick<CoreContext, 'db' | 'shopId' | 'settings' | 'events' | 'clock'>,
  suppression: SuppressionStore,
  input: CreateDraftInput,
): number {
  const store = new SendingStore(ctx.db, ctx.shopId);
  const now = new Date(ctx.clock.now()).toISOString();
  let template: ApprovedTemplate | null = null;
  if (input.templateId !== undefined) template = approvedTemplate(ctx, input.templateId);
  else if (input.templateRef) {
    const ref = input.templateRef;
    template = { id: ref.id ?? 0, code: ref.code, name: ref.name, type: ref.type, content: ref.content };
  }
  if (!template) throw new AppError('BAD_REQUEST', '请选择已通过的模板。');
  const problem = signatureProblem(ctx, input.signName, template.type);
  if (problem) throw new AppError('BAD_REQUEST', problem);

  const phones = input.recipients.map((r) => normalizePhone(r.phone));
  const suppressed = suppression.filterSuppressed(
    phones.flatMap((p) => (p.ok ? [p.phone] : [])),
    sendScope(template.type),
  );
  const firstRow = new Map<string, number>();
  const rows = input.recipients.map((r, i) => {
    const p = phones[i]!;
    const base = { rowNo: i + 1, raw: r.phone.slice(0, 200), vars: r.vars ?? {} };
    if (!p.ok) return { ...base, phone: '', status: 'invalid' as const, reason: p.reason };
    const first = firstRow.get(p.phone);
    if (first !== undefined) return { ...base, phone: p.phone, status: 'duplicate' as const, reason: storedText.duplicateOfRow(first) };
    firstRow.set(p.phone, base.rowNo);
    if (suppressed.has(p.phone)) return { ...base, phone: p.phone, status: 'suppressed' as const, reason: suppressionReason(suppressed.get(p.phone)!) };
    return { ...base, phone: p.phone, status: 'valid' as const, reason: '' };
  });

  return store.tx(() => {
    const id = store.insertCampaign({
      name: input.name,
      kind: input.kind,
      frequencyDays: input.frequencyDays ?? ctx.settings.get().sending.frequencyDays,
      parentId: input.parentId ?? null,
      now,
    });
    const link = input.shortLinkId ? shortLink(ctx, input.shortLinkId) : null;
    store.updateCampaign(
      id,
      {
        ...templateSnapshot(template),
        templateId: input.templateId ?? input.templateRef?.id ?? null,
        signName: input.signName,
        constants: input.constants ?? {},
        shortLinkId: link?.id ?? null,
        shortUrl: link?.shortUrl ?? '',
      },
      now,
    );
    ctx.db
      .prepare("UPDATE campaigns SET rows_total = ?, import_state = 'done', source = ? WHERE id = ?")
      .run(rows.length, JSON.stringify({ format: 'paste', fileName: null, sheet: null, encoding: null }), id);
    store.insertRecipients(id, rows);
    return id;
  });
}

/**
 * A template code for the CLI: known locally and approved → its id; otherwise looked up with template.query, which
 * must say approved, and imported exactly like templates.import does.
 */
export async function approvedTemplateByCode(
  ctx: Pick<CoreContext, 'db' | 'shopId' | 'events'>,
  platform: () => { queryTemplate(code: string): Promise<import('../top/client').TemplateInfo | null> },
  code: string,
): Promise<ApprovedTemplate> {
  const local = templateIdByCode(ctx, code);
  if (local !== null) {
    const row = ctx.db.prepare('SELECT status FROM sms_templates WHERE id = ?').get(local) as { status: string };
    if (row.status === 'approved') return approvedTemplate(ctx, local);
  }
  const { TemplateService } = await import('../templates/template-service');
  const { TemplateStore } = await import('../templates/template-store');
  const { OutboxStore } = await import('../templates/outbox-store');
  const service = new TemplateService({
    store: new TemplateStore(ctx.db, ctx.shopId),
    outbox: new OutboxStore(ctx.db, ctx.shopId),
    platform: platform as never,
    now: Date.now,
    queue: { runNow: () => Promise.reject(new AppError('CONFLICT', '发送命令不提交模板。')) },
    audit: { reset() {} },
    emit: (template, cause, previousStatus, deletedId) => ctx.events.emit('templates.changed', { template, cause, previousStatus, deletedId }),
  });
  const view = await service.import(code);
  if (view.status !== 'approved' || !view.platformCode)
    throw new AppError('CONFLICT', `模板 ${code} 尚未审核通过（当前：${view.status}），只能使用已通过的模板发送。`);
  return approvedTemplate(ctx, view.id);
}
