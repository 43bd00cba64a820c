import type { AuditState, SignatureView, TemplateView } from '../../../shared/templates/contract';
import type { Db } from '../db/database';

// What templates and signatures share in SQL (tables from migration 0003): the audit columns and their statements.
// Every statement is scoped to one shop.

/** What the audit lifecycle reads and writes, common to templates and signatures. */
export type AuditedRow = Pick<
  TemplateView & SignatureView,
  'id' | 'status' | 'reason' | 'lastError' | 'createdAt' | 'updatedAt' | 'submittedAt' | 'reviewedAt' | 'checkedAt'
>;
export type AuditSeen = Pick<AuditedRow, 'status' | 'submittedAt'>;

export type Raw = Record<string, unknown>;

/** Columns every audited table has (templates and signatures), camelCase → column. */
export const AUDIT_COLUMNS = {
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

export function auditedFromRaw(r: Raw): Omit<AuditedRow, 'id'> {
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

/** The statements templates and signatures share; `table` and `columns` are constants of the store files. */
export abstract class AuditedTable<Row extends AuditedRow> {
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
