// Reply notification rules shared by the Electron shell (main) and the browser host's Web Notifications.
import type { DailyWindow } from '../settings/schema';
import { isInsideWindow } from '../time/beijing';
import { previewText } from './text';

export type PhoneMask = 'none' | 'middle' | 'all';

export function maskPhone(phone: string, mask: PhoneMask): string {
  if (mask === 'none') return phone;
  if (mask === 'all') return '';
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone.replace(/./g, '*');
}

/** Inside a 勿扰 window in Beijing time, whatever the PC's zone; end before start wraps past midnight; start = end is empty. */
export function inDailyWindow(window: DailyWindow | null, at: Date): boolean {
  if (!window || window.start === window.end) return false;
  return isInsideWindow(window, at.getTime());
}

export interface NotifiedReply {
  phone: string;
  content: string;
}

/**
 * Title and body of the one notification slot: one reply, or a grouped burst titled with the live unread count
 * ("12 条未读回复"; never fewer than the burst itself, which the count may not include yet).
 */
export function replyNotification(
  replies: readonly NotifiedReply[],
  mask: PhoneMask,
  unread = 0,
): { title: string; body: string; phone: string | null; count: number } {
  const last = replies[replies.length - 1];
  if (!last) return { title: '', body: '', phone: null, count: 0 };
  const phones = new Set(replies.map((r) => r.phone));
  const onePhone = phones.size === 1 ? last.phone : null;
  if (replies.length === 1) {
    const shown = maskPhone(last.phone, mask);
    return { title: shown ? `买家回复 ${shown}` : '买家回复', body: previewText(last.content) || '（空内容）', phone: last.phone, count: 1 };
  }
  const from = onePhone ? maskPhone(onePhone, mask) : '';
  const body = onePhone ? `${from ? `${from}：` : ''}${previewText(last.content, 80)}` : `来自 ${phones.size} 个号码，最新：${previewText(last.content, 60)}`;
  const count = Math.max(unread, replies.length);
  return { title: `${count} 条未读回复`, body, phone: onePhone, count };
}
