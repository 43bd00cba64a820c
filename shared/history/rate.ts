// One 送达率 everywhere a seller reads it: delivered ÷ (delivered + failed). Numbers still waiting for a report are
// not counted either way, so a campaign with only pending numbers has no rate yet ("—"), not 0 %.

export function deliveryRate(counts: { delivered: number; failed: number }): number | null {
  const decided = counts.delivered + counts.failed;
  return decided > 0 ? counts.delivered / decided : null;
}
