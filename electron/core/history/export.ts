import type { FilePayload } from '../../../shared/contract-kit';
import type { DeliveryState } from '../../../shared/history/contract';
import { sellerExplanation } from '../../../shared/history/report-codes';
import { CsvWriter, exportFileName } from '../export/csv';
import { writeXlsx, type XlsxCell } from '../export/xlsx';
import type { HistoryQueries } from './queries';
import { beijingText } from '../../../shared/time/beijing';
import { ownValue } from '../../../shared/records';

/** A campaign's per-number results, as CSV (UTF-8 BOM) or XLSX, with the same columns. */
export const DELIVERY_LABELS: Record<DeliveryState, string> = { pending: '等待回执', delivered: '已送达', failed: '失败', unknown: '未知' };

export function exportCampaign(queries: HistoryQueries, id: number, format: 'csv' | 'xlsx', deliveries: DeliveryState[] | undefined, now: number): FilePayload {
  const campaign = queries.campaign(id);
  const varNames = new Set<string>();
  const numbers = [...queries.allNumbers(id, deliveries)];
  for (const n of numbers) for (const k of Object.keys(n.vars)) varNames.add(k);
  const vars = [...varNames];
  const header = [
    '行号',
    '手机号',
    '状态',
    '错误码',
    '原因与建议',
    '提交时间（北京时间）',
    '回执时间（北京时间）',
    '回执次数',
    '结果来源',
    'biz_id',
    ...vars.map((v) => `变量 ${v}`),
  ];
  const rows = numbers.map((n): XlsxCell[] => {
    const explained = n.errCode ? sellerExplanation(n.errCode) : null;
    return [
      n.rowNo,
      n.phone,
      DELIVERY_LABELS[n.delivery],
      n.errCode,
      explained ? `${explained.text}${explained.inferred ? '（按代码前缀推断）' : ''}` : n.errCode ? '未收录代码' : '',
      beijingText(n.submittedAt),
      beijingText(n.reportedAt),
      n.reportCount,
      n.source === 'report' ? '回执' : n.source === 'query' ? '查询核对' : '',
      n.bizId,
      ...vars.map((v) => ownValue(n.vars, v) ?? ''),
    ];
  });
  const base = `发送结果-${safeName(campaign.name) || `任务${id}`}`;
  if (format === 'csv') {
    const writer = new CsvWriter(header);
    for (const row of rows) writer.row(row.map((c) => (c === undefined ? null : c)));
    return writer.toFile(exportFileName(base, now));
  }
  const bytes = writeXlsx([{ name: '发送结果', rows: [header, ...rows], widths: [8, 14, 10, 14, 36, 20, 20, 8, 10, 24, ...vars.map(() => 14)] }]);
  return {
    fileName: exportFileName(base, now).replace(/\.csv$/, '.xlsx'),
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    data: Buffer.from(bytes).toString('base64'),
  };
}

function safeName(name: string): string {
  return name
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '')
    .trim()
    .slice(0, 40);
}
