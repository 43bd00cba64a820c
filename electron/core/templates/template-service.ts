import { AppError } from '../../../shared/errors';
import { lintTemplate, type Finding } from '../../../shared/sms';
import type { AuditState, TemplateDraftInput, TemplateView } from '../../../shared/templates/contract';
import type { TemplateInfo } from '../top/client';
import { CreateTemplateInput, ModifyTemplateInput, parseInput, type ReportTemplateInput } from '../top/schemas';
import { AuditedService, auditState, lintRefusal, newDraft, type AuditedServiceDeps, type SyncField } from './audited-service';
import { hasSubCode, isNotFound } from './failures';
import type { OutboxHandler } from './outbox';
import type { TemplatePlatform } from './platform';
import { toItem } from './outbox-store';
import { type TemplateRow, type TemplateStore } from './template-store';

export type TemplateServiceDeps = AuditedServiceDeps<TemplateStore, TemplateView>;

interface CreatePayload {
  request: CreateTemplateInput;
  previousStatus: AuditState;
  reconcile?: boolean;
}
interface ModifyPayload {
  request: ModifyTemplateInput;
  previousStatus: AuditState;
  reconcile?: boolean;
}

const EDITABLE: ReadonlySet<AuditState> = new Set(['draft', 'rejected']);
const NOT_SUBMITTABLE: Readonly<Partial<Record<AuditState, string>>> = {
  queued: '该模板已在“待联网提交”队列中，联网后会自动提交。',
  pending: '该模板正在审核中，请等待审核结果。',
  approved: '已通过审核的模板不能再修改提交；如需调整，请复制为新模板。',
  unknown: '上次提交的结果未知，请先核对（填写平台上的模板 Code，或确认平台上没有后重新提交）。',
};
const UNKNOWN_CREATE_HINT =
  '提交结果未知：模板可能已在平台创建。为避免重复创建，不会自动重发——请在聚石塔控制台查看是否已有该模板：有则填写模板 Code 关联，没有则选择“确认未创建，重新提交”。';
const NAME_SUFFIX = '（副本）';

/** Error findings of shared/sms lintTemplate, the same rules the editor shows. */
export function templateSubmitErrors(row: Pick<TemplateRow, 'content' | 'type' | 'typeClass' | 'name' | 'remark' | 'previewSignName'>): Finding[] {
  const report = lintTemplate({
    content: row.content,
    type: row.type,
    typeClass: row.typeClass,
    name: row.name,
    remark: row.remark,
    signName: row.previewSignName || undefined,
  });
  return report.findings.filter((f) => f.severity === 'error');
}

/**
 * Template drafts (offline, local DB only), their submission through the outbox, audit tracking, import by code
 * and deletion. Main re-checks every rule the editor shows before anything is queued.
 */
export class TemplateService extends AuditedService<TemplateRow, TemplateView, TemplateStore> {
  constructor(deps: TemplateServiceDeps) {
    super(deps, { type: 'template', missing: '找不到该模板（可能已被删除）。', busy: '该模板正在提交，请稍后再删除。' });
  }

  list(statuses?: readonly AuditState[]): TemplateView[] {
    return this.deps.store.list(statuses).map((row) => this.view(row));
  }

  /** Create (no id) or autosave a draft. Content fields change only while editable; preview fields always. */
  save(input: TemplateDraftInput & { typeClass: 'NORMAL' | 'DIGITAL'; sampleValues: Record<string, string>; previewSignName: string }): TemplateView {
    const now = this.iso();
    const fields = {
      name: input.name,
      type: input.type,
      typeClass: input.typeClass,
      content: input.content,
      remark: input.remark,
      sampleValues: input.sampleValues,
      previewSignName: input.previewSignName,
    };
    if (input.id === undefined) {
      const id = this.deps.store.insert({ ...fields, ...newDraft(now), platformCode: null });
      return this.changed(id, 'edited', null);
    }
    const row = this.mustGet(input.id);
    const contentChanged =
      row.name !== input.name || row.type !== input.type || row.typeClass !== input.typeClass || row.content !== input.content || row.remark !== input.remark;
    if (contentChanged && !EDITABLE.has(row.status)) {
      throw new AppError('CONFLICT', NOT_SUBMITTABLE[row.status] ?? '当前状态下不能修改模板内容。');
    }
    if (row.platformCode && (row.type !== input.type || row.typeClass !== input.typeClass)) {
      throw new AppError('BAD_REQUEST', '模板提交后类型不能修改（平台不允许）；如需其他类型，请复制为新模板。', {
        issues: [{ path: 'type', message: '提交后类型不能修改' }],
      });
    }
    this.deps.store.update(row.id, { ...fields, updatedAt: now });
    return this.changed(row.id, 'edited', row.status);
  }

  duplicate(id: number): TemplateView {
    const row = this.mustGet(id);
    const now = this.iso();
    const name = [...row.name].slice(0, 30 - NAME_SUFFIX.length).join('') + NAME_SUFFIX;
    const copy = this.deps.store.insert({ ...row, name, ...newDraft(now), platformCode: null });
    return this.changed(copy, 'edited', null);
  }

  /**
   * A local-only draft is deleted locally (offline). A template the platform knows is deleted there first; the
   * platform refuses while it is under review (isv.ERROR_TEMPLATE_NOT_DELETE) and the seller is told why.
   */
  delete(id: number): Promise<{ deleted: true; remote: boolean }> {
    return this.remove(id, async (row) => {
      if (!row.platformCode) return false;
      try {
        await this.deps.platform().deleteTemplate(row.platformCode);
        return true;
      } catch (error) {
        if (hasSubCode(error, 'isv.ERROR_TEMPLATE_NOT_DELETE')) {
          // The platform says it is under review: mirror that and watch for the decision.
          if (row.status !== 'pending' && row.status !== 'queued') {
            this.deps.store.update(id, { status: 'pending', updatedAt: this.iso() });
            this.changed(id, 'audit', row.status);
          }
          this.deps.audit.reset();
          throw error;
        }
        if (!isNotFound(error)) throw error;
        return false;
      }
    });
  }

  /**
   * Lint (shared/sms) and the client's own input rules are checked here, in main, before anything is queued.
   * Then one attempt is made at once; if the gateway is unreachable the op stays queued (待联网提交).
   */
  async submit(id: number): Promise<TemplateView> {
    const row = this.mustGet(id);
    const refusal = NOT_SUBMITTABLE[row.status];
    if (refusal) throw new AppError('CONFLICT', refusal);
    this.assertSubmittable(row);

    const now = this.iso();
    const op = row.platformCode
      ? this.deps.outbox.enqueue({
          kind: 'template.modify',
          entityType: 'template',
          entityId: id,
          payload: {
            request: { code: row.platformCode, type: row.type, name: row.name.trim(), content: row.content, remark: row.remark.trim() },
            previousStatus: row.status,
          } satisfies ModifyPayload,
          now,
        })
      : this.deps.outbox.enqueue({
          kind: 'template.create',
          entityType: 'template',
          entityId: id,
          payload: {
            request: { type: row.type, typeClass: row.typeClass, name: row.name.trim(), content: row.content, remark: row.remark.trim() },
            previousStatus: row.status,
          } satisfies CreatePayload,
          now,
        });
    return this.sendNow(row, op.id, now);
  }

  /** 导入: a template that already exists on the platform (created in the console or by another tool). */
  async import(code: string, origin: 'imported' | 'reported' = 'imported'): Promise<TemplateView> {
    const info = await this.deps.platform().queryTemplate(code);
    if (!info) {
      throw new AppError('NOT_FOUND', `聚石塔上找不到模板 ${code}。如果它是在阿里云短信控制台审核通过的存量模板，请先用“上传存量模板”登记。`, {
        detail: { notFound: true },
      });
    }
    return this.upsertFromPlatform(info, origin);
  }

  /** 存量模板: registers a template approved at 阿里通信 with Jushita (template.report), then imports it. */
  async reportStock(input: ReportTemplateInput): Promise<TemplateView> {
    await this.deps.platform().reportTemplate(input);
    const info = await this.deps.platform().queryTemplate(input.code);
    return this.upsertFromPlatform(
      info ?? { code: input.code, name: input.name, content: input.content, type: input.type, status: 'approved', statusCode: 1 },
      'reported',
      input.templateClass,
    );
  }

  /**
   * Resolves a create whose outcome was unknown: either link the code the seller found on the platform
   * (verified with template.query), or — on the seller's word that nothing was created — submit again.
   */
  async reconcile(id: number, resolution: { code?: string; resubmit?: boolean }): Promise<TemplateView> {
    const row = this.mustGet(id);
    if (row.status !== 'unknown') throw new AppError('CONFLICT', '该模板不需要核对。');
    if (resolution.code) {
      const info = await this.deps.platform().queryTemplate(resolution.code);
      if (!info) throw new AppError('NOT_FOUND', `聚石塔上找不到模板 ${resolution.code}，请核对模板 Code。`);
      const other = this.deps.store.byCode(info.code);
      if (other && other.id !== id) throw new AppError('CONFLICT', `模板 ${info.code} 已关联到本机的“${other.name}”。`);
      const now = this.iso();
      this.deps.store.update(id, {
        platformCode: info.code,
        name: info.name || row.name,
        content: info.content || row.content,
        type: info.type as TemplateRow['type'],
        status: auditState(info.status),
        reason: info.reason ?? '',
        lastError: '',
        submittedAt: now,
        reviewedAt: info.status === 'approved' || info.status === 'rejected' ? now : null,
        checkedAt: now,
        updatedAt: now,
      });
      this.deps.store.addVersion(id, {
        action: 'create',
        name: info.name || row.name,
        type: info.type as TemplateRow['type'],
        typeClass: row.typeClass,
        content: info.content || row.content,
        remark: row.remark,
        submittedAt: now,
      });
      const view = this.changed(id, 'sent', row.status);
      this.deps.audit.reset();
      return view;
    }
    if (!resolution.resubmit) throw new AppError('BAD_REQUEST', '请填写模板 Code，或确认平台上没有该模板后重新提交。');
    this.deps.store.update(id, { status: 'draft', lastError: '', updatedAt: this.iso() });
    return this.submit(id);
  }

  // ---- outbox ----

  readonly createHandler: OutboxHandler = {
    send: async (op) => {
      const { request } = op.payload as CreatePayload;
      const { code } = await this.deps.platform().createTemplate(request);
      return this.recordSent(op.entityId, 'create', request, code);
    },
    onWaiting: (op, failure) => this.recordWaiting(op, failure),
    // The answer carrying the new code was lost and there is no list API (spec §2.2): only the seller can tell.
    onUnknown: () => 'stop',
    onStopped: (op, failure) => {
      const row = this.deps.store.get(op.entityId);
      if (!row) return;
      // Recovered after a crash that came after the success was recorded: nothing is unknown.
      if (row.platformCode) return;
      if (failure.kind === 'unknown') {
        this.deps.store.update(row.id, { status: 'unknown', lastError: `${UNKNOWN_CREATE_HINT}（${failure.message}）`, updatedAt: this.iso() });
        this.changed(row.id, 'unknown', row.status);
      } else {
        this.deps.store.update(row.id, { status: (op.payload as CreatePayload).previousStatus, lastError: failure.message, updatedAt: this.iso() });
        this.changed(row.id, 'failed', row.status);
      }
    },
    onCancelled: (op) => this.restore(op.entityId, (op.payload as CreatePayload).previousStatus),
  };

  readonly modifyHandler: OutboxHandler = {
    send: async (op) => {
      const { request, reconcile } = op.payload as ModifyPayload;
      const platform = this.deps.platform();
      if (reconcile) {
        // The last modify may have landed: if the platform already holds exactly this text, it did.
        const info = await platform.queryTemplate(request.code);
        if (!info) throw new AppError('NOT_FOUND', '聚石塔上已找不到该模板（可能已在控制台删除）。');
        if (info.content === request.content && info.name === request.name && info.status === 'pending') {
          return this.recordSent(op.entityId, 'modify', request, request.code);
        }
      }
      await platform.modifyTemplate(request);
      return this.recordSent(op.entityId, 'modify', request, request.code);
    },
    onWaiting: (op, failure) => this.recordWaiting(op, failure),
    // Re-sending the same modify is harmless, and send() checks the platform first.
    onUnknown: () => 'reconcile',
    onStopped: (op, failure) => {
      const row = this.deps.store.get(op.entityId);
      if (!row) return;
      // Unknown to the end: let audit polling read the platform's actual state.
      const status = failure.kind === 'unknown' ? 'pending' : (op.payload as ModifyPayload).previousStatus;
      this.deps.store.update(row.id, { status, lastError: failure.message, updatedAt: this.iso() });
      this.changed(row.id, 'failed', row.status);
      if (status === 'pending') this.deps.audit.reset();
    },
    onCancelled: (op) => this.restore(op.entityId, (op.payload as ModifyPayload).previousStatus),
  };

  // ---- audit ----

  protected pendingRows(): TemplateRow[] {
    return this.deps.store.list(['pending']).filter((r) => r.platformCode);
  }

  protected queryAudit(platform: TemplatePlatform, row: TemplateRow): Promise<TemplateInfo | null> {
    return platform.queryTemplate(row.platformCode!);
  }

  protected platformKey(row: TemplateRow): string | null {
    return row.platformCode;
  }

  protected displayName(row: TemplateRow): string {
    return row.name;
  }

  protected differences(row: TemplateRow, info: TemplateInfo): SyncField[] {
    const fields: SyncField[] = [];
    if (auditState(info.status) !== row.status) fields.push('status');
    if ((info.reason ?? '') !== row.reason) fields.push('reason');
    if (info.name !== row.name) fields.push('name');
    if (info.content !== row.content) fields.push('content');
    if (info.type !== row.type) fields.push('type');
    return fields;
  }

  protected adopt(row: TemplateRow, info: TemplateInfo): void {
    this.upsertFromPlatform(info, row.origin === 'reported' ? 'reported' : 'imported');
  }

  protected gonePatch(now: string): Partial<Omit<TemplateRow, 'id'>> {
    return {
      status: 'draft',
      platformCode: null,
      lastError: '聚石塔上已找不到该模板（可能已在控制台删除），可以修改后重新提交。',
      checkedAt: now,
      updatedAt: now,
    };
  }

  // ---- internals ----

  private assertSubmittable(row: TemplateRow) {
    const refusal = lintRefusal('模板', templateSubmitErrors(row), 'content');
    if (refusal) throw refusal;
    if (row.typeClass === 'DIGITAL') {
      throw new AppError('BAD_REQUEST', '数字短信模板需要上传素材文件，本助手暂不支持提交，请在聚石塔控制台提交。', {
        issues: [{ path: 'typeClass', message: '数字短信模板请在控制台提交' }],
      });
    }
    // The client's own input rules (e.g. name ≤ 30, remark required) — a queued op must be sendable.
    if (row.platformCode)
      parseInput(ModifyTemplateInput, { code: row.platformCode, type: row.type, name: row.name, content: row.content, remark: row.remark }, '提交模板');
    else parseInput(CreateTemplateInput, { type: row.type, typeClass: row.typeClass, name: row.name, content: row.content, remark: row.remark }, '提交模板');
  }

  /** The success plus the platform code and the submitted version. */
  private recordSent(
    id: number,
    action: 'create' | 'modify',
    request: { name: string; content: string; remark: string; type: number; typeClass?: 'NORMAL' | 'DIGITAL' },
    code: string,
  ) {
    return this.recordSubmitted(id, { platformCode: code }, (row, now) =>
      this.deps.store.addVersion(id, {
        action,
        name: request.name,
        type: request.type as TemplateRow['type'],
        typeClass: request.typeClass ?? row.typeClass,
        content: request.content,
        remark: request.remark,
        submittedAt: now,
      }),
    );
  }

  private upsertFromPlatform(info: TemplateInfo, origin: 'imported' | 'reported', typeClass?: 'NORMAL' | 'DIGITAL'): TemplateView {
    const now = this.iso();
    const status = auditState(info.status);
    const decided = status === 'approved' || status === 'rejected';
    const fields = {
      name: info.name,
      content: info.content,
      type: info.type as TemplateRow['type'],
      status,
      reason: info.reason ?? '',
      lastError: '',
      checkedAt: now,
      reviewedAt: decided ? now : null,
      updatedAt: now,
    };
    const existing = this.deps.store.byCode(info.code);
    if (existing) {
      this.deps.store.update(existing.id, fields);
      const view = this.changed(existing.id, 'imported', existing.status);
      if (status === 'pending') this.deps.audit.reset();
      return view;
    }
    const id = this.deps.store.insert({
      ...fields,
      typeClass: typeClass ?? 'NORMAL',
      remark: '',
      sampleValues: {},
      previewSignName: '',
      platformCode: info.code,
      origin,
      createdAt: now,
      submittedAt: now,
    });
    const view = this.changed(id, 'imported', null);
    if (status === 'pending') this.deps.audit.reset();
    return view;
  }

  protected view(row: TemplateRow): TemplateView {
    const op = this.deps.outbox.active('template', row.id);
    return {
      ...row,
      typeLocked: row.platformCode !== null,
      editable: EDITABLE.has(row.status),
      lastSubmitted: this.deps.store.lastVersion(row.id),
      pendingOp: op ? toItem(op, row.name) : null,
    };
  }
}
