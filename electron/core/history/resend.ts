import type { ResendResult } from '../../../shared/history/contract';
import type { CampaignKind, CampaignTemplateRef } from '../../../shared/sending/contract';
import type { TemplateType } from '../../../shared/sms';
import { AppError } from '../../../shared/errors';
import { doNotResendReason } from '../../../shared/history/report-codes';
import type { CoreContext } from '../context';
import { createDraftFromRecipients } from '../sending/drafts';
import { sendScope, type SuppressionStore } from '../suppression/store';

/**
 * 重发失败号码: a new draft (kind 'resend', parent = this campaign) with the failed (and optionally 未知) numbers,
 * the same template snapshot, signature, constants, short link and each row's own variables — minus numbers
 * delivered since (by any later send of this shop) and minus suppressed numbers.
 */
export function resendFailed(
  ctx: Pick<CoreContext, 'db' | 'shopId' | 'settings' | 'events' | 'clock'>,
  suppression: SuppressionStore,
  id: number,
  options: { includeUnknown: boolean; includeDoNotResend: boolean },
): ResendResult {
  const c = ctx.db
    .prepare(
      'SELECT id, name, kind, template_id, template_code, template_name, template_type, template_content, sign_name, constants, short_link_id FROM campaigns WHERE shop_id = ? AND id = ?',
    )
    .get(ctx.shopId, id) as
    | {
        id: number;
        name: string;
        kind: CampaignKind;
        template_id: number | null;
        template_code: string;
        template_name: string;
        template_type: number | null;
        template_content: string;
        sign_name: string;
        constants: string;
        short_link_id: number | null;
      }
    | undefined;
  if (!c) throw new AppError('NOT_FOUND', `找不到发送任务 #${id}。`);
  if (!c.template_code) throw new AppError('CONFLICT', '该任务没有模板，无法重发。');
  const states = options.includeUnknown ? ['failed', 'unknown'] : ['failed'];
  const rows = ctx.db
    .prepare(
      `SELECT r.phone, r.vars, r.submitted_at, r.err_code,
         EXISTS (SELECT 1 FROM campaign_recipients d WHERE d.shop_id = r.shop_id AND d.phone = r.phone AND d.submitted_at IS NOT NULL AND d.delivery = 'delivered' AND d.id != r.id
                 AND COALESCE(d.submitted_at, '') >= COALESCE(r.submitted_at, '')) AS delivered_since
       FROM campaign_recipients r WHERE r.campaign_id = ? AND r.delivery IN (${states.map(() => '?').join(', ')}) ORDER BY r.id`,
    )
    .all(id, ...states) as Array<{ phone: string; vars: string; err_code: string | null; delivered_since: number }>;
  const undelivered = rows.filter((r) => !r.delivered_since);
  // A code whose advice is "do not send again" (DB:0141 blacklist, MK:0001 空号) stays out unless the seller insists.
  const candidates = options.includeDoNotResend ? undelivered : undelivered.filter((r) => doNotResendReason(r.err_code) === null);
  const suppressed = suppression.filterSuppressed(
    candidates.map((r) => r.phone),
    sendScope(c.template_type),
  );
  const recipients = candidates.filter((r) => !suppressed.has(r.phone)).map((r) => ({ phone: r.phone, vars: parseVars(r.vars) }));
  if (recipients.length === 0) {
    throw new AppError(
      'CONFLICT',
      rows.length ? '失败号码都已送达、在免打扰名单中，或回执建议不要再发（空号、黑名单），没有需要重发的号码。' : '该任务没有失败号码。',
    );
  }
  const templateRef: CampaignTemplateRef = {
    id: c.template_id,
    code: c.template_code,
    name: c.template_name,
    type: (c.template_type ?? 1) as TemplateType,
    content: c.template_content,
  };
  const draftId = createDraftFromRecipients(ctx, suppression, {
    name: `${c.name}（重发失败）`.slice(0, 100),
    kind: 'resend',
    parentId: c.id,
    templateRef,
    signName: c.sign_name,
    constants: parseVars(c.constants),
    shortLinkId: c.short_link_id,
    recipients,
  });
  return {
    draftId,
    numbers: recipients.length,
    excludedDelivered: rows.length - undelivered.length,
    excludedDoNotResend: undelivered.length - candidates.length,
    excludedSuppressed: candidates.length - recipients.length,
  };
}

function parseVars(text: string): Record<string, string> {
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
  } catch {
    // corrupt JSON → no variables
  }
  return {};
}
