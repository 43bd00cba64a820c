import type { EffectKind, EffectOverview, EffectRow } from '../../../shared/audiences/contract';
import type { FilePayload } from '../../../shared/contract-kit';
import { CsvWriter, exportFileName, type CsvCell } from '../export/csv';
import { writeXlsx, type XlsxCell, type XlsxSheet } from '../export/xlsx';

const AUTOMATION_NAMES: Record<string, string> = { 'urge-pay': '催付', shipped: '发货提醒', signed: '签收关怀', refund: '退款提醒', review: '好评邀请' };
const KIND_NAMES: Record<string, string> = { segment: '人群发送', orders: '按订单发送', phones: '按手机号群发', single: '单条发送', resend: '重发' };

export function effectKindName(kind: EffectKind | string): string {
  return kind.startsWith('automation:') ? `自动化·${AUTOMATION_NAMES[kind.slice(11)] ?? kind.slice(11)}` : (KIND_NAMES[kind] ?? kind);
}

const points = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);
const percent = (rate: number | null) => (rate === null ? '' : `${(rate * 100).toFixed(1)}%`);

/** What a seller must know to read a row: no attribution, a sample too small to compare, a window still running. */
function note(r: EffectRow): string {
  if (!r.attributable) return '按手机号发送，无法归因到订单';
  const notes: string[] = [];
  if (r.tooFew) notes.push('样本太少，提升仅供参考');
  if (r.windowOpen) notes.push('归因期未结束，仍在统计');
  return notes.join('；');
}

const METRIC_HEADER = [
  '触达买家',
  '下单买家',
  '订单数',
  '付款金额（元）',
  '转化率',
  '对照组人数',
  '对照组下单买家',
  '对照组付款（元）',
  '对照组转化率',
  '提升（百分点）',
  '提升误差 ±（百分点，95%）',
  '计费条数',
  '费用（元）',
  'ROI',
  '说明',
];

function metrics(r: EffectRow): XlsxCell[] {
  const a = r.attributable;
  return [
    a ? r.recipients : null,
    a ? r.buyers : null,
    a ? r.orders : null,
    a ? r.amount : null,
    percent(r.rate),
    r.control || null,
    r.control ? r.controlBuyers : null,
    r.control ? r.controlAmount : null,
    percent(r.controlRate),
    points(r.uplift),
    points(r.upliftMargin),
    r.segments,
    r.cost,
    r.roi,
    note(r),
  ];
}

/** The 效果 tables as sheets: per campaign, per kind, per month and per template, then the notes the page states. */
export function effectSheets(o: EffectOverview): XlsxSheet[] {
  const widths = [10, 10, 8, 14, 8, 10, 14, 16, 12, 14, 22, 10, 10, 8, 30];
  const campaignRows = o.campaigns.map((c): XlsxCell[] => [
    c.campaignId,
    c.label,
    effectKindName(c.kind),
    c.templateName ? `${c.templateName}（${c.templateCode}）` : c.templateCode,
    c.segmentName ?? '',
    ...metrics(c),
  ]);
  return [
    {
      name: '按群发',
      rows: [['群发ID', '群发', '类型', '模板', '人群', ...METRIC_HEADER], ...campaignRows, ['合计', '', '', '', '', ...metrics(o.total)]],
      widths: [8, 24, 14, 28, 14, ...widths],
    },
    { name: '按类型', rows: [['类型', ...METRIC_HEADER], ...o.kinds.map((k) => [effectKindName(k.key), ...metrics(k)])], widths: [18, ...widths] },
    { name: '按月', rows: [['月份（按发送时间）', ...METRIC_HEADER], ...o.months.map((m) => [m.key, ...metrics(m)])], widths: [18, ...widths] },
    {
      name: '按模板',
      rows: [['模板', ...METRIC_HEADER], ...o.templates.map((t) => [t.label === t.key ? t.key : `${t.label}（${t.key}）`, ...metrics(t)])],
      widths: [32, ...widths],
    },
    {
      name: '说明',
      rows: [
        ['说明'],
        [`统计范围：${o.month ? `${o.month}（北京时间，按号码被平台受理的时间）` : '全部'}`],
        [`归因：买家收到短信后 ${o.days} 天内创建的订单；一笔订单只算给它之前最近的一次发送（或对照组留出）。`],
        ['按手机号发送的群发没有买家 ID，无法归因到订单，只统计费用。'],
        ['对照组：随机留出、从不发送的买家；提升 = 转化率 − 对照组转化率（±为 95% 置信区间半宽）。任一组下单或未下单的买家少于 5 位时标注“样本太少”。'],
        [`费用 = 计费条数 × 单价；发送失败的号码${o.countFailedDeliveries ? '计入' : '不计入'}费用（费用设置）。`],
      ],
      widths: [120],
    },
  ];
}

export function exportEffect(o: EffectOverview, format: 'csv' | 'xlsx', now: number): FilePayload {
  const base = `短信效果${o.month ? `-${o.month}` : ''}`;
  const sheets = effectSheets(o);
  if (format === 'xlsx') {
    return {
      fileName: exportFileName(base, now).replace(/\.csv$/, '.xlsx'),
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      data: Buffer.from(writeXlsx(sheets)).toString('base64'),
    };
  }
  // One CSV, one section per sheet: its name on a line, its rows, a blank line.
  const csv = new CsvWriter();
  sheets.forEach((sheet, i) => {
    if (i > 0) csv.row([]);
    csv.row([`【${sheet.name}】`]);
    for (const row of sheet.rows) csv.row(row.map((c): CsvCell => (c === undefined ? null : c)));
  });
  return csv.toFile(exportFileName(base, now));
}
