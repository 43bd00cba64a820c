import { AppError } from '../../../../shared/errors';
import { TOP_METHODS } from '../apis';
import { num, str } from '../body';
import { beijingDate, beijingDaysBefore, parseBeijingDay } from '../../../../shared/time/beijing';
import type { TopBody } from '../response';
import type { CallOptions, TopCaller } from '../rpc';
import { NUM_QUERY_WINDOW_DAYS, parseInput, SmsNumQueryInput } from '../schemas';

export type DeliveryStatus = 'waiting' | 'failed' | 'delivered' | 'unknown';
const DELIVERY_STATUS: Readonly<Record<number, DeliveryStatus>> = { 1: 'waiting', 2: 'failed', 3: 'delivered' };

export interface SmsRecord {
  phone: string;
  status: DeliveryStatus;
  /** Raw sms_status: 1 等待回执, 2 发送失败, 3 发送成功. */
  statusCode: number;
  resultCode?: string;
  templateCode?: string;
  /** Full text incl. 【签名】 (variables may be masked by the platform). */
  content?: string;
  sentAt?: string;
  receivedAt?: string;
  extend?: string;
}

export interface SmsNumPage {
  page: number;
  pageSize: number;
  totalCount: number;
  totalPages: number;
  records: SmsRecord[];
}

/** alibaba.aliqin.ta.sms.num.query, one page (≤ 50), sends of one number on one day of the last 30. */
export async function querySmsNum(top: TopCaller, input: SmsNumQueryInput, options: Pick<CallOptions, 'priority'> = {}): Promise<SmsNumPage> {
  const q = parseInput(SmsNumQueryInput, input, '查询发送记录');
  const queryDate = q.date instanceof Date ? beijingDate(q.date.getTime()) : q.date;
  assertWithinQueryWindow(queryDate, top.now());
  const body = await top.call(
    TOP_METHODS.smsNumQuery,
    {
      rec_num: q.phone,
      query_date: queryDate,
      current_page: q.page,
      page_size: q.pageSize,
      biz_id: q.bizId,
    },
    options,
  );
  const values = Array.isArray(body.values) ? body.values : [];
  return {
    page: num(body.current_page ?? q.page),
    pageSize: num(body.page_size ?? q.pageSize),
    totalCount: num(body.total_count ?? 0),
    totalPages: num(body.total_page ?? 0),
    records: values.filter((v): v is TopBody => typeof v === 'object' && v !== null).map(smsRecord),
  };
}

/** Every record across pages (page size 50 unless given), fetched lazily. */
export async function* iterateSmsNum(
  top: TopCaller,
  input: Omit<SmsNumQueryInput, 'page'>,
  options: Pick<CallOptions, 'priority'> = {},
): AsyncGenerator<SmsRecord, void, undefined> {
  for (let page = 1; ; page++) {
    const result = await querySmsNum(top, { ...input, page }, options);
    yield* result.records;
    if (result.records.length === 0 || page >= result.totalPages) return;
  }
}

function assertWithinQueryWindow(queryDate: string, now: number) {
  const day = parseBeijingDay(queryDate);
  if (day === null) {
    throw new AppError('BAD_REQUEST', `查询发送记录参数无效：${queryDate} 不是有效日期`, { issues: [{ path: 'date', message: '不是有效日期' }] });
  }
  const daysBack = beijingDaysBefore(day, now);
  if (daysBack < 0 || daysBack >= NUM_QUERY_WINDOW_DAYS) {
    throw new AppError('BAD_REQUEST', `查询发送记录参数无效：只能查询最近 ${NUM_QUERY_WINDOW_DAYS} 天（含今天）的记录`, {
      issues: [{ path: 'date', message: `只能查询最近 ${NUM_QUERY_WINDOW_DAYS} 天` }],
    });
  }
}

function smsRecord(v: TopBody): SmsRecord {
  const statusCode = num(v.sms_status);
  return {
    phone: str(v.rec_num) ?? '',
    status: DELIVERY_STATUS[statusCode] ?? 'unknown',
    statusCode,
    resultCode: str(v.result_code),
    templateCode: str(v.sms_code),
    content: str(v.sms_content),
    sentAt: str(v.sms_send_time),
    receivedAt: str(v.sms_receiver_time),
    extend: str(v.extend),
  };
}
