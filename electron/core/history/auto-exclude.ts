import { tidOfRecipientKey } from '../../../shared/orders/fields';
import type { Statement } from 'better-sqlite3';
import type { DeliveryReport } from '../../../shared/messages/contract';
import { doNotResendReason, type DoNotResendReason } from '../../../shared/history/report-codes';
import type { HistorySettings } from '../../../shared/settings/schema';
import { storedText } from '../../../shared/stored-text';
import type { Db } from '../db/database';
import type { SuppressionStore } from '../suppression/store';

/**
 * Automatic exclusion: a number whose failed reports say 空号 or blacklist (doNotResendReason, one rule for both) at least
 * N times (settings.history.autoExclude; counted once per send, by biz_id) goes on the do-not-send list with source
 * 'report' and the reason as its note. Runs in the consumed batch's transaction, after the batch's reports are stored.
 */
export class AutoExcluder {
  private readonly failedCodes: Statement;

  constructor(
    private readonly db: Db,
    private readonly suppression: Pick<SuppressionStore, 'addReportExclusions'>,
  ) {
    this.failedCodes = db.prepare(
      `SELECT phone, biz_id, err_code FROM delivery_reports WHERE shop_id = ? AND phone IN (SELECT value FROM json_each(?)) AND state = '2' AND err_code <> ''`,
    );
  }

  /** Returns the numbers added to the list. */
  apply(shopId: number, reports: readonly DeliveryReport[], settings: HistorySettings['autoExclude']): string[] {
    const threshold = (reason: DoNotResendReason) => (reason === 'blocked' ? settings.blockedAfter : settings.noSuchNumberAfter);
    const phones = new Set<string>();
    for (const r of reports) {
      const reason = r.state === '2' ? doNotResendReason(r.errCode) : null;
      // An OAID send's report names an order, not a number: there is no number to put on the list.
      if (reason && threshold(reason) > 0 && r.phone && tidOfRecipientKey(r.phone) === null) phones.add(r.phone);
    }
    if (!phones.size) return [];
    // Distinct sends per (number, reason): a report delivered twice (another rept_time) counts once.
    const sends = new Map<string, { phone: string; reason: DoNotResendReason; bizIds: Set<string>; code: string }>();
    for (const row of this.failedCodes.all(shopId, JSON.stringify([...phones])) as Array<{ phone: string; biz_id: string; err_code: string }>) {
      const reason = doNotResendReason(row.err_code);
      if (!reason) continue;
      const key = `${row.phone}\u0000${reason}`;
      let entry = sends.get(key);
      if (!entry) sends.set(key, (entry = { phone: row.phone, reason, bizIds: new Set(), code: row.err_code }));
      entry.bizIds.add(row.biz_id);
    }
    const exclusions: Array<{ phone: string; note: string }> = [];
    for (const s of sends.values()) {
      const n = threshold(s.reason);
      if (n > 0 && s.bizIds.size >= n) exclusions.push({ phone: s.phone, note: storedText.reportExclusion(s.reason, s.code) });
    }
    return exclusions.length ? this.suppression.addReportExclusions(exclusions) : [];
  }
}
