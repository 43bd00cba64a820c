import type {
  AuditState,
  OutboxItem,
  OutboxKind,
  OutboxState,
  ShortLinkView,
  SignatureFileView,
  SignatureView,
  TemplateOrigin,
  TemplateVersionView,
  TemplateView,
} from '../../../shared/templates/contract';
import type { SignSource, TemplateType, TemplateTypeClass } from '../../../shared/sms';
import type { Db } from '../db/database';

// All SQL of issue 4 (tables from migration 0003). Every statement is scoped to one shop.

// Rows are the views without what the services derive, so the fields are declared once (shared/templates/contract.ts).
export type TemplateRow = Omit<TemplateView, 'typeLocked' | 'editable' | 'lastSubmitted' | 'pendingOp'>;
export type SignatureRow = Omit<SignatureView, 'files' | 'nameLocked' | 'editable' | 'pendingOp'>;
export type SignatureFileRow = SignatureFileView;
export type ShortLinkRow = Omit<ShortLinkView, 'daysLeft' | 'expiry'>;
export type OutboxOp<P = unknown> = Omit<OutboxItem, 'label'> & { payload: P };

/** What the audit lifecycle reads and writes, common to templates and signatures. */
export type AuditedRow = Pick<
  TemplateRow & SignatureRow,
  'id' | 'status' | 'reason' | 'lastError' | 'createdAt' | 'updatedAt' | 'submittedAt' | 'reviewedAt' | 'checkedAt'
>;
export type AuditSeen = Pick<AuditedRow, 'status' | 'submittedAt'>;

type Raw = Record<string, unknown>;

/** Columns every audited table has (templates and signatures), camelCase → column. */
const AUDIT_COLUMNS = {
  status: 'status',
  reason: 'reason',
  lastError: 'last_error',
  origin: 'origin',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  submittedAt: 'submitted_at',
  reviewedAt: 'reviewed_at',
  checkedAt: 'checked_at',
} as const;

const TEMPLATE_COLUMNS: Record<keyof Omit<TemplateRow, 'id'>, string> = {
  name: 'name',
  type: 'type',
  typeClass: 'type_class',
  content: 'content',
  remark: 'remark',
  sampleValues: 'sample_values',
  previewSignName: 'preview_sign_name',
  platformCode: 'platform_code',
  ...AUDIT_COLUMNS,
};

const SIGNATURE_COLUMNS: Record<keyof Omit<SignatureRow, 'id'>, string> = {
  name: 'name',
  source: 'source',
  remark: 'remark',
  ...AUDIT_COLUMNS,
};

function auditedFromRaw(r: Raw): Omit<AuditedRow, 'id'> {
  return {
    status: r.status as AuditState,
    reason: String(r.reason),
    lastError: String(r.last_error),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
    submittedAt: (r.submitted_at as string | null) ?? null,
    reviewedAt: (r.reviewed_at as string | null) ?? null,
    checkedAt: (r.checked_at as string | null) ?? null,
  };
}

function templateFromRaw(r: Raw): TemplateRow {
  let sampleValues: Record<string, string> = {};
  try {
    const parsed = JSON.parse(String(r.sample_values)) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) sampleValues = parsed as Record<string, string>;
  } catch {
    // A damaged JSON column only loses the preview examples.
  }
  return {
    id: Number(r.id),
    name: String(r.name),
    type: Number(r.type) as TemplateType,
    typeClass: r.type_class as TemplateTypeClass,
    content: String(r.content),
    remark: String(r.remark),
    sampleValues,
    previewSignName: String(r.preview_sign_name),
    platformCode: (r.platform_code as string | null) ?? null,
    origin: r.origin as TemplateOrigin,
    ...auditedFromRaw(r),
  };
}

function signatureFromRaw(r: Raw): SignatureRow {
  return {
    id: Number(r.id),
    name: String(r.name),
    source: Number(r.source) as SignSource,
    remark: String(r.remark),
    origin: r.origin as SignatureRow['origin'],
    ...auditedFromRaw(r),
  };
}

function opFromRaw<P>(r: Raw): OutboxOp<P> {
  return {
    id: Number(r.id),
    kind: r.kind as OutboxKind,
    entityType: r.entity_type as 'template' | 'signature',
    entityId: Number(r.entity_id),
    payload: JSON.parse(String(r.payload)) as P,
    state: r.state as OutboxState,
    attempts: Number(r.attempts),
    lastError: String(r.last_error),
    nextAttemptAt: String(r.next_attempt_at),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

function toDb(column: string, value: unknown): unknown {
  if (column === 'sample_values') return JSON.stringify(value ?? {});
  return value;
}

/** SET clause for a partial update, from a camelCase → column map. */
function setClause<T extends object>(columns: Record<string, string>, fields: Partial<T>): { sql: string; values: unknown[] } {
  const entries = Object.entries(fields).filter(([k, v]) => v !== undefined && k in columns);
  return {
    sql: entries.map(([k]) => `${columns[k]} = ?`).join(', '),
    values: entries.map(([k, v]) => toDb(columns[k]!, v)),
  };
}

/** The statements templates and signatures share; `table` and `columns` are constants of this file. */
abstract class AuditedTable<Row extends AuditedRow> {
  protected constructor(
    protected readonly db: Db,
    protected readonly shopId: number,
    private readonly table: string,
    private readonly columns: Record<keyof Omit<Row, 'id'>, string>,
    private readonly fromRaw: (r: Raw) => Row,
  ) {}

  list(statuses?: readonly AuditState[]): Row[] {
    const filter = statuses?.length ? `AND status IN (${statuses.map(() => '?').join(',')})` : '';
    return (
      this.db
        .prepare(`SELECT * FROM ${this.table} WHERE shop_id = ? ${filter} ORDER BY updated_at DESC, id DESC`)
        .all(this.shopId, ...(statuses ?? [])) as Raw[]
    ).map(this.fromRaw);
  }

  get(id: number): Row | undefined {
    return this.findBy('id', id);
  }

  insert(row: Omit<Row, 'id'>): number {
    const keys = Object.keys(this.columns) as (keyof Omit<Row, 'id'>)[];
    const cols = keys.map((k) => this.columns[k]);
    const info = this.db
      .prepare(`INSERT INTO ${this.table} (shop_id, ${cols.join(', ')}) VALUES (?, ${cols.map(() => '?').join(', ')})`)
      .run(this.shopId, ...keys.map((k) => toDb(this.columns[k], row[k])));
    return Number(info.lastInsertRowid);
  }

  update(id: number, fields: Partial<Omit<Row, 'id'>>): void {
    const set = setClause(this.columns, fields);
    if (!set.sql) return;
    this.db.prepare(`UPDATE ${this.table} SET ${set.sql} WHERE shop_id = ? AND id = ?`).run(...set.values, this.shopId, id);
  }

  /**
   * Updates only if the row is still in the state the caller read (status + submitted_at), so an audit answer
   * that raced with a resubmit never overwrites the newer state. Returns whether it applied.
   */
  updateIfUnchanged(id: number, seen: AuditSeen, fields: Partial<Omit<Row, 'id'>>): boolean {
    const set = setClause(this.columns, fields);
    if (!set.sql) return false;
    const info = this.db
      .prepare(`UPDATE ${this.table} SET ${set.sql} WHERE shop_id = ? AND id = ? AND status = ? AND submitted_at IS ?`)
      .run(...set.values, this.shopId, id, seen.status, seen.submittedAt);
    return info.changes > 0;
  }

  delete(id: number): void {
    this.db.prepare(`DELETE FROM ${this.table} WHERE shop_id = ? AND id = ?`).run(this.shopId, id);
  }

  protected findBy(column: 'id' | 'platform_code' | 'name', value: unknown): Row | undefined {
    const r = this.db.prepare(`SELECT * FROM ${this.table} WHERE shop_id = ? AND ${column} = ?`).get(this.shopId, value) as Raw | undefined;
    return r ? this.fromRaw(r) : undefined;
  }
}

export class TemplateStore extends AuditedTable<TemplateRow> {
  constructor(db: Db, shopId: number) {
    super(db, shopId, 'sms_templates', TEMPLATE_COLUMNS, templateFromRaw);
  }

  byCode(code: string): TemplateRow | undefined {
    return this.findBy('platform_code', code);
  }

  addVersion(templateId: number, v: Omit<TemplateVersionView, 'version'> & { typeClass: TemplateTypeClass }): number {
    const last = this.db.prepare('SELECT MAX(version) AS v FROM sms_template_versions WHERE template_id = ?').get(templateId) as { v: number | null };
    const version = (last.v ?? 0) + 1;
    this.db
      .prepare(
        `INSERT INTO sms_template_versions (shop_id, template_id, version, action, name, type, type_class, content, remark, submitted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(this.shopId, templateId, version, v.action, v.name, v.type, v.typeClass, v.content, v.remark, v.submittedAt);
    return version;
  }

  lastVersion(templateId: number): TemplateVersionView | null {
    const r = this.db
      .prepare('SELECT * FROM sms_template_versions WHERE shop_id = ? AND template_id = ? ORDER BY version DESC LIMIT 1')
      .get(this.shopId, templateId) as Raw | undefined;
    if (!r) return null;
    return {
      version: Number(r.version),
      action: r.action as 'create' | 'modify',
      name: String(r.name),
      type: Number(r.type) as TemplateType,
      content: String(r.content),
      remark: String(r.remark),
      submittedAt: String(r.submitted_at),
    };
  }
}

export class SignatureStore extends AuditedTable<SignatureRow> {
  constructor(db: Db, shopId: number) {
    super(db, shopId, 'sms_signatures', SIGNATURE_COLUMNS, signatureFromRaw);
  }

  byName(name: string): SignatureRow | undefined {
    return this.findBy('name', name);
  }

  files(signatureId: number): SignatureFileRow[] {
    return (
      this.db
        .prepare('SELECT id, file_name, file_suffix, size FROM sms_signature_files WHERE shop_id = ? AND signature_id = ? ORDER BY id')
        .all(this.shopId, signatureId) as Raw[]
    ).map((r) => ({ id: Number(r.id), fileName: String(r.file_name), fileSuffix: String(r.file_suffix), size: Number(r.size) }));
  }

  fileContents(signatureId: number): Array<SignatureFileRow & { content: Buffer }> {
    return (
      this.db
        .prepare('SELECT id, file_name, file_suffix, size, content FROM sms_signature_files WHERE shop_id = ? AND signature_id = ? ORDER BY id')
        .all(this.shopId, signatureId) as Raw[]
    ).map((r) => ({ id: Number(r.id), fileName: String(r.file_name), fileSuffix: String(r.file_suffix), size: Number(r.size), content: r.content as Buffer }));
  }

  addFile(signatureId: number, file: { fileName: string; fileSuffix: string; content: Buffer }, now: string): number {
    const info = this.db
      .prepare('INSERT INTO sms_signature_files (shop_id, signature_id, file_name, file_suffix, size, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(this.shopId, signatureId, file.fileName, file.fileSuffix, file.content.length, file.content, now);
    return Number(info.lastInsertRowid);
  }

  removeFile(signatureId: number, fileId: number): boolean {
    return (
      this.db.prepare('DELETE FROM sms_signature_files WHERE shop_id = ? AND signature_id = ? AND id = ?').run(this.shopId, signatureId, fileId).changes > 0
    );
  }
}

export class ShortLinkStore {
  constructor(
    private readonly db: Db,
    private readonly shopId: number,
  ) {}

  list(options: { notExpiredAt?: string } = {}): ShortLinkRow[] {
    const filter = options.notExpiredAt ? 'AND expires_at > ?' : '';
    const args = options.notExpiredAt ? [this.shopId, options.notExpiredAt] : [this.shopId];
    return (this.db.prepare(`SELECT * FROM short_links WHERE shop_id = ? ${filter} ORDER BY created_at DESC, id DESC`).all(...args) as Raw[]).map((r) => ({
      id: Number(r.id),
      longUrl: String(r.long_url),
      shortUrl: String(r.short_url),
      tag: String(r.tag),
      batchNumber: String(r.batch_number),
      createdAt: String(r.created_at),
      expiresAt: String(r.expires_at),
    }));
  }

  insert(row: Omit<ShortLinkRow, 'id'>): number {
    const info = this.db
      .prepare('INSERT INTO short_links (shop_id, long_url, short_url, tag, batch_number, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(this.shopId, row.longUrl, row.shortUrl, row.tag, row.batchNumber, row.createdAt, row.expiresAt);
    return Number(info.lastInsertRowid);
  }

  get(id: number): ShortLinkRow | undefined {
    return this.list().find((r) => r.id === id);
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM short_links WHERE shop_id = ? AND id = ?').run(this.shopId, id).changes > 0;
  }
}

const ACTIVE = "('queued', 'sending')";

export class OutboxStore {
  constructor(
    private readonly db: Db,
    private readonly shopId: number,
  ) {}

  enqueue(op: { kind: OutboxKind; entityType: 'template' | 'signature'; entityId: number; payload: unknown; now: string }): OutboxOp {
    const info = this.db
      .prepare(
        `INSERT INTO outbox (shop_id, kind, entity_type, entity_id, payload, state, attempts, last_error, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'queued', 0, '', ?, ?, ?)`,
      )
      .run(this.shopId, op.kind, op.entityType, op.entityId, JSON.stringify(op.payload), op.now, op.now, op.now);
    return this.get(Number(info.lastInsertRowid))!;
  }

  get<P = unknown>(id: number): OutboxOp<P> | undefined {
    const r = this.db.prepare('SELECT * FROM outbox WHERE shop_id = ? AND id = ?').get(this.shopId, id) as Raw | undefined;
    return r ? opFromRaw<P>(r) : undefined;
  }

  active(entityType: 'template' | 'signature', entityId: number): OutboxOp | undefined {
    const r = this.db
      .prepare(`SELECT * FROM outbox WHERE shop_id = ? AND entity_type = ? AND entity_id = ? AND state IN ${ACTIVE}`)
      .get(this.shopId, entityType, entityId) as Raw | undefined;
    return r ? opFromRaw(r) : undefined;
  }

  /** Oldest due queued operation (FIFO among the due ones). */
  nextDue(now: string): OutboxOp | undefined {
    const r = this.db
      .prepare("SELECT * FROM outbox WHERE shop_id = ? AND state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1")
      .get(this.shopId, now) as Raw | undefined;
    return r ? opFromRaw(r) : undefined;
  }

  earliestQueuedAt(): string | null {
    const r = this.db.prepare("SELECT MIN(next_attempt_at) AS at FROM outbox WHERE shop_id = ? AND state = 'queued'").get(this.shopId) as { at: string | null };
    return r.at;
  }

  /** Claims a queued op for one attempt; false if someone else already took or cancelled it. */
  claim(id: number, now: string): boolean {
    return (
      this.db
        .prepare("UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE shop_id = ? AND id = ? AND state = 'queued'")
        .run(now, this.shopId, id).changes > 0
    );
  }

  requeue(id: number, fields: { lastError: string; nextAttemptAt: string; payload?: unknown; now: string }): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'queued', last_error = ?, next_attempt_at = ?, payload = COALESCE(?, payload), updated_at = ? WHERE shop_id = ? AND id = ?`,
      )
      .run(fields.lastError, fields.nextAttemptAt, fields.payload === undefined ? null : JSON.stringify(fields.payload), fields.now, this.shopId, id);
  }

  finish(id: number, state: 'done' | 'failed' | 'cancelled', lastError: string, now: string): void {
    this.db.prepare('UPDATE outbox SET state = ?, last_error = ?, updated_at = ? WHERE shop_id = ? AND id = ?').run(state, lastError, now, this.shopId, id);
  }

  /** Cancels a queued op; an op being sent cannot be taken back. */
  cancel(id: number, now: string): boolean {
    return (
      this.db.prepare("UPDATE outbox SET state = 'cancelled', updated_at = ? WHERE shop_id = ? AND id = ? AND state = 'queued'").run(now, this.shopId, id)
        .changes > 0
    );
  }

  cancelForEntity(entityType: 'template' | 'signature', entityId: number, now: string): number {
    return this.db
      .prepare("UPDATE outbox SET state = 'cancelled', updated_at = ? WHERE shop_id = ? AND entity_type = ? AND entity_id = ? AND state = 'queued'")
      .run(now, this.shopId, entityType, entityId).changes;
  }

  /** "Retry now": every queued op becomes due. */
  makeAllDue(now: string): number {
    return this.db.prepare("UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE shop_id = ? AND state = 'queued'").run(now, now, this.shopId).changes;
  }

  /** Ops left 'sending' by a crash: their outcome is unknown. */
  interrupted(): OutboxOp[] {
    return (this.db.prepare("SELECT * FROM outbox WHERE shop_id = ? AND state = 'sending'").all(this.shopId) as Raw[]).map((r) => opFromRaw(r));
  }

  /** The queue as the seller sees it: everything not finished, oldest first, with the entity's name. */
  listActive(): OutboxItem[] {
    const rows = this.db
      .prepare(
        `SELECT o.*, COALESCE(t.name, s.name, '') AS label FROM outbox o
         LEFT JOIN sms_templates t ON o.entity_type = 'template' AND t.id = o.entity_id
         LEFT JOIN sms_signatures s ON o.entity_type = 'signature' AND s.id = o.entity_id
         WHERE o.shop_id = ? AND o.state IN ${ACTIVE} ORDER BY o.id`,
      )
      .all(this.shopId) as Raw[];
    return rows.map((r) => toItem(opFromRaw(r), String(r.label)));
  }
}

export function toItem(op: OutboxOp, label: string): OutboxItem {
  return {
    id: op.id,
    kind: op.kind,
    entityType: op.entityType,
    entityId: op.entityId,
    label,
    state: op.state,
    attempts: op.attempts,
    lastError: op.lastError,
    nextAttemptAt: op.nextAttemptAt,
    createdAt: op.createdAt,
    updatedAt: op.updatedAt,
  };
}
