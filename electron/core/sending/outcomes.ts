import { AppError } from '../../../shared/errors';
import type { PauseReason, PauseReasonCode } from '../../../shared/sending/contract';
import { TopError } from '../top/errors';

/**
 * What one failed batchsend means for the ledger:
 * - unknown: the call may have executed → the chunk waits for reconciliation, never resent blindly;
 * - pause: the platform refused the whole campaign (session, permission, balance, template, signature, a long
 *   ban, the network) → the chunk certainly did not execute and goes back to prepared; the campaign pauses;
 * - reject: a definite refusal of this chunk's content or numbers → every number rejected with the reason.
 */
export type SendFailure =
  | { action: 'unknown'; code: string; message: string }
  | { action: 'pause'; reason: PauseReason; retryAfterMs: number | null }
  | { action: 'reject'; code: string; subCode: string; message: string };

const CAMPAIGN_SUB_CODES: Readonly<Record<string, PauseReasonCode>> = {
  'isv.AMOUNT_NOT_ENOUGH': 'balance',
  'isv.OUT_OF_SERVICE': 'balance',
  'isv.PRODUCT_UNSUBSCRIBE': 'permission',
  'isv.ACCOUNT_NOT_EXISTS': 'permission',
  'isv.ACCOUNT_ABNORMAL': 'permission',
  'isv.SMS_TEMPLATE_ILLEGAL': 'template',
  'isv.SMS_SIGNATURE_ILLEGAL': 'signature',
};

const PAUSE_PREFIX: Readonly<Record<PauseReasonCode, string>> = {
  manual: '已手动暂停。',
  session: '店铺授权已失效，请在“设置 → 淘宝开放平台”重新授权后继续发送。',
  permission: '应用或店铺没有发送权限，请开通/授权后继续发送。',
  balance: '短信余额不足，请充值后继续发送。',
  template: '模板不可用（不存在或未审核通过），请检查模板后继续发送。',
  signature: '签名不可用（不存在或未审核通过），请检查签名后继续发送。',
  'quiet-hours': '营销短信发送时段已结束。',
  network: '暂时连不上淘宝开放平台网关，请检查网络后继续发送。',
  unconfirmed: '部分号码发送结果未确认（未确认），请决定是否重新发送这些号码。',
  missed: '预定的发送时间已过（当时软件未运行），请选择立即发送、重新排期或取消。',
  throttled: '开放平台限流时间较长，稍后自动继续。',
  error: '发送出错。',
};

export function pauseReason(code: PauseReasonCode, detail?: string): PauseReason {
  return { code, message: detail ? `${PAUSE_PREFIX[code]}（${detail}）` : PAUSE_PREFIX[code] };
}

/** Classifies any error thrown by TopClient.batchSend (or its local input validation). */
export function classifySendFailure(error: unknown): SendFailure {
  if (!(error instanceof TopError)) {
    // parseInput refused locally: nothing reached the network.
    if (error instanceof AppError && error.code === 'BAD_REQUEST') return { action: 'reject', code: 'local', subCode: 'local.invalid', message: error.message };
    // Anything else (a bug, a closed DB…) happened around the call: its outcome is unknown.
    return { action: 'unknown', code: 'internal', message: error instanceof Error ? error.message : String(error) };
  }
  if (error.outcome === 'unknown') return { action: 'unknown', code: errorCode(error), message: error.message };

  const sub = error.sub_code ?? '';
  if (error.kind === 'throttled' || error.topCode === 7) {
    const seconds = error.banSeconds ?? 1;
    return { action: 'pause', reason: pauseReason('throttled', `约 ${seconds} 秒`), retryAfterMs: seconds * 1000 };
  }
  if (error.category === 'session') return { action: 'pause', reason: pauseReason('session', error.message), retryAfterMs: null };
  if (error.category === 'permission' || error.category === 'ip-restricted' || error.category === 'app-key' || error.category === 'signature') {
    return { action: 'pause', reason: pauseReason('permission', error.message), retryAfterMs: null };
  }
  const campaignReason = CAMPAIGN_SUB_CODES[sub];
  if (campaignReason) return { action: 'pause', reason: pauseReason(campaignReason, error.message), retryAfterMs: null };
  if (error.kind === 'network' || error.kind === 'timeout' || error.category === 'server' || error.category === 'quota' || error.category === 'clock') {
    // Certainly not executed, and the client's own retries are spent: try again later.
    return { action: 'pause', reason: pauseReason('network', error.message), retryAfterMs: 30_000 };
  }
  // Per-number / per-content refusals (MOBILE_NUMBER_ILLEGAL, BUSINESS_LIMIT_CONTROL, BLACK_KEY_CONTROL_LIMIT, …).
  return { action: 'reject', code: errorCode(error), subCode: sub || errorCode(error), message: error.message };
}

function errorCode(error: TopError): string {
  if (error.topCode !== null) return String(error.topCode);
  return error.kind;
}
