import type { SignatureFileView, SignatureView } from '../../../shared/templates/contract';
import type { SignSource } from '../../../shared/sms';
import type { Db } from '../db/database';
import { AUDIT_COLUMNS, AuditedTable, auditedFromRaw, type Raw } from './audited-table';

// Signatures and their proof files (sms_signatures, sms_signature_files).

/** The view without what the services derive (shared/templates/contract.ts). */
export type SignatureRow = Omit<SignatureView, 'files' | 'nameLocked' | 'editable' | 'pendingOp'>;
export type SignatureFileRow = SignatureFileView;

const SIGNATURE_COLUMNS: Record<keyof Omit<SignatureRow, 'id'>, string> = {
  name: 'name',
  source: 'source',
  remark: 'remark',
  ...AUDIT_COLUMNS,
};

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
