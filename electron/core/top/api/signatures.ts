import { TOP_METHODS } from '../apis';
import { fileDto, num, orNullWhenNotFound, requireObject, str } from '../body';
import type { TopCaller } from '../rpc';
import { CreateSignNameInput, ModifySignNameInput, parseInput, ReportSignNameInput, SignName } from '../schemas';
import { AUDIT_STATUS, type AuditStatus } from './templates';

export interface SignNameInfo {
  name: string;
  status: AuditStatus;
  statusCode: number;
  reason?: string;
  createdAt?: string;
}

/** taobao.jst.sms.signname.create (review ≤ 2 working days). */
export async function createSignName(top: TopCaller, input: CreateSignNameInput): Promise<void> {
  const s = parseInput(CreateSignNameInput, input, '创建签名');
  await top.call(TOP_METHODS.signNameCreate, {
    add_sms_sign_request: { sign_name: s.name, remark: s.remark, sign_source: s.source, sign_file_list: s.files?.map(fileDto) },
  });
}

/** taobao.jst.sms.signname.query → null when the signature does not exist. */
export async function querySignName(top: TopCaller, name: string): Promise<SignNameInfo | null> {
  const signName = parseInput(SignName, name, '查询签名');
  const body = await orNullWhenNotFound(() => top.call(TOP_METHODS.signNameQuery, { query_sms_sign_request: { sign_name: signName } }));
  if (!body) return null;
  const m = requireObject(body, 'module', TOP_METHODS.signNameQuery);
  const statusCode = num(m.sign_status);
  return {
    name: str(m.sign_name) ?? signName,
    status: AUDIT_STATUS[statusCode] ?? 'unknown',
    statusCode,
    reason: str(m.reason),
    createdAt: str(m.create_date),
  };
}

/** taobao.jst.sms.signname.modify — only signatures still under review can change. */
export async function modifySignName(top: TopCaller, input: ModifySignNameInput): Promise<void> {
  const s = parseInput(ModifySignNameInput, input, '修改签名');
  await top.call(TOP_METHODS.signNameModify, {
    modify_sms_sign_request: { sign_name: s.name, remark: s.remark, sign_source: s.source, sign_file_list: s.files?.map(fileDto) },
  });
}

export async function deleteSignName(top: TopCaller, name: string): Promise<void> {
  const signName = parseInput(SignName, name, '删除签名');
  await top.call(TOP_METHODS.signNameDelete, { delete_sms_sign_request: { sign_name: signName } });
}

/** taobao.jst.sms.signname.report — registers a signature already approved at 阿里通信. */
export async function reportSignName(top: TopCaller, input: ReportSignNameInput): Promise<void> {
  const s = parseInput(ReportSignNameInput, input, '上传存量签名');
  await top.call(TOP_METHODS.signNameReport, { sms_sign_name_request: { sign_name: s.name, description: s.description || undefined } });
}
