// One 送达率 everywhere a seller reads it: delivered ÷ (delivered + failed). Numbers still waiting for a report are
// not counted either way, so a campaign with only pending numbers has no rate yet ("—"), not 0 %.

/** Delivery of a submitted number: pending → delivered | failed | unknown (no final state in time: 未知). */
export const DELIVERY_STATES = ['pending', 'delivered', 'failed', 'unknown'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** A campaign's numbers by delivery state (the same figures 发送记录 shows). */
export interface DeliveryCounts {
  /** Accepted by the platform (biz_id known). */
  sent: number;
  delivered: number;
  failed: number;
  pending: number;
  unknown: number;
}

export function deliveryRate(counts: { delivered: number; failed: number }): number | null {
  const decided = counts.delivered + counts.failed;
  return decided > 0 ? counts.delivered / decided : null;
}
