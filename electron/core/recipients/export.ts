import { AppError } from '../../../shared/errors';
import type { FilePayload } from '../../../shared/contract-kit';
import type { RecipientStatus } from '../../../shared/sending/contract';
import type { CoreContext } from '../context';
import { CsvWriter, exportFileName } from '../export/csv';
import { ownValue } from '../../../shared/records';
import { shownRecipient } from '../../../shared/orders/fields';

/** Chinese labels of recipient statuses (exports, CLI). */
export const RECIPIENT_STATUS_LABEL: Record<RecipientStatus, string> = {
  valid: '有效',
  duplicate: '重复',
  invalid: '无效',
  suppressed: '在免打扰名单中',
  skipped: '已跳过',
  queued: '待发送',
  in_flight: '发送中',
  accepted: '已提交',
  rejected: '被拒绝',
  unconfirmed: '未确认',
  cancelled: '已取消',
};

interface ExportRow {
  row_no: number;
  raw: string;
  phone: string;
  status: RecipientStatus;
  reason: string;
  vars: string;
  biz_id: string | null;
  sub_code: string | null;
  buyer_nick: string | null;
}

/** The campaign's rows with these statuses as CSV (UTF-8 BOM): 行号, 原始内容, 手机号, 状态, 原因, then the ${var} columns. */
export function exportRecipientRows(ctx: Pick<CoreContext, 'db' | 'shopId' | 'clock'>, campaignId: number, statuses: readonly RecipientStatus[]): FilePayload {
  const campaign = ctx.db.prepare('SELECT name, mapping FROM campaigns WHERE id = ? AND shop_id = ?').get(campaignId, ctx.shopId) as
    { name: string; mapping: string | null } | undefined;
  if (!campaign) throw new AppError('NOT_FOUND', `活动 ${campaignId} 不存在。`);
  let varNames: string[];
  try {
    varNames = Object.keys((JSON.parse(campaign.mapping ?? '{}') as { variableColumns?: Record<string, number> }).variableColumns ?? {});
  } catch {
    varNames = [];
  }
  const sent = statuses.some((s) => ['accepted', 'rejected', 'unconfirmed'].includes(s));
  const writer = new CsvWriter(['行号', '原始内容', '手机号', '状态', '原因', ...varNames, ...(sent ? ['回执编号 biz_id', '错误码'] : [])]);
  const placeholders = statuses.map(() => '?').join(', ');
  const rows = ctx.db
    .prepare(
      `SELECT row_no, raw, phone, status, reason, vars, biz_id, sub_code, buyer_nick FROM campaign_recipients WHERE campaign_id = ? AND status IN (${placeholders}) ORDER BY row_no, id`,
    )
    .iterate(campaignId, ...statuses) as IterableIterator<ExportRow>;
  for (const row of rows) {
    let vars: Record<string, string> = {};
    try {
      vars = JSON.parse(row.vars) as Record<string, string>;
    } catch {
      vars = {};
    }
    writer.row([
      row.row_no,
      row.raw,
      shownRecipient(row.phone, row.buyer_nick ?? ''),
      RECIPIENT_STATUS_LABEL[row.status] ?? row.status,
      row.reason,
      ...varNames.map((n) => ownValue(vars, n) ?? ''),
      ...(sent ? [row.biz_id ?? '', row.sub_code ?? ''] : []),
    ]);
  }
  const label = statuses.length === 1 ? RECIPIENT_STATUS_LABEL[statuses[0]!] : '收件人';
  return writer.toFile(exportFileName(`${safeName(campaign.name) || `活动${campaignId}`}-${label}`.replace(/\//g, ''), ctx.clock.now()));
}

function safeName(name: string): string {
  return name.replace(/[\\/:*?"<>|\r\n\t]/g, '_').slice(0, 60);
}
