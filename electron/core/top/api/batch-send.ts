import { TOP_METHODS } from '../apis';
import { requireString, str } from '../body';
import type { TopCaller } from '../rpc';
import { BatchSendInput, parseInput } from '../schemas';

export interface BatchSendResult {
  /** The receipt (`module`); delivery reports and num.query records carry it as biz_id. */
  bizId: string;
  requestId?: string;
}

/**
 * taobao.jst.sms.message.direct.batchsend, ≤ 200 numbers, one variable object per number.
 * Never retried once it may have reached the platform: on TopError with outcome 'unknown', check
 * num.query / delivery reports before sending again (use the same taskSign for the same logical send).
 */
export async function batchSend(top: TopCaller, input: BatchSendInput): Promise<BatchSendResult> {
  const b = parseInput(BatchSendInput, input, '批量发送');
  const hasExtend = b.recipients.some((r) => r.extendNum !== undefined);
  const body = await top.call(TOP_METHODS.batchSend, {
    sign_name: b.signName,
    sms_template_code: b.templateCode,
    rec_num: JSON.stringify(b.recipients.map((r) => r.phone)),
    sms_content: JSON.stringify(b.recipients.map((r) => r.params ?? {})),
    extend_num: hasExtend ? JSON.stringify(b.recipients.map((r) => r.extendNum)) : undefined,
    task_sign: b.taskSign,
    extra_data: b.extraData ? JSON.stringify(b.extraData) : undefined,
  });
  return { bizId: requireString(body, 'module', TOP_METHODS.batchSend), requestId: str(body.request_id) };
}
