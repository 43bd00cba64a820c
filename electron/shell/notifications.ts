import type { Notification as ElectronNotification } from 'electron';
import type { ReplyReceivedEvent } from '../../shared/contract';

type NotificationCtor = { new (options: { title: string; body: string; silent?: boolean }): ElectronNotification; isSupported(): boolean };

/** Reply text comes from any phone: plain text only, control characters removed, length capped. */
export function replyNotificationText({ reply }: ReplyReceivedEvent): { title: string; body: string } {
  const phone = reply.phone.length >= 7 ? `${reply.phone.slice(0, 3)}****${reply.phone.slice(-4)}` : reply.phone;
  // eslint-disable-next-line no-control-regex
  const clean = reply.content.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ').trim();
  const body = [...clean].length > 120 ? `${[...clean].slice(0, 120).join('')}…` : clean;
  return { title: `买家回复 ${phone}`, body: body || '（空内容）' };
}

export function showReplyNotification(Notification: NotificationCtor, event: ReplyReceivedEvent, onClick: () => void): boolean {
  if (!Notification.isSupported()) return false;
  const notification = new Notification({ ...replyNotificationText(event) });
  notification.on('click', onClick);
  notification.show();
  return true;
}
