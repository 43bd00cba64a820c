import { TOP_METHODS } from '../apis';
import { fileDto, num, orNullWhenNotFound, requireObject, requireString, str } from '../body';
import type { TopCaller } from '../rpc';
import { CreateTemplateInput, ModifyTemplateInput, parseInput, ReportTemplateInput, TemplateCode } from '../schemas';

export type AuditStatus = 'pending' | 'approved' | 'rejected' | 'unknown';
export const AUDIT_STATUS: Readonly<Record<number, AuditStatus>> = { 0: 'pending', 1: 'approved', 2: 'rejected' };

export interface TemplateInfo {
  code: string;
  name: string;
  content: string;
  /** 0 验证码, 1 通知, 2 推广, 3 国际/港澳台. */
  type: number;
  status: AuditStatus;
  /** Raw template_status: 0 pending, 1 approved, 2 rejected. */
  statusCode: number;
  /** 审核意见, shown verbatim. */
  reason?: string;
  createdAt?: string;
}

/** taobao.jst.sms.template.create → the new template code (status starts pending). */
export async function createTemplate(top: TopCaller, input: CreateTemplateInput): Promise<{ code: string; requestId?: string }> {
  const t = parseInput(CreateTemplateInput, input, '创建模板');
  const body = await top.call(TOP_METHODS.templateCreate, {
    sms_template_for_isv_request: {
      template_type: t.type,
      template_type_class: t.typeClass,
      template_name: t.name,
      template_content: t.content,
      remark: t.remark,
      template_infos: t.files?.map(fileDto),
    },
  });
  return { code: requireString(body, 'module', TOP_METHODS.templateCreate), requestId: str(body.request_id) };
}

/** taobao.jst.sms.template.query → null when the platform does not know the code. */
export async function queryTemplate(top: TopCaller, code: string): Promise<TemplateInfo | null> {
  const templateCode = parseInput(TemplateCode, code, '查询模板');
  const body = await orNullWhenNotFound(() => top.call(TOP_METHODS.templateQuery, { query_sms_template_request: { template_code: templateCode } }));
  if (!body) return null;
  const m = requireObject(body, 'module', TOP_METHODS.templateQuery);
  const statusCode = num(m.template_status);
  return {
    code: str(m.template_code) ?? templateCode,
    name: str(m.template_name) ?? '',
    content: str(m.template_content) ?? '',
    type: num(m.template_type),
    status: AUDIT_STATUS[statusCode] ?? 'unknown',
    statusCode,
    reason: str(m.reason),
    createdAt: str(m.create_date),
  };
}

/** taobao.jst.sms.template.modify — name, content and remark; the type must stay the same. */
export async function modifyTemplate(top: TopCaller, input: ModifyTemplateInput): Promise<void> {
  const t = parseInput(ModifyTemplateInput, input, '修改模板');
  await top.call(TOP_METHODS.templateModify, {
    modify_sms_template_request: {
      template_type: t.type,
      remark: t.remark,
      template_code: t.code,
      template_name: t.name,
      template_content: t.content,
    },
  });
}

/** taobao.jst.sms.template.delete — a template under review cannot be deleted. */
export async function deleteTemplate(top: TopCaller, code: string): Promise<void> {
  const templateCode = parseInput(TemplateCode, code, '删除模板');
  await top.call(TOP_METHODS.templateDelete, { delete_sms_template_request: { template_code: templateCode } });
}

/** taobao.jst.sms.template.report — registers a template already approved at 阿里通信. */
export async function reportTemplate(top: TopCaller, input: ReportTemplateInput): Promise<void> {
  const t = parseInput(ReportTemplateInput, input, '上传存量模板');
  await top.call(TOP_METHODS.templateReport, {
    sms_template_request: {
      // template_type is a String in this API only (spec §2.2).
      template_type: String(t.type),
      template_name: t.name,
      template_content: t.content,
      template_code: t.code,
      desc: t.desc || undefined,
      template_class: t.templateClass === undefined ? undefined : t.templateClass === 'DIGITAL' ? '2' : '1',
    },
  });
}
