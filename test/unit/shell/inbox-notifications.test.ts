import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL } from '../../../shared/contract';
import { parseBeijingDateTime } from '../../../shared/time/beijing';
import { openNodeSettingsStore } from '../../../electron/core/settings';
import { startElectronApp, type ElectronShell } from '../../../electron/shell/app';
import { createReplyNotifier } from '../../../electron/shell/notifications';
import { createElectronDouble } from '../../helpers/electron-double';
import { tempDir } from '../../helpers/profile';
import { type SmsReply } from '../../../shared/messages/contract';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const rendererDir = join(t.dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>x</title>');
  const double = createElectronDouble({ userData: join(t.dir, 'userData') });
  const shell = (await startElectronApp({
    electron: double.electron,
    createSettingsStore: (dir) => openNodeSettingsStore(dir),
    rendererDir,
    preloadPath: '/app/out/preload/index.cjs',
    trayIconPath: '/app/resources/tray.png',
    env: {},
    platform: 'linux',
  })) as ElectronShell;
  cleanups.push(() => shell.core.close());
  return { double, shell };
}

let seq = 0;
function reply(phone: string, content: string): SmsReply {
  seq++;
  return {
    id: seq,
    smsSeq: String(seq),
    phone,
    content,
    destCode: '',
    signName: '店',
    senderTime: '',
    repliedAt: null,
    messageId: `m${seq}`,
    receivedAt: new Date().toISOString(),
  };
}

describe('reply notifications from main (grouping, click routing, badge)', () => {
  it('groups a burst into one slot ("N 条未读回复"), debounced, and a click opens the thread', async () => {
    const { double, shell } = await start();
    vi.useFakeTimers();
    double.windows[0]!.hide(); // closed to the tray
    for (let i = 0; i < 12; i++) shell.core.events.emit('reply.received', { reply: reply('13812345678', `第 ${i} 条`), notify: true });
    expect(double.notifications).toHaveLength(1); // the first shows at once
    expect(double.notifications[0]!.title).toBe('买家回复 138****5678');
    vi.advanceTimersByTime(1_000);
    expect(double.notifications).toHaveLength(2);
    const grouped = double.notifications[1]!;
    expect(grouped.title).toBe('12 条未读回复');
    expect(double.notifications[0]!.closed()).toBe(true); // one slot: the old one is replaced
    grouped.click();
    expect(double.windows[0]!.visible).toBe(true);
    expect(double.windows[0]!.webContents.sent).toContainEqual([IPC_EVENT_CHANNEL, 'inbox.openThread', { phone: '13812345678' }]);
  });

  it('a burst from several numbers opens the inbox; nothing while the window is focused', async () => {
    const { double, shell } = await start();
    vi.useFakeTimers();
    double.windows[0]!.hide();
    shell.core.events.emit('reply.received', { reply: reply('13800000001', 'a'), notify: true });
    shell.core.events.emit('reply.received', { reply: reply('13800000002', 'b'), notify: true });
    vi.advanceTimersByTime(1_000);
    const grouped = double.notifications.at(-1)!;
    expect(grouped.title).toBe('2 条未读回复');
    expect(grouped.body).toContain('来自 2 个号码');
    grouped.click();
    expect(double.windows[0]!.webContents.sent).toContainEqual([IPC_EVENT_CHANNEL, 'inbox.openThread', { phone: null }]);
    const before = double.notifications.length;
    vi.advanceTimersByTime(120_000);
    double.windows[0]!.show();
    double.windows[0]!.focus();
    shell.core.events.emit('reply.received', { reply: reply('13800000003', 'c'), notify: true });
    vi.advanceTimersByTime(2_000);
    expect(double.notifications).toHaveLength(before);
  });

  it('masks the phone per setting and keeps quiet inside 勿扰 (Beijing time)', async () => {
    const { double, shell } = await start();
    vi.useFakeTimers({ now: parseBeijingDateTime('2026-12-01 12:00')! });
    double.windows[0]!.hide();
    const settings = shell.core.ctx.settings;
    settings.update('inbox', { ...settings.get().inbox, notificationPhoneMask: 'all' });
    shell.core.events.emit('reply.received', { reply: reply('13812345678', '你好'), notify: true });
    expect(double.notifications.at(-1)!.title).toBe('买家回复');
    expect(double.notifications.at(-1)!.body).not.toContain('1381');

    const count = double.notifications.length;
    settings.update('inbox', { ...settings.get().inbox, doNotDisturb: { start: '00:00', end: '23:59' } });
    vi.advanceTimersByTime(1_100); // past the debounce: only 勿扰 can keep it quiet
    shell.core.events.emit('reply.received', { reply: reply('13812345678', '晚上好'), notify: true });
    expect(double.notifications).toHaveLength(count);
  });

  it('the grouped slot follows the live unread count, closes when everything is read, and a click closes it', async () => {
    const { double, shell } = await start();
    vi.useFakeTimers();
    double.windows[0]!.hide();
    const emitUnread = (total: number) => shell.core.events.emit('inbox.unread', { total, threads: 1 });
    for (let i = 0; i < 3; i++) shell.core.events.emit('reply.received', { reply: reply('13800000001', `r${i}`), notify: true });
    emitUnread(289);
    vi.advanceTimersByTime(1_000);
    expect(double.notifications.at(-1)!.title).toBe('289 条未读回复');
    emitUnread(662); // more replies were stored while the window was focused elsewhere: the count follows
    vi.advanceTimersByTime(1_000);
    const followed = double.notifications.at(-1)!;
    expect(followed.title).toBe('662 条未读回复');
    expect(double.notifications.filter((n) => !n.closed())).toHaveLength(1);
    emitUnread(0);
    expect(followed.closed()).toBe(true);

    shell.core.events.emit('reply.received', { reply: reply('13800000002', 'again'), notify: true });
    vi.advanceTimersByTime(1_000);
    const single = double.notifications.at(-1)!;
    expect(single.closed()).toBe(false);
    single.click();
    expect(single.closed()).toBe(true);
  });

  it('a reply the core marks notify: false (its number is 拉黑, or it is the opt-out itself) shows nothing', async () => {
    const { double, shell } = await start();
    double.windows[0]!.hide();
    shell.core.events.emit('reply.received', { reply: reply('13800000009', '退订'), notify: false });
    expect(double.notifications).toHaveLength(0);
  });

  it('shows the unread count on the tray tooltip and the badge', async () => {
    const { double, shell } = await start();
    await new Promise((r) => setTimeout(r, 10));
    expect(double.calls).toContain('tray.tooltip:聚石塔短信助手');
    expect(double.calls).toContain('app.badge:0');
    shell.core.events.emit('inbox.unread', { total: 5, threads: 2 });
    expect(double.calls).toContain('tray.tooltip:聚石塔短信助手 — 5 条未读回复');
    expect(double.calls).toContain('app.badge:5');
  });

  it('the notifier alone: escapes markup on Linux, clears its slot when replies are read', () => {
    const shown: Array<{ title: string; body: string; closed: boolean; close(): void; on(e: string, f: () => void): void; show(): void }> = [];
    class FakeNotification {
      static isSupported = () => true;
      closed = false;
      constructor(public options: { title: string; body: string }) {}
      on() {}
      show() {
        shown.push(Object.assign(this, this.options));
      }
      close() {
        this.closed = true;
      }
    }
    const notifier = createReplyNotifier({
      Notification: FakeNotification as never,
      platform: 'linux',
      settings: () => ({ enabled: true, mask: 'middle', doNotDisturb: null }),
      isFocused: () => false,
      onOpen: () => undefined,
    });
    notifier.add({ phone: '13812345678', content: '<b>hi</b>\u202e\u0007' });
    expect(shown[0]!.body).toBe('&lt;b&gt;hi&lt;/b&gt;');
    notifier.clear();
    expect(shown[0]!.closed).toBe(true);
    notifier.dispose();
  });
});
