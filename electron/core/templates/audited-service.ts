import { AppError } from '../../../shared/errors';
import type { Finding } from '../../../shared/sms';
import type { AuditState, ChangeCause, SyncAllResult, SyncField } from '../../../shared/templates/contract';
import type { AuditStatus } from '../top/client';
import type { PollRound } from './audit';
import { classifyFailure, type Failure } from './failures';
import type { AttemptResult } from './outbox';
import type { PlatformProvider, TemplatePlatform } from './platform';
import type { AuditedRow, AuditSeen } from './audited-table';
import type { OutboxOp, OutboxStore } from './outbox-store';

// What templates and signatures share: the draft → outbox → audit lifecycle around their own platform calls.

export type { SyncField };
export type SyncRound = SyncAllResult['templates'] & { error?: string };
/** What template.query / signname.query answer, as far as the shared code reads it (each service narrows it). */
type PlatformAnswer = { status: AuditStatus; reason?: string };

export interface AuditedServiceDeps<Store, View> {
  store: Store;
  outbox: OutboxStore;
  platform: PlatformProvider;
  now: () => number;
  emit: (view: View | null, cause: ChangeCause, previousStatus: AuditState | null, deletedId?: number) => void;
  /** Set by the module once the worker and poller exist (they need the services' handlers first). */
  queue: { runNow(opId: number): Promise<AttemptResult> };
  audit: { reset(): void };
}

/** The shared code writes only audit fields; a store's own wider patch is accepted as well. */
type Patch<Row> = Partial<Omit<AuditedRow, 'id'>> | Partial<Omit<Row, 'id'>>;

export interface AuditedStore<Row extends AuditedRow> {
  list(statuses?: readonly AuditState[]): Row[];
  get(id: number): Row | undefined;
  update(id: number, fields: Patch<Row>): void;
  updateIfUnchanged(id: number, seen: AuditSeen, fields: Patch<Row>): boolean;
  delete(id: number): void;
}

export interface EntityTexts {
  type: 'template' | 'signature';
  /** mustGet: the row is gone. */
  missing: string;
  /** delete while the op is being sent. */
  busy: string;
}

export function auditState(status: AuditStatus): AuditState {
  // 'unknown' = a status code we do not know: keep it under review so polling continues.
  return status === 'approved' || status === 'rejected' ? status : 'pending';
}

/** Fields of a brand-new local draft. */
export function newDraft(now: string) {
  return {
    status: 'draft',
    reason: '',
    lastError: '',
    origin: 'local',
    createdAt: now,
    updatedAt: now,
    submittedAt: null,
    reviewedAt: null,
    checkedAt: null,
  } as const;
}

/** The error lint findings as the BAD_REQUEST a submit answers with, or null when there are none. */
export function lintRefusal(noun: '模板' | '签名', findings: readonly Finding[], defaultPath: string): AppError | null {
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length === 0) return null;
  return new AppError('BAD_REQUEST', `${noun}还有 ${errors.length} 个问题需要修改后才能提交：${errors.map((f) => f.message).join('；')}`, {
    issues: errors.map((f) => ({ path: f.field ?? defaultPath, message: f.message })),
    detail: { lint: true },
  });
}

/**
 * Base of TemplateService and SignatureService: views and change events, the send-now step of a submit, the
 * outbox callbacks both handle alike, local deletion and the audit poll.
 */
export abstract class AuditedService<Row extends AuditedRow, View, Store extends AuditedStore<Row>> {
  protected constructor(
    protected readonly deps: AuditedServiceDeps<Store, View>,
    private readonly texts: EntityTexts,
  ) {}

  get(id: number): View {
    return this.view(this.mustGet(id));
  }

  hasPending(): boolean {
    return this.pendingRows().length > 0;
  }

  /**
   * One audit round over the pending rows. Stops at the first failure that is not a refusal (the gateway is
   * unreachable); updates are conditional on what was read (see updateIfUnchanged).
   */
  async pollPending(): Promise<PollRound> {
    const rows = this.pendingRows();
    if (rows.length === 0) return { checked: 0, changed: 0 };
    let platform: TemplatePlatform;
    try {
      platform = this.deps.platform();
    } catch (error) {
      return { checked: 0, changed: 0, error: classifyFailure(error).message };
    }
    let checked = 0;
    let changed = 0;
    for (const row of rows) {
      let info: { status: AuditStatus; reason?: string } | null;
      try {
        info = await this.queryAudit(platform, row);
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure.kind === 'refused') continue;
        return { checked, changed, error: failure.message };
      }
      checked++;
      const now = this.iso();
      const seen = { status: row.status, submittedAt: row.submittedAt };
      if (!info) {
        if (this.deps.store.updateIfUnchanged(row.id, seen, this.gonePatch(now))) {
          changed++;
          this.changed(row.id, 'audit', row.status);
        }
        continue;
      }
      const status = auditState(info.status);
      if (status !== 'pending') {
        if (this.deps.store.updateIfUnchanged(row.id, seen, { status, reason: info.reason ?? '', reviewedAt: now, checkedAt: now, updatedAt: now })) {
          changed++;
          this.changed(row.id, 'audit', row.status);
        }
      } else {
        this.deps.store.updateIfUnchanged(row.id, seen, { checkedAt: now });
      }
    }
    return { checked, changed };
  }

  /**
   * 同步全部: every row the platform knows (approved, rejected, pending; not while an op of its own is under way) is
   * queried again and takes the platform's state where it differs. A row the platform no longer has is reported, not
   * changed (the seller decides). There is no list API, so what was never imported here cannot be found.
   */
  async syncAll(): Promise<SyncRound> {
    const round: SyncRound = { checked: 0, changed: [], missing: [] };
    const rows = this.deps.store
      .list(['approved', 'rejected', 'pending'])
      .filter((r) => this.platformKey(r) !== null && !this.deps.outbox.active(this.texts.type, r.id));
    if (rows.length === 0) return round;
    let platform: TemplatePlatform;
    try {
      platform = this.deps.platform();
    } catch (error) {
      return { ...round, error: classifyFailure(error).message };
    }
    for (const row of rows) {
      let info: PlatformAnswer | null;
      try {
        info = await this.queryAudit(platform, row);
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure.kind === 'refused') continue;
        return { ...round, error: failure.message };
      }
      round.checked++;
      if (!info) {
        round.missing.push(this.platformKey(row)!);
        continue;
      }
      const fields = this.differences(row, info);
      if (fields.length === 0) continue;
      this.adopt(row, info);
      round.changed.push({ key: this.platformKey(row)!, name: this.displayName(row), fields });
    }
    return round;
  }

  /** The platform's identity of a row (template code, signature name); null when it has none yet. */
  protected abstract platformKey(row: Row): string | null;
  protected abstract displayName(row: Row): string;
  /** Fields in which the platform's answer differs from the row (status, reason, name, content, type). */
  protected abstract differences(row: Row, info: PlatformAnswer): SyncField[];
  /** Writes the platform's answer into the row and tells the UI. */
  protected abstract adopt(row: Row, info: PlatformAnswer): void;

  protected abstract view(row: Row): View;
  /** Rows the audit poll queries. */
  protected abstract pendingRows(): Row[];
  /** The platform's audit answer for one row; null when the platform no longer has it. */
  protected abstract queryAudit(platform: TemplatePlatform, row: Row): Promise<{ status: AuditStatus; reason?: string } | null>;
  /** Written when the platform no longer has a pending row. */
  protected abstract gonePatch(now: string): Partial<Omit<Row, 'id'>>;

  /** The submit's op is queued: mark the row, make the first attempt, answer a refusal with its error. */
  protected async sendNow(row: Row, opId: number, now: string): Promise<View> {
    this.deps.store.update(row.id, { status: 'queued', lastError: '', updatedAt: now });
    this.changed(row.id, 'queued', row.status);
    const result = await this.deps.queue.runNow(opId);
    // A refusal is the seller's to fix now: answer the request with it (the row keeps the message too).
    if (result.failure?.kind === 'refused') throw result.failure.error;
    return this.get(row.id);
  }

  /** Deletes locally once `deleteRemote` is done with the platform (it says whether the platform deleted it). */
  protected async remove(id: number, deleteRemote: (row: Row) => Promise<boolean>): Promise<{ deleted: true; remote: boolean }> {
    const row = this.mustGet(id);
    if (this.deps.outbox.active(this.texts.type, id)?.state === 'sending') throw new AppError('CONFLICT', this.texts.busy);
    const remote = await deleteRemote(row);
    this.deps.outbox.cancelForEntity(this.texts.type, id, this.iso());
    this.deps.store.delete(id);
    this.deps.emit(null, 'deleted', row.status, id);
    return { deleted: true, remote };
  }

  /** Writes the success; returns the announcement the worker makes once the op is done. */
  protected recordSubmitted(id: number, patch: Partial<Omit<Row, 'id'>> = {}, after?: (row: Row, now: string) => void): (() => void) | undefined {
    const row = this.deps.store.get(id);
    if (!row) return undefined;
    const now = this.iso();
    this.deps.store.update(id, { ...patch, status: 'pending', reason: '', lastError: '', submittedAt: now, reviewedAt: null, checkedAt: null, updatedAt: now });
    after?.(row, now);
    return () => {
      this.changed(id, 'sent', row.status);
      this.deps.audit.reset();
    };
  }

  protected recordWaiting(op: OutboxOp, failure: Failure) {
    const row = this.deps.store.get(op.entityId);
    if (!row || row.lastError === failure.message) return;
    this.deps.store.update(row.id, { lastError: failure.message });
    this.changed(row.id, 'queued', row.status);
  }

  protected restore(id: number, status: AuditState) {
    const row = this.deps.store.get(id);
    if (!row) return;
    this.deps.store.update(id, { status, lastError: '', updatedAt: this.iso() });
    this.changed(id, 'cancelled', row.status);
  }

  protected changed(id: number, cause: ChangeCause, previousStatus: AuditState | null): View {
    const view = this.get(id);
    this.deps.emit(view, cause, previousStatus);
    return view;
  }

  protected mustGet(id: number): Row {
    const row = this.deps.store.get(id);
    if (!row) throw new AppError('NOT_FOUND', this.texts.missing);
    return row;
  }

  protected iso() {
    return new Date(this.deps.now()).toISOString();
  }
}
