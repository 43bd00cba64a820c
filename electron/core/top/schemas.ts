import { z } from 'zod';
import { AppError } from '../../../shared/errors';

// Inputs of the typed methods, checked before anything is sent: a bad batch is a local error, not a call.

export const MAX_BATCH_RECIPIENTS = 200;
export const MAX_NUM_QUERY_PAGE_SIZE = 50;
/** num.query covers today and the 29 days before it (GMT+8); "最近30天" read as 30 calendar days incl. today. */
export const NUM_QUERY_WINDOW_DAYS = 30;

const text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `最多 ${max} 个字符`);

export const PhoneNumber = z.string().regex(/^1\d{10}$/, '手机号必须是 11 位大陆手机号（不带 0 或 +86）');

/** 0 验证码, 1 短信通知, 2 推广短信, 3 国际/港澳台 (spec §2.1). */
export const TemplateType = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]);
export type TemplateType = z.infer<typeof TemplateType>;

/** 0 企事业单位, 1 已备案网站, 2 已上线APP, 3 公众号/小程序, 4 电商平台店铺名, 5 已注册商标 (spec §2.3). */
export const SignSource = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
export type SignSource = z.infer<typeof SignSource>;

export const TemplateCode = text(64);
/** The platform adds 【】 itself; brackets inside the name are refused (spec §4). */
export const SignName = text(64).refine((v) => !/[【】()（）[\]]/.test(v), '签名不要包含【】、() 或 []，平台会自动加上【】');

export const AttachedFile = z
  .object({
    fileName: text(128),
    fileSuffix: text(16),
    /** Base64. */
    fileContents: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9+/=\s]+$/, '必须是 Base64'),
    fileSize: z.number().int().nonnegative().optional(),
  })
  .strict();
export type AttachedFile = z.infer<typeof AttachedFile>;

export const CreateTemplateInput = z
  .object({
    type: TemplateType,
    typeClass: z.enum(['NORMAL', 'DIGITAL']).default('NORMAL'),
    name: text(30),
    content: text(500),
    /** 使用场景说明 — required by the platform. */
    remark: text(500),
    files: z.array(AttachedFile).max(10).optional(),
  })
  .strict();
export type CreateTemplateInput = z.input<typeof CreateTemplateInput>;

export const ModifyTemplateInput = z
  .object({
    code: TemplateCode,
    /** Must equal the template's current type: the type cannot change. */
    type: TemplateType,
    name: text(30),
    content: text(500),
    remark: text(500),
  })
  .strict();
export type ModifyTemplateInput = z.input<typeof ModifyTemplateInput>;

export const ReportTemplateInput = z
  .object({
    code: TemplateCode,
    type: TemplateType,
    name: text(30),
    content: text(500),
    desc: z.string().trim().max(500).optional(),
    templateClass: z.enum(['NORMAL', 'DIGITAL']).optional(),
  })
  .strict();
export type ReportTemplateInput = z.input<typeof ReportTemplateInput>;

export const CreateSignNameInput = z
  .object({
    name: SignName,
    remark: text(500),
    source: SignSource,
    files: z.array(AttachedFile).max(10).optional(),
  })
  .strict();
export type CreateSignNameInput = z.input<typeof CreateSignNameInput>;
export const ModifySignNameInput = CreateSignNameInput;
export type ModifySignNameInput = CreateSignNameInput;

export const ReportSignNameInput = z.object({ name: SignName, description: z.string().trim().max(500).optional() }).strict();
export type ReportSignNameInput = z.input<typeof ReportSignNameInput>;

export interface PhoneRecipient {
  /** 11-digit mainland mobile number, no 0 / +86. */
  phone: string;
  /** Template variables for this number; values must be strings (isv.INVALID_JSON_PARAM otherwise). */
  params?: Record<string, string>;
  /** 短信扩展码 (digits); give it for every recipient or for none. */
  extendNum?: string;
}
/** The buyer of an order, by OAID (orders-oaid.md §1c): oaids and order_ids go one to one, ≤ 50 a call. */
export interface OaidRecipient {
  oaid: string;
  /** The order the OAID was fetched for (exact text). */
  orderId: string;
  params?: Record<string, string>;
  /** 短信扩展码 (digits), sent as extend_num like a number's: the buyer's reply carries it as dest_code. */
  extendNum?: string;
}
export type BatchRecipient = PhoneRecipient | OaidRecipient;
/** OAID batchsend: at most this many OAIDs a call. */
export const MAX_BATCH_OAIDS = 50;

const PHONE_PATTERN = /^1\d{10}$/;
const EXTEND_NUM_PATTERN = /^\d{1,12}$/;
const ORDER_ID_PATTERN = /^\d{1,24}$/;
const RECIPIENT_KEYS = new Set(['phone', 'params', 'extendNum']);
const OAID_RECIPIENT_KEYS = new Set(['oaid', 'orderId', 'params', 'extendNum']);

export function isOaidRecipient(r: BatchRecipient): r is OaidRecipient {
  return 'oaid' in r;
}

/**
 * Checks the recipient list in one pass: shape, count, and that extend codes go for all or none. Hand-written
 * rather than zod schemas because this runs on every send: zod's per-item work cost more than signing and
 * encoding the whole request (the TOP client bench compares every call with a bare signed loop).
 */
function checkRecipients(list: unknown, ctx: z.RefinementCtx) {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (!Array.isArray(list)) return issue([], '必须是号码列表');
  if (list.length < 1) return issue([], '至少需要 1 个号码');
  if (list.length > MAX_BATCH_RECIPIENTS) return issue([], `一次最多 ${MAX_BATCH_RECIPIENTS} 个号码，请分批发送`);
  const first: unknown = list[0];
  const byOaid = typeof first === 'object' && first !== null && 'oaid' in first;
  if (byOaid && list.length > MAX_BATCH_OAIDS) issue([], `按订单发送一次最多 ${MAX_BATCH_OAIDS} 个 OAID，请分批发送`);
  const keys = byOaid ? OAID_RECIPIENT_KEYS : RECIPIENT_KEYS;
  let withExtend = 0;
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      issue([i], '必须是 { phone, params?, extendNum? }');
      continue;
    }
    const r = item as Record<string, unknown>;
    if (byOaid !== 'oaid' in r) issue([i], '同一批里不能混用手机号和 OAID');
    for (const key in r) if (!keys.has(key)) issue([i, key], `未知字段 ${key}`);
    if (byOaid) {
      if (typeof r.oaid !== 'string' || !r.oaid.trim() || r.oaid.length > 512 || r.oaid.includes(',')) issue([i, 'oaid'], 'OAID 不能为空');
      if (typeof r.orderId !== 'string' || !ORDER_ID_PATTERN.test(r.orderId)) issue([i, 'orderId'], '订单号只能是数字');
    } else if (typeof r.phone !== 'string' || !PHONE_PATTERN.test(r.phone)) issue([i, 'phone'], '手机号必须是 11 位大陆手机号（不带 0 或 +86）');
    const params = r.params;
    if (params !== undefined) {
      if (typeof params !== 'object' || params === null || Array.isArray(params)) issue([i, 'params'], '模板变量必须是 { 变量名: 文字 }');
      else {
        for (const name in params) {
          if (name === '') issue([i, 'params'], '变量名不能为空');
          if (typeof (params as Record<string, unknown>)[name] !== 'string') issue([i, 'params', name], '变量值必须是文字');
        }
      }
    }
    if (r.extendNum !== undefined) {
      withExtend++;
      if (typeof r.extendNum !== 'string' || !EXTEND_NUM_PATTERN.test(r.extendNum)) issue([i, 'extendNum'], '扩展码只能是 1–12 位数字');
    }
  }
  if (withExtend !== 0 && withExtend !== list.length) issue([], '扩展码要么每个号码都填，要么都不填（数量必须与号码一致）');
}

export const BatchSendInput = z
  .object({
    signName: SignName,
    templateCode: TemplateCode,
    recipients: z
      .unknown()
      .superRefine(checkRecipients)
      .transform((list) => list as BatchRecipient[]),
    /** Same value for every request of one logical send, so the platform can recognise repeats. */
    taskSign: text(64).optional(),
    extraData: z.record(z.string(), z.unknown()).optional(),
    /** OAID form: how oaids / order_ids / sign_name are encoded (settings top.oaidListEncoding; orders-oaid.md §0). */
    oaidListEncoding: z.enum(['json', 'comma']).optional(),
  })
  .strict();
export type BatchSendInput = Omit<z.input<typeof BatchSendInput>, 'recipients'> & { recipients: BatchRecipient[] };

export const CreateShortUrlInput = z
  .object({
    /** Item or shop H5 long link. */
    url: z.string().trim().max(2048).refine(isHttpUrl, '必须是 http(s) 长链接'),
    /** 人群标签. */
    tag: text(64),
    batchNumber: text(64),
    /** true: returned link starts with https://. */
    httpsPrefix: z.boolean().optional(),
  })
  .strict();
export type CreateShortUrlInput = z.input<typeof CreateShortUrlInput>;

export const ShortName = text(2048);

export const SmsNumQueryInput = z
  .object({
    phone: PhoneNumber,
    /** Send date, `yyyyMMdd` (GMT+8) or a Date. */
    date: z.union([z.string().regex(/^\d{8}$/, '日期格式为 yyyyMMdd'), z.date()]),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(MAX_NUM_QUERY_PAGE_SIZE, `每页最多 ${MAX_NUM_QUERY_PAGE_SIZE} 条`).default(MAX_NUM_QUERY_PAGE_SIZE),
    /** Narrow to one send (the batchsend receipt). */
    bizId: text(128).optional(),
  })
  .strict();
export type SmsNumQueryInput = z.input<typeof SmsNumQueryInput>;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Parses or throws AppError BAD_REQUEST with Chinese issues; never reaches the network. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
  throw new AppError('BAD_REQUEST', `${what}参数无效：${issues.map((i) => `${i.path}: ${i.message}`).join('；')}`, { issues });
}
