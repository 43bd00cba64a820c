import { AppError } from '../../../shared/errors';
import type { AutomationKind } from '../../../shared/automations/contract';
import type { OrdersModule } from '../orders';
import type { SendingModule } from '../sending';
import type { SuppressionStore } from '../suppression/store';
import type { AutomationSender, OrderRecheck } from './engine';

const KIND_NAMES: Record<AutomationKind, string> = {
  'urge-pay': '催付',
  shipped: '发货提醒',
  signed: '签收关怀',
  refund: '退款提醒',
  review: '好评邀请',
};

/** A campaign that no longer sends by itself (done, stopped, or waiting for the seller). */
const SETTLED_STATES = new Set(['completed', 'cancelled', 'paused', 'missed']);

/**
 * Automations send through the orders' OAID path and the crash-safe ledger: one campaign of kind 'automation' per
 * batch (one SMS per order; the engine already applied the per-buyer rules), counted in 发送记录 as an automation.
 */
export function ledgerSender(sending: SendingModule): AutomationSender {
  return {
    create(batch) {
      return sending.createOrderDraft({
        name: `自动化·${KIND_NAMES[batch.kind]} #${batch.batchId}`,
        kind: 'automation',
        templateCode: batch.templateCode,
        signName: batch.signName,
        orders: batch.tids.map((tid) => ({ tid })),
        perOrder: true,
        meta: { automation: batch.kind, batch: String(batch.batchId) },
      });
    },
    async start(campaignId) {
      if (sending.mustGet(campaignId).state !== 'draft') return;
      try {
        await sending.start(campaignId);
      } catch (error) {
        // The send check refused the whole batch (every order without OAID, all buyers opted out …): the campaign is
        // cancelled so it settles; its rows keep each order's reason, shown in the decision log.
        if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error;
        sending.cancel(campaignId);
      }
    },
    settled(campaignId) {
      const c = sending.store.campaign(campaignId);
      return !c || (SETTLED_STATES.has(c.state) && (sending.store.chunkStateCounts(campaignId).unknown ?? 0) === 0);
    },
  };
}

/** The ledger's outcome of one order of an automation campaign (accepted, rejected, unconfirmed, skipped …). */
export function ledgerSendStatus(sending: SendingModule): (campaignId: number, tid: string) => string | undefined {
  return (campaignId, tid) => sending.orderOutcomes(campaignId).find((o) => o.tid === tid)?.status;
}

/**
 * The re-check right before a send: 催付 asks trade.fullinfo.get now (the answer updates the local order, so a payment
 * it reveals closes the item in the same transaction); the other kinds take a cached OAID. An order the platform
 * cannot reach by OAID is 'no-oaid'; anything else (network, code 11 …) is thrown and the item waits.
 */
export function orderRecheck(orders: OrdersModule): OrderRecheck {
  return async (tid, live) => {
    try {
      await orders.oaidFor(tid, { fresh: live });
      return 'ok';
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return 'no-oaid';
      const sub = error instanceof AppError ? String((error.detail as { sub_code?: string } | undefined)?.sub_code ?? '') : '';
      if (/oaid-field-miss|trade-not-exist/.test(sub)) return 'no-oaid';
      throw error;
    }
  };
}

/** Buyers on the do-not-send list (by buyer_open_uid) for this kind of message. */
export function buyerOptedOut(suppression: SuppressionStore): (uid: string, marketing: boolean) => boolean {
  return (uid, marketing) => suppression.filterSuppressedBuyers([uid], marketing ? 'marketing' : 'service').size > 0;
}
