import type { Notification as ElectronNotification } from 'electron';
import type { SmsReply } from '../../shared/messages/contract';
import { inDailyWindow, replyNotification, type PhoneMask } from '../../shared/inbox/notify';
import type { DailyWindow } from '../../shared/settings/schema';

type NotificationCtor = { new (options: { title: string; body: string; silent?: boolean }): ElectronNotification; isSupported(): boolean };

/** Some Linux notification daemons render markup in the body: show it as text. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

export interface ReplyNotifierSettings {
  enabled: boolean;
  mask: PhoneMask;
  doNotDisturb: DailyWindow | null;
}

export interface ReplyNotifierOptions {
  Notification: NotificationCtor;
  settings(): ReplyNotifierSettings;
  /** The seller is looking at the window: the in-page notice is enough. */
  isFocused(): boolean;
  /** Clicked: focus the window and open this thread (null = the inbox). */
  onOpen(phone: string | null): void;
  platform: NodeJS.Platform;
  /** One notification slot, updated at most this often (fast create/destroy leaves ghosts). */
  debounceMs?: number;
  /** Quiet this long and the next reply starts a new group. */
  burstResetMs?: number;
  now?: () => number;
}

export interface ReplyNotifier {
  /** Returns whether the reply is (or will be) in the notification slot. */
  add(reply: Pick<SmsReply, 'phone' | 'content'>): boolean;
  /** The live unread total: a grouped slot follows it (updated quietly), and goes away at 0. */
  setUnread(total: number): void;
  /** Replies were read: the slot goes away and the next reply starts a new group. */
  clear(): void;
  dispose(): void;
}

/**
 * One notification slot (Signal's pattern): the first reply of a burst shows at once; more replies within the
 * debounce update the slot to "N 条未读回复", N following the live unread count. Nothing while the window is focused
 * or inside 勿扰. A click or reading everything closes the slot.
 */
export function createReplyNotifier(options: ReplyNotifierOptions): ReplyNotifier {
  const debounceMs = options.debounceMs ?? 1_000;
  const burstResetMs = options.burstResetMs ?? 60_000;
  const now = options.now ?? Date.now;
  let slot: ElectronNotification | null = null;
  let burst: Array<{ phone: string; content: string }> = [];
  let lastShownAt = Number.NEGATIVE_INFINITY;
  let lastReplyAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | null = null;
  let unread = 0;
  /** The count the open slot shows (0 = no slot or a single reply). */
  let shownCount = 0;
  /** A slot re-shown only because the count changed stays silent. */
  let quiet = false;

  const closeSlot = () => {
    const old = slot;
    slot = null;
    try {
      old?.close();
    } catch {
      // already gone
    }
  };
  const show = () => {
    timer = null;
    if (!burst.length) return;
    const { mask, enabled } = options.settings();
    if (!enabled) {
      burst = []; // turned off while the group was waiting
      return;
    }
    const content = replyNotification(burst, mask, unread);
    closeSlot();
    const body = options.platform === 'linux' ? escapeMarkup(content.body) : content.body;
    const notification = new options.Notification({ title: content.title, body, ...(quiet ? { silent: true } : {}) });
    quiet = false;
    notification.on('click', () => {
      burst = [];
      shownCount = 0;
      if (slot === notification) closeSlot();
      options.onOpen(content.phone);
    });
    notification.show();
    slot = notification;
    shownCount = burst.length > 1 ? content.count : 0;
    lastShownAt = now();
  };

  return {
    add(reply) {
      const settings = options.settings();
      if (!settings.enabled || !options.Notification.isSupported()) return false;
      const at = now();
      if (inDailyWindow(settings.doNotDisturb, new Date(at)) || options.isFocused()) return false;
      if (at - lastReplyAt > burstResetMs) burst = [];
      lastReplyAt = at;
      burst.push({ phone: reply.phone, content: reply.content });
      if (timer) return true;
      const wait = lastShownAt + debounceMs - at;
      if (wait <= 0) show();
      else timer = setTimeout(show, wait);
      return true;
    },
    setUnread(total) {
      unread = total;
      if (total === 0) return this.clear();
      if (!slot || !shownCount || shownCount === Math.max(total, burst.length) || timer) return;
      quiet = true;
      const wait = lastShownAt + debounceMs - now();
      if (wait <= 0) show();
      else timer = setTimeout(show, wait);
    },
    clear() {
      if (timer) clearTimeout(timer);
      timer = null;
      burst = [];
      shownCount = 0;
      closeSlot();
    },
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
