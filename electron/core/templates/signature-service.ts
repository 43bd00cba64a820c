import { AppError } from '../../../shared/errors';
import { lintSignature } from '../../../shared/sms';
import { PROOF_FILE_LIMITS, type AuditState, type SignatureDraftInput, type SignatureView } from '../../../shared/templates/contract';
import type { SignNameInfo } from '../top/client';
import { CreateSignNameInput, parseInput, type AttachedFile } from '../top/schemas';
import { AuditedService, auditState, lintRefusal, newDraft, type AuditedServiceDeps, type SyncField } from './audited-service';
import { isNotFound, type Failure } from './failures';
import type { OutboxHandler } from './outbox';
import type { TemplatePlatform } from './platform';
import { toItem, type OutboxOp } from './outbox-store';
import { type SignatureRow, type SignatureStore } from './signature-store';

export type SignatureServiceDeps = AuditedServiceDeps<SignatureStore, SignatureView>;

interface SignaturePayload {
  request: { name: string; remark: string; source: SignatureRow['source'] };
  /** Resubmitting a rejected signature: the platform keeps the rejected one under the same name, so it goes first. */
  replaceRejected: boolean;
  previousStatus: AuditState;
  reconcile?: boolean;
}

/** Pending signatures can still be modified on the platform ("只能修改还未被审核的签名", spec §2.3). */
const EDITABLE: ReadonlySet<AuditState> = new Set(['draft', 'rejected', 'pending']);
const NOT_SUBMITTABLE: Readonly<Partial<Record<AuditState, string>>> = {
  queued: '该签名已在“待联网提交”队列中，联网后会自动提交。',
  approved: '已通过审核的签名不能修改。',
  unknown: '上次提交的结果未知，正在核对。',
};

/** Magic numbers, so a renamed file is caught here rather than by the reviewer. */
const FILE_SIGNATURES: Readonly<Record<string, (b: Buffer) => boolean>> = {
  png: (b) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  jpg: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  jpeg: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  gif: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  pdf: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};

/**
 * Signatures (签名): drafts with proof files, submission through the same outbox as templates, audit tracking.
 * Unlike templates a signature is identified by its name, so every create first asks the platform whether the name
 * exists — that both reconciles an unknown earlier attempt and adopts a signature made in the console.
 */
export class SignatureService extends AuditedService<SignatureRow, SignatureView, SignatureStore> {
  constructor(deps: SignatureServiceDeps) {
    super(deps, { type: 'signature', missing: '找不到该签名（可能已被删除）。', busy: '该签名正在提交，请稍后再删除。' });
  }

  list(): SignatureView[] {
    return this.deps.store.list().map((row) => this.view(row));
  }

  save(input: SignatureDraftInput): SignatureView {
    const now = this.iso();
    const name = input.name.trim();
    const clash = name ? this.deps.store.byName(name) : undefined;
    if (input.id === undefined) {
      if (clash) throw new AppError('CONFLICT', `已有名为“${name}”的签名。`);
      const id = this.deps.store.insert({ name, source: input.source, remark: input.remark, ...newDraft(now) });
      return this.changed(id, 'edited', null);
    }
    const row = this.mustGet(input.id);
    if (!EDITABLE.has(row.status)) throw new AppError('CONFLICT', NOT_SUBMITTABLE[row.status] ?? '当前状态下不能修改签名。');
    if (name !== row.name) {
      if (this.nameLocked(row))
        throw new AppError('BAD_REQUEST', '签名提交后名称不能修改（平台以名称识别签名）；如需新名称，请新建签名。', {
          issues: [{ path: 'name', message: '提交后名称不能修改' }],
        });
      if (clash) throw new AppError('CONFLICT', `已有名为“${name}”的签名。`);
    }
    this.deps.store.update(row.id, { name, source: input.source, remark: input.remark, updatedAt: now });
    return this.changed(row.id, 'edited', row.status);
  }

  /** One proof file per request (the browser host caps bodies at 1 MB): ≤ 700 KB, jpg/png/gif/pdf, ≤ 5 files. */
  addFile(signatureId: number, fileName: string, base64: string): SignatureView {
    const row = this.mustGet(signatureId);
    if (!EDITABLE.has(row.status)) throw new AppError('CONFLICT', NOT_SUBMITTABLE[row.status] ?? '当前状态下不能修改签名。');
    const suffix = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
    if (!(PROOF_FILE_LIMITS.suffixes as readonly string[]).includes(suffix)) {
      throw new AppError('BAD_REQUEST', `只支持 ${PROOF_FILE_LIMITS.suffixes.join('、')} 格式的证明文件。`, {
        issues: [{ path: 'fileName', message: '文件格式不支持' }],
      });
    }
    const content = Buffer.from(base64, 'base64');
    if (content.length === 0) throw new AppError('BAD_REQUEST', '文件是空的。');
    if (content.length > PROOF_FILE_LIMITS.maxBytes) {
      throw new AppError('BAD_REQUEST', `文件 ${fileName} 超过 ${Math.round(PROOF_FILE_LIMITS.maxBytes / 1024)} KB，请压缩后再上传。`, {
        issues: [{ path: 'base64', message: '文件过大' }],
      });
    }
    if (!FILE_SIGNATURES[suffix]!(content)) throw new AppError('BAD_REQUEST', `文件 ${fileName} 的内容不是有效的 ${suffix.toUpperCase()} 文件。`);
    if (this.deps.store.files(signatureId).length >= PROOF_FILE_LIMITS.maxFiles)
      throw new AppError('BAD_REQUEST', `最多上传 ${PROOF_FILE_LIMITS.maxFiles} 个证明文件。`);
    this.deps.store.addFile(signatureId, { fileName, fileSuffix: suffix, content }, this.iso());
    this.deps.store.update(signatureId, { updatedAt: this.iso() });
    return this.changed(signatureId, 'edited', row.status);
  }

  removeFile(signatureId: number, fileId: number): SignatureView {
    const row = this.mustGet(signatureId);
    if (!EDITABLE.has(row.status)) throw new AppError('CONFLICT', NOT_SUBMITTABLE[row.status] ?? '当前状态下不能修改签名。');
    if (!this.deps.store.removeFile(signatureId, fileId)) throw new AppError('NOT_FOUND', '找不到该文件。');
    this.deps.store.update(signatureId, { updatedAt: this.iso() });
    return this.changed(signatureId, 'edited', row.status);
  }

  /** Draft/rejected → signname.create (rejected: replace it); pending → signname.modify. lintSignature runs in main. */
  async submit(id: number): Promise<SignatureView> {
    const row = this.mustGet(id);
    const refusal = NOT_SUBMITTABLE[row.status];
    if (refusal) throw new AppError('CONFLICT', refusal);
    const lintError = lintRefusal('签名', lintSignature({ signName: row.name, source: row.source }).findings, 'signName');
    if (lintError) throw lintError;
    const request = { name: row.name, remark: row.remark.trim(), source: row.source };
    parseInput(CreateSignNameInput, request, '提交签名');

    const now = this.iso();
    const payload: SignaturePayload = { request, replaceRejected: row.status === 'rejected', previousStatus: row.status };
    const op = this.deps.outbox.enqueue({
      kind: row.status === 'pending' ? 'signature.modify' : 'signature.create',
      entityType: 'signature',
      entityId: id,
      payload,
      now,
    });
    return this.sendNow(row, op.id, now);
  }

  delete(id: number): Promise<{ deleted: true; remote: boolean }> {
    return this.remove(id, async (row) => {
      if (!this.knownToPlatform(row)) return false;
      try {
        await this.deps.platform().deleteSignName(row.name);
        return true;
      } catch (error) {
        if (!isNotFound(error)) throw error;
        return false;
      }
    });
  }

  /** 导入: a signature that already exists on the platform. signname.query does not return the source; 4 (店铺名) is assumed. */
  async import(name: string): Promise<SignatureView> {
    const info = await this.deps.platform().querySignName(name);
    if (!info) throw new AppError('NOT_FOUND', `聚石塔上找不到签名“${name}”。`, { detail: { notFound: true } });
    const now = this.iso();
    const status = auditState(info.status);
    const fields = { status, reason: info.reason ?? '', lastError: '', checkedAt: now, reviewedAt: status === 'pending' ? null : now, updatedAt: now };
    const existing = this.deps.store.byName(info.name);
    if (existing) {
      if (this.deps.outbox.active('signature', existing.id)) throw new AppError('CONFLICT', '该签名正在提交，请稍后再导入。');
      this.deps.store.update(existing.id, { ...fields, submittedAt: existing.submittedAt ?? now });
      if (status === 'pending') this.deps.audit.reset();
      return this.changed(existing.id, 'imported', existing.status);
    }
    const id = this.deps.store.insert({ name: info.name, source: 4, remark: '', origin: 'imported', createdAt: now, submittedAt: now, ...fields });
    if (status === 'pending') this.deps.audit.reset();
    return this.changed(id, 'imported', null);
  }

  // ---- outbox ----

  readonly createHandler: OutboxHandler = {
    send: async (op) => {
      const { request, replaceRejected } = op.payload as SignaturePayload;
      const platform = this.deps.platform();
      // Query first: reconciles an earlier attempt whose answer was lost, and never creates a duplicate name.
      const existing = await platform.querySignName(request.name);
      if (existing) {
        if (existing.status === 'rejected' && replaceRejected) {
          try {
            await platform.deleteSignName(request.name);
          } catch (error) {
            if (!isNotFound(error)) throw error;
          }
        } else {
          return this.recordAdopted(op.entityId, existing);
        }
      }
      await platform.createSignName({ ...request, files: this.attachedFiles(op.entityId) });
      return this.recordSubmitted(op.entityId);
    },
    onWaiting: (op, failure) => this.recordWaiting(op, failure),
    onUnknown: () => 'reconcile',
    onStopped: (op, failure) => this.recordStopped(op, failure),
    onCancelled: (op) => this.restore(op.entityId, (op.payload as SignaturePayload).previousStatus),
  };

  readonly modifyHandler: OutboxHandler = {
    // Same remark/source/files again is harmless, so an unknown modify is simply sent again.
    send: async (op) => {
      const { request } = op.payload as SignaturePayload;
      await this.deps.platform().modifySignName({ ...request, files: this.attachedFiles(op.entityId) });
      return this.recordSubmitted(op.entityId);
    },
    onWaiting: (op, failure) => this.recordWaiting(op, failure),
    onUnknown: () => 'reconcile',
    onStopped: (op, failure) => this.recordStopped(op, failure),
    onCancelled: (op) => this.restore(op.entityId, (op.payload as SignaturePayload).previousStatus),
  };

  // ---- audit ----

  protected pendingRows(): SignatureRow[] {
    return this.deps.store.list(['pending']);
  }

  protected queryAudit(platform: TemplatePlatform, row: SignatureRow): Promise<SignNameInfo | null> {
    return platform.querySignName(row.name);
  }

  protected platformKey(row: SignatureRow): string {
    return row.name;
  }

  protected displayName(row: SignatureRow): string {
    return row.name;
  }

  protected differences(row: SignatureRow, info: SignNameInfo): SyncField[] {
    const fields: SyncField[] = [];
    if (auditState(info.status) !== row.status) fields.push('status');
    if ((info.reason ?? '') !== row.reason) fields.push('reason');
    return fields;
  }

  protected adopt(row: SignatureRow, info: SignNameInfo): void {
    const now = this.iso();
    const status = auditState(info.status);
    this.deps.store.update(row.id, {
      status,
      reason: info.reason ?? '',
      lastError: '',
      checkedAt: now,
      reviewedAt: status === 'pending' ? null : now,
      updatedAt: now,
    });
    if (status === 'pending') this.deps.audit.reset();
    this.changed(row.id, 'imported', row.status);
  }

  protected gonePatch(now: string): Partial<Omit<SignatureRow, 'id'>> {
    return { status: 'draft', submittedAt: null, lastError: '聚石塔上已找不到该签名（可能已在控制台删除），可以重新提交。', checkedAt: now, updatedAt: now };
  }

  // ---- internals ----

  private attachedFiles(id: number): AttachedFile[] | undefined {
    const files = this.deps.store.fileContents(id);
    if (files.length === 0) return undefined;
    return files.map((f) => ({ fileName: f.fileName, fileSuffix: f.fileSuffix, fileContents: f.content.toString('base64'), fileSize: f.size }));
  }

  /** The platform already has this name (an earlier attempt landed, or it was made in the console). */
  private recordAdopted(id: number, info: SignNameInfo): (() => void) | undefined {
    const row = this.deps.store.get(id);
    if (!row) return undefined;
    const now = this.iso();
    const status = auditState(info.status);
    this.deps.store.update(id, {
      status,
      reason: info.reason ?? '',
      lastError: '',
      submittedAt: row.submittedAt ?? now,
      reviewedAt: status === 'pending' ? null : now,
      checkedAt: now,
      updatedAt: now,
    });
    return () => {
      this.changed(id, status === 'pending' ? 'sent' : 'audit', row.status);
      if (status === 'pending') this.deps.audit.reset();
    };
  }

  private recordStopped(op: OutboxOp, failure: Failure) {
    const row = this.deps.store.get(op.entityId);
    if (!row) return;
    // Still unknown after every re-check: mark it under review; audit polling finds the truth by name.
    const status = failure.kind === 'unknown' ? 'pending' : (op.payload as SignaturePayload).previousStatus;
    this.deps.store.update(row.id, {
      status,
      lastError: failure.message,
      updatedAt: this.iso(),
      ...(status === 'pending' ? { submittedAt: row.submittedAt ?? this.iso() } : {}),
    });
    this.changed(row.id, 'failed', row.status);
    if (status === 'pending') this.deps.audit.reset();
  }

  /** The platform has (or had) this name: deleting must go through it, and the name is fixed. */
  private knownToPlatform(row: SignatureRow): boolean {
    return row.submittedAt !== null || row.origin === 'imported' || row.status === 'pending' || row.status === 'approved' || row.status === 'rejected';
  }

  private nameLocked(row: SignatureRow): boolean {
    return this.knownToPlatform(row);
  }

  protected view(row: SignatureRow): SignatureView {
    const op = this.deps.outbox.active('signature', row.id);
    return {
      ...row,
      files: this.deps.store.files(row.id),
      nameLocked: this.nameLocked(row),
      editable: EDITABLE.has(row.status),
      pendingOp: op ? toItem(op, row.name) : null,
    };
  }
}
