import { TOP_METHODS } from '../apis';
import { requireString, str } from '../body';
import type { TopCaller } from '../rpc';
import { BatchSendInput, isOaidRecipient, parseInput, type PhoneRecipient } from '../schemas';

export interface BatchSendResult {
  /** The receipt (`module`); delivery reports and num.query records carry it as biz_id. */
  bizId: string;
  requestId?: string;
}

/**
 * taobao.jst.sms.message.direct.batchsend, ≤ 200 numbers, one variable object per number; or the OAID form (≤ 50
 * buyers of orders): oaids + order_ids one to one, sign_name one per OAID, no rec_num (orders-oaid.md §1c). Whether
 * those lists are JSON arrays or comma lists is not documented (§0): `oaidListEncoding`, JSON by default.
 * Never retried once it may have reached the platform: on TopError with outcome 'unknown', check
 * num.query / delivery reports before sending again (use the same taskSign for the same logical send).
 */
export async function batchSend(top: TopCaller, input: BatchSendInput): Promise<BatchSendResult> {
  const b = parseInput(BatchSendInput, input, '批量发送');
  const common = {
    sms_template_code: b.templateCode,
    sms_content: JSON.stringify(b.recipients.map((r) => r.params ?? {})),
    task_sign: b.taskSign,
    extra_data: b.extraData ? JSON.stringify(b.extraData) : undefined,
  };
  let params: Record<string, string | undefined>;
  if (b.recipients.every(isOaidRecipient)) {
    const oaids = b.recipients;
    const list = (values: string[]) => (b.oaidListEncoding === 'comma' ? values.join(',') : JSON.stringify(values));
    params = {
      ...common,
      sign_name: list(oaids.map(() => b.signName)),
      oaids: list(oaids.map((r) => r.oaid)),
      order_ids: list(oaids.map((r) => r.orderId)),
      // extend_num is documented as a JSON string array whatever the OAID list encoding.
      extend_num: oaids.some((r) => r.extendNum !== undefined) ? JSON.stringify(oaids.map((r) => r.extendNum)) : undefined,
    };
  } else {
    const phones = b.recipients as PhoneRecipient[];
    const hasExtend = phones.some((r) => r.extendNum !== undefined);
    params = {
      ...common,
      sign_name: b.signName,
      rec_num: JSON.stringify(phones.map((r) => r.phone)),
      extend_num: hasExtend ? JSON.stringify(phones.map((r) => r.extendNum)) : undefined,
    };
  }
  const body = await top.call(TOP_METHODS.batchSend, params);
  return { bizId: requireString(body, 'module', TOP_METHODS.batchSend), requestId: str(body.request_id) };
}
