import { AppError } from '../../../shared/errors';
import type { SignMethod } from '../../../shared/settings';
import type { Logger } from '../log/logger';
import { apiInfo, TOP_METHODS } from './apis';
import { systemClock, type Clock } from '../clock';
import { TopError } from './errors';
import { RateLimiter, sharedRateLimiter, type Priority } from './limiter';
import { encodeBusinessParams, formEncode, signRequest, topDate, type TopParams } from './request';
import { interpretResponse, type TopBody } from './response';
import {
  BatchSendInput,
  CreateShortUrlInput,
  CreateSignNameInput,
  CreateTemplateInput,
  ModifySignNameInput,
  ModifyTemplateInput,
  NUM_QUERY_WINDOW_DAYS,
  parseInput,
  ReportSignNameInput,
  ReportTemplateInput,
  ShortName,
  SignName,
  SmsNumQueryInput,
  TemplateCode,
  type AttachedFile,
} from './schemas';
import { createAxiosTransport, TransportFailure, type TopTransport } from './transport';

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  /** Backoff before attempt n+1 is baseDelayMs·2^(n-1), capped at maxDelayMs, with ±50 % jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A code-7 ban longer than this is not waited out: the call fails at once with banSeconds set. */
  maxBanWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 5_000, maxBanWaitMs: 30_000 };
/** A code-7 answer without "N more seconds" still pauses the app key this long. */
const DEFAULT_BAN_MS = 1_000;

export interface TopClientOptions {
  appKey: string;
  appSecret: string;
  /** Seller authorization (OAuth access_token); sent with every call when set. */
  session?: string;
  gatewayUrl: string;
  signMethod?: SignMethod;
  simplify?: boolean;
  /** Calls per second for this app key (shared process-wide with other clients of the same key). */
  qps?: number;
  partnerId?: string;
  connectTimeoutMs?: number;
  /** Until the response headers arrive, then per idle gap. */
  readTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  log?: Logger;
  clock?: Clock;
  /** Defaults to axios over keep-alive agents. */
  transport?: TopTransport;
  /** Defaults to the process-wide limiter of (gateway, app key). */
  limiter?: RateLimiter;
  /** Called after every attempt (e.g. to drive the online/offline indicator). */
  onAttempt?: (outcome: AttemptOutcome) => void;
}

export interface AttemptOutcome {
  method: string;
  ok: boolean;
  error?: TopError;
  attempt: number;
  durationMs: number;
}

export interface CallOptions {
  /** Overrides the API table: read-only calls may be retried after an unknown outcome. */
  readOnly?: boolean;
  /** Overrides RetryPolicy.maxAttempts for this call (1 = no retry). */
  maxAttempts?: number;
  /** 'low' = background work that only uses quota left idle (see RateLimiter). */
  priority?: Priority;
}

export type AuditStatus = 'pending' | 'approved' | 'rejected' | 'unknown';
const AUDIT_STATUS: Readonly<Record<number, AuditStatus>> = { 0: 'pending', 1: 'approved', 2: 'rejected' };

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

export interface SignNameInfo {
  name: string;
  status: AuditStatus;
  statusCode: number;
  reason?: string;
  createdAt?: string;
}

export interface BatchSendResult {
  /** The receipt (`module`); delivery reports and num.query records carry it as biz_id. */
  bizId: string;
  requestId?: string;
}

export interface ShortUrlInfo {
  shortName: string;
  lifeStart?: string;
  lifeEnd?: string;
}

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

const str = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

/**
 * TOP client: signs, rate-limits, sends, parses and retries exactly as far as is safe.
 * Generic `call()` for any API, plus typed methods for the Jushita SMS APIs whose inputs are validated locally.
 */
export class TopClient {
  readonly gatewayUrl: string;
  readonly signMethod: SignMethod;
  readonly simplify: boolean;
  private readonly retry: RetryPolicy;
  private readonly clock: Clock;
  private readonly transport: TopTransport;
  private readonly ownsTransport: boolean;
  private readonly limiter: RateLimiter;
  private readonly log?: Logger;
  private readonly readTimeoutMs: number;
  private readonly host: string;

  constructor(private readonly options: TopClientOptions) {
    if (!options.appKey) throw new AppError('NOT_CONFIGURED', '尚未填写 App Key。');
    if (!options.appSecret) throw new AppError('NOT_CONFIGURED', '尚未填写 App Secret。');
    let url: URL;
    try {
      url = new URL(options.gatewayUrl);
    } catch {
      throw new AppError('NOT_CONFIGURED', '网关地址不是有效的 http(s) 地址。');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('NOT_CONFIGURED', '网关地址不是有效的 http(s) 地址。');
    this.gatewayUrl = options.gatewayUrl;
    this.host = url.host;
    this.signMethod = options.signMethod ?? 'hmac-sha256';
    this.simplify = options.simplify ?? true;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.clock = options.clock ?? systemClock;
    this.readTimeoutMs = options.readTimeoutMs ?? 20_000;
    const connectTimeoutMs = Math.min(options.connectTimeoutMs ?? 5_000, this.readTimeoutMs);
    this.ownsTransport = !options.transport;
    this.transport = options.transport ?? createAxiosTransport({ connectTimeoutMs, userAgent: options.partnerId });
    this.limiter = options.limiter ?? sharedRateLimiter(options.gatewayUrl, options.appKey, options.qps ?? 5);
    this.log = options.log;
  }

  /** Releases keep-alive sockets (only those of a transport this client created). */
  close() {
    if (this.ownsTransport) this.transport.close();
  }

  /**
   * Calls any TOP API. Returns the response object without its `<x>_response` root and list wrappers.
   * Throws TopError (gateway/business/network) — a write whose outcome is unknown is never retried.
   */
  async call(method: string, params: TopParams = {}, options: CallOptions = {}): Promise<TopBody> {
    const readOnly = options.readOnly ?? apiInfo(method).readOnly;
    const maxAttempts = Math.max(1, options.maxAttempts ?? this.retry.maxAttempts);
    let business: Record<string, string>;
    try {
      business = encodeBusinessParams(params);
    } catch (error) {
      throw new AppError('BAD_REQUEST', `请求参数无效：${error instanceof Error ? error.message : String(error)}`);
    }

    for (let attempt = 1; ; attempt++) {
      const started = this.clock.now();
      try {
        const body = await this.attempt(method, business, readOnly, options.priority);
        this.log?.debug('top call ok', { method, attempt, ms: this.clock.now() - started, request_id: str(body.request_id) });
        this.options.onAttempt?.({ method, ok: true, attempt, durationMs: this.clock.now() - started });
        return body;
      } catch (error) {
        if (!(error instanceof TopError)) throw error;
        this.options.onAttempt?.({ method, ok: false, error, attempt, durationMs: this.clock.now() - started });
        const banTooLong = error.banSeconds !== null && error.banSeconds * 1000 > this.retry.maxBanWaitMs;
        const willRetry = error.retryable && attempt < maxAttempts && !banTooLong && error.kind !== 'throttled';
        this.log?.[willRetry ? 'info' : 'warn']('top call failed', { attempt, willRetry, error: error.toJSON() });
        if (!willRetry) throw error;
        // A ban already paused the shared limiter, so the next acquire() waits it out; anything else backs off.
        if (error.topCode !== 7) await this.clock.sleep(this.backoffMs(attempt));
      }
    }
  }

  private async attempt(method: string, business: Record<string, string>, readOnly: boolean, priority: Priority = 'normal'): Promise<TopBody> {
    const pausedMs = this.limiter.pauseRemainingMs();
    if (pausedMs > this.retry.maxBanWaitMs) {
      throw new TopError({ method, kind: 'throttled', readOnly, banSeconds: Math.ceil(pausedMs / 1000) });
    }
    await this.limiter.acquire(priority);
    const wire = signRequest(
      {
        method,
        appKey: this.options.appKey,
        session: this.options.session,
        now: this.clock.now(),
        signMethod: this.signMethod,
        simplify: this.simplify,
        partnerId: this.options.partnerId,
      },
      business,
      this.options.appSecret,
    );
    let response;
    try {
      response = await this.transport.post(this.gatewayUrl, formEncode(wire), { readTimeoutMs: this.readTimeoutMs });
    } catch (error) {
      if (!(error instanceof TransportFailure)) throw error;
      throw new TopError({
        method,
        kind: error.kind,
        readOnly,
        networkCode: error.networkCode,
        beforeSend: error.beforeSend,
        host: this.host,
        cause: error,
      });
    }
    try {
      return interpretResponse(response.status, response.text, { method, readOnly, scrub: (t) => this.scrub(t) });
    } catch (error) {
      if (error instanceof TopError && error.topCode === 7) this.limiter.pauseFor(error.banSeconds !== null ? error.banSeconds * 1000 : DEFAULT_BAN_MS);
      throw error;
    }
  }

  private backoffMs(attempt: number): number {
    const exp = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(exp * (0.5 + this.clock.random() * 0.5));
  }

  private scrub(text: string): string {
    let out = text;
    for (const secret of [this.options.appSecret, this.options.session]) {
      if (secret && secret.length >= 4) out = out.split(secret).join('***');
    }
    return out;
  }

  // ---- templates ----

  /** taobao.jst.sms.template.create → the new template code (status starts pending). */
  async createTemplate(input: CreateTemplateInput): Promise<{ code: string; requestId?: string }> {
    const t = parseInput(CreateTemplateInput, input, '创建模板');
    const body = await this.call(TOP_METHODS.templateCreate, {
      sms_template_for_isv_request: {
        template_type: t.type,
        template_type_class: t.typeClass,
        template_name: t.name,
        template_content: t.content,
        remark: t.remark,
        template_infos: t.files?.map(fileDto),
      },
    });
    return { code: this.requireString(body, 'module', TOP_METHODS.templateCreate), requestId: str(body.request_id) };
  }

  /** taobao.jst.sms.template.query → null when the platform does not know the code. */
  async queryTemplate(code: string): Promise<TemplateInfo | null> {
    const templateCode = parseInput(TemplateCode, code, '查询模板');
    const body = await this.orNullWhenNotFound(() => this.call(TOP_METHODS.templateQuery, { query_sms_template_request: { template_code: templateCode } }));
    if (!body) return null;
    const m = this.requireObject(body, 'module', TOP_METHODS.templateQuery);
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
  async modifyTemplate(input: ModifyTemplateInput): Promise<void> {
    const t = parseInput(ModifyTemplateInput, input, '修改模板');
    await this.call(TOP_METHODS.templateModify, {
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
  async deleteTemplate(code: string): Promise<void> {
    const templateCode = parseInput(TemplateCode, code, '删除模板');
    await this.call(TOP_METHODS.templateDelete, { delete_sms_template_request: { template_code: templateCode } });
  }

  /** taobao.jst.sms.template.report — registers a template already approved at 阿里通信. */
  async reportTemplate(input: ReportTemplateInput): Promise<void> {
    const t = parseInput(ReportTemplateInput, input, '上传存量模板');
    await this.call(TOP_METHODS.templateReport, {
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

  // ---- signatures ----

  /** taobao.jst.sms.signname.create (review ≤ 2 working days). */
  async createSignName(input: CreateSignNameInput): Promise<void> {
    const s = parseInput(CreateSignNameInput, input, '创建签名');
    await this.call(TOP_METHODS.signNameCreate, {
      add_sms_sign_request: { sign_name: s.name, remark: s.remark, sign_source: s.source, sign_file_list: s.files?.map(fileDto) },
    });
  }

  /** taobao.jst.sms.signname.query → null when the signature does not exist. */
  async querySignName(name: string): Promise<SignNameInfo | null> {
    const signName = parseInput(SignName, name, '查询签名');
    const body = await this.orNullWhenNotFound(() => this.call(TOP_METHODS.signNameQuery, { query_sms_sign_request: { sign_name: signName } }));
    if (!body) return null;
    const m = this.requireObject(body, 'module', TOP_METHODS.signNameQuery);
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
  async modifySignName(input: ModifySignNameInput): Promise<void> {
    const s = parseInput(ModifySignNameInput, input, '修改签名');
    await this.call(TOP_METHODS.signNameModify, {
      modify_sms_sign_request: { sign_name: s.name, remark: s.remark, sign_source: s.source, sign_file_list: s.files?.map(fileDto) },
    });
  }

  async deleteSignName(name: string): Promise<void> {
    const signName = parseInput(SignName, name, '删除签名');
    await this.call(TOP_METHODS.signNameDelete, { delete_sms_sign_request: { sign_name: signName } });
  }

  /** taobao.jst.sms.signname.report — registers a signature already approved at 阿里通信. */
  async reportSignName(input: ReportSignNameInput): Promise<void> {
    const s = parseInput(ReportSignNameInput, input, '上传存量签名');
    await this.call(TOP_METHODS.signNameReport, { sms_sign_name_request: { sign_name: s.name, description: s.description || undefined } });
  }

  // ---- sending ----

  /**
   * taobao.jst.sms.message.direct.batchsend, ≤ 200 numbers, one variable object per number.
   * Never retried once it may have reached the platform: on TopError with outcome 'unknown', check
   * num.query / delivery reports before sending again (use the same taskSign for the same logical send).
   */
  async batchSend(input: BatchSendInput): Promise<BatchSendResult> {
    const b = parseInput(BatchSendInput, input, '批量发送');
    const hasExtend = b.recipients.some((r) => r.extendNum !== undefined);
    const body = await this.call(TOP_METHODS.batchSend, {
      sign_name: b.signName,
      sms_template_code: b.templateCode,
      rec_num: JSON.stringify(b.recipients.map((r) => r.phone)),
      sms_content: JSON.stringify(b.recipients.map((r) => r.params ?? {})),
      extend_num: hasExtend ? JSON.stringify(b.recipients.map((r) => r.extendNum)) : undefined,
      task_sign: b.taskSign,
      extra_data: b.extraData ? JSON.stringify(b.extraData) : undefined,
    });
    return { bizId: this.requireString(body, 'module', TOP_METHODS.batchSend), requestId: str(body.request_id) };
  }

  // ---- short links ----

  /** taobao.jst.sms.message.shorturl.create → the short link (valid about 2 months). */
  async createShortUrl(input: CreateShortUrlInput): Promise<{ shortUrl: string }> {
    const s = parseInput(CreateShortUrlInput, input, '生成短链');
    const body = await this.call(TOP_METHODS.shortUrlCreate, {
      url: s.url,
      tag: s.tag,
      batch_number: s.batchNumber,
      need_https_prefix: s.httpsPrefix,
    });
    return { shortUrl: this.requireString(body, 'module', TOP_METHODS.shortUrlCreate) };
  }

  /** taobao.jst.sms.message.shorturl.query; accepts the short name (`Y9.X8sU`) or the whole short link. */
  async queryShortUrl(shortNameOrUrl: string): Promise<ShortUrlInfo> {
    const input = parseInput(ShortName, shortNameOrUrl, '查询短链');
    const shortName = input.replace(/^(https?:\/\/)?[^/]+\//i, '');
    const body = await this.call(TOP_METHODS.shortUrlQuery, { short_name: shortName });
    return { shortName: str(body.short_name) ?? shortName, lifeStart: str(body.life_start), lifeEnd: str(body.life_end) };
  }

  // ---- delivery records ----

  /** alibaba.aliqin.ta.sms.num.query, one page (≤ 50), sends of one number on one day of the last 30. */
  async querySmsNum(input: SmsNumQueryInput, options: Pick<CallOptions, 'priority'> = {}): Promise<SmsNumPage> {
    const q = parseInput(SmsNumQueryInput, input, '查询发送记录');
    const queryDate = q.date instanceof Date ? topDate(q.date.getTime()) : q.date;
    this.assertWithinQueryWindow(queryDate);
    const body = await this.call(
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
  async *iterateSmsNum(input: Omit<SmsNumQueryInput, 'page'>, options: Pick<CallOptions, 'priority'> = {}): AsyncGenerator<SmsRecord, void, undefined> {
    for (let page = 1; ; page++) {
      const result = await this.querySmsNum({ ...input, page }, options);
      yield* result.records;
      if (result.records.length === 0 || page >= result.totalPages) return;
    }
  }

  private assertWithinQueryWindow(queryDate: string) {
    const y = Number(queryDate.slice(0, 4));
    const m = Number(queryDate.slice(4, 6));
    const d = Number(queryDate.slice(6, 8));
    const day = Date.UTC(y, m - 1, d);
    const check = new Date(day);
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
      throw new AppError('BAD_REQUEST', `查询发送记录参数无效：${queryDate} 不是有效日期`, { issues: [{ path: 'date', message: '不是有效日期' }] });
    }
    const today = topDate(this.clock.now());
    const todayUtc = Date.UTC(Number(today.slice(0, 4)), Number(today.slice(4, 6)) - 1, Number(today.slice(6, 8)));
    const daysBack = Math.round((todayUtc - day) / 86_400_000);
    if (daysBack < 0 || daysBack >= NUM_QUERY_WINDOW_DAYS) {
      throw new AppError('BAD_REQUEST', `查询发送记录参数无效：只能查询最近 ${NUM_QUERY_WINDOW_DAYS} 天（含今天）的记录`, {
        issues: [{ path: 'date', message: `只能查询最近 ${NUM_QUERY_WINDOW_DAYS} 天` }],
      });
    }
  }

  private async orNullWhenNotFound(run: () => Promise<TopBody>): Promise<TopBody | null> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof TopError && error.kind === 'business' && error.category === 'not-found') return null;
      throw error;
    }
  }

  private requireString(body: TopBody, field: string, method: string): string {
    const value = str(body[field]);
    if (value === undefined || typeof body[field] === 'object') throw this.malformed(method, body);
    return value;
  }

  private requireObject(body: TopBody, field: string, method: string): TopBody {
    const value = body[field];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.malformed(method, body);
    return value as TopBody;
  }

  private malformed(method: string, body: TopBody): TopError {
    return new TopError({ method, kind: 'protocol', readOnly: apiInfo(method).readOnly, request_id: str(body.request_id) });
  }
}

function fileDto(f: AttachedFile) {
  const contents = f.fileContents.replace(/\s+/g, '');
  return {
    file_name: f.fileName,
    file_suffix: f.fileSuffix,
    file_contents: contents,
    file_size: f.fileSize ?? Buffer.byteLength(contents, 'base64'),
  };
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
