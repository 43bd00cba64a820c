import type { TemplateOrigin, TemplateVersionView, TemplateView } from '../../../shared/templates/contract';
import type { TemplateType, TemplateTypeClass } from '../../../shared/sms';
import type { Db } from '../db/database';
import { AUDIT_COLUMNS, AuditedTable, auditedFromRaw, type Raw } from './audited-table';

// Local templates and their versions (sms_templates, sms_template_versions).

/** The view without what the services derive, so the fields are declared once (shared/templates/contract.ts). */
export type TemplateRow = Omit<TemplateView, 'typeLocked' | 'editable' | 'lastSubmitted' | 'pendingOp'>;

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
