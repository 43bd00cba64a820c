import { batchSend, type BatchSendResult } from './api/batch-send';
import { createSignName, deleteSignName, modifySignName, querySignName, reportSignName, type SignNameInfo } from './api/signatures';
import { createShortUrl, queryShortUrl, type ShortUrlInfo } from './api/short-urls';
import { iterateSmsNum, querySmsNum, type SmsNumPage, type SmsRecord } from './api/sms-num';
import { createTemplate, deleteTemplate, modifyTemplate, queryTemplate, reportTemplate, type TemplateInfo } from './api/templates';
import { TopRpc, type CallOptions } from './rpc';
import type {
  BatchSendInput,
  CreateShortUrlInput,
  CreateSignNameInput,
  CreateTemplateInput,
  ModifySignNameInput,
  ModifyTemplateInput,
  ReportSignNameInput,
  ReportTemplateInput,
  SmsNumQueryInput,
} from './schemas';

export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
export type { AttemptOutcome, CallOptions, TopClientOptions } from './rpc';
export type { AuditStatus, TemplateInfo } from './api/templates';
export type { SignNameInfo } from './api/signatures';
export type { BatchSendResult } from './api/batch-send';
export type { ShortUrlInfo } from './api/short-urls';
export type { DeliveryStatus, SmsNumPage, SmsRecord } from './api/sms-num';

/**
 * TOP client: the signed RPC (TopRpc: signing, limiter, retries, redaction) plus the Jushita SMS APIs whose inputs are
 * validated locally (api/*: one file per API family).
 */
export class TopClient extends TopRpc {
  // ---- templates ----
  createTemplate(input: CreateTemplateInput): Promise<{ code: string; requestId?: string }> {
    return createTemplate(this, input);
  }
  queryTemplate(code: string): Promise<TemplateInfo | null> {
    return queryTemplate(this, code);
  }
  modifyTemplate(input: ModifyTemplateInput): Promise<void> {
    return modifyTemplate(this, input);
  }
  deleteTemplate(code: string): Promise<void> {
    return deleteTemplate(this, code);
  }
  reportTemplate(input: ReportTemplateInput): Promise<void> {
    return reportTemplate(this, input);
  }

  // ---- signatures ----
  createSignName(input: CreateSignNameInput): Promise<void> {
    return createSignName(this, input);
  }
  querySignName(name: string): Promise<SignNameInfo | null> {
    return querySignName(this, name);
  }
  modifySignName(input: ModifySignNameInput): Promise<void> {
    return modifySignName(this, input);
  }
  deleteSignName(name: string): Promise<void> {
    return deleteSignName(this, name);
  }
  reportSignName(input: ReportSignNameInput): Promise<void> {
    return reportSignName(this, input);
  }

  // ---- sending ----
  batchSend(input: BatchSendInput): Promise<BatchSendResult> {
    return batchSend(this, input);
  }

  // ---- short links ----
  createShortUrl(input: CreateShortUrlInput): Promise<{ shortUrl: string }> {
    return createShortUrl(this, input);
  }
  queryShortUrl(shortNameOrUrl: string): Promise<ShortUrlInfo> {
    return queryShortUrl(this, shortNameOrUrl);
  }

  // ---- delivery records ----
  querySmsNum(input: SmsNumQueryInput, options: Pick<CallOptions, 'priority'> = {}): Promise<SmsNumPage> {
    return querySmsNum(this, input, options);
  }
  iterateSmsNum(input: Omit<SmsNumQueryInput, 'page'>, options: Pick<CallOptions, 'priority'> = {}): AsyncGenerator<SmsRecord, void, undefined> {
    return iterateSmsNum(this, input, options);
  }
}
