import type { ThreadSummary } from '../../shared/inbox/contract';
import { previewText } from '../../shared/inbox/text';
import { shownRecipient } from '../../shared/orders/fields';
import { SUPPRESSION_REASON_LABEL } from '../core/suppression/store';
import { withCliCore } from './core';
import { formatBeijing } from '../../shared/time/beijing';
import type { CliCommand } from './io';

const USAGE = `Usage: jst-sms inbox [--json] [--unread]

Lists the inbox threads of the profile (JST_SMS_PROFILE), newest first: number, unread replies, last message.

  --json     one JSON array on stdout: [{"phone","unread","lastAt","lastKind","lastText","replies","sent","blocked","likelyOptOut"}, …]
  --unread   only threads with unread replies
`;

const PAGE = 500;

function beijing(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : formatBeijing(t);
}

export const run: CliCommand = async (args, io) => {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const unknown = args.filter((a) => a !== '--json' && a !== '--unread');
  if (unknown.length) {
    io.stderr.write(`Unknown option: ${unknown.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  const json = args.includes('--json');
  return withCliCore(io, {}, async ({ services: { inbox } }) => {
    const threads: ThreadSummary[] = [];
    for (let page = 1; ; page++) {
      // threads() first indexes what the ledger sent since the app last ran.
      const result = inbox.threads({ filter: args.includes('--unread') ? 'unread' : 'all', page, pageSize: PAGE });
      threads.push(...result.items);
      if (threads.length >= result.total || result.items.length === 0) break;
    }
    if (json) {
      // The documented fields only (listReason is the app's; blocked says the same for scripts).
      const rows = threads.map(({ phone, unread, lastAt, lastKind, lastText, replies, sent, blocked, likelyOptOut }) => ({
        phone,
        unread,
        lastAt,
        lastKind,
        lastText,
        replies,
        sent,
        blocked,
        likelyOptOut,
      }));
      io.stdout.write(JSON.stringify(rows) + '\n');
      return 0;
    }
    if (!threads.length) {
      io.stdout.write('（没有会话）\n');
      return 0;
    }
    io.stdout.write(`号码         未读  最后消息时间（北京）  最后消息\n`);
    for (const t of threads) {
      const flags = `${t.listReason ? `[${SUPPRESSION_REASON_LABEL[t.listReason]}]` : ''}${t.likelyOptOut ? '[疑似退订]' : ''}`;
      // Reply text is untrusted: controls removed so it cannot drive the terminal.
      io.stdout.write(
        `${shownRecipient(t.phone).padEnd(12)} ${String(t.unread).padStart(4)}  ${beijing(t.lastAt).padEnd(20)}  ${flags}${t.lastKind === 'sent' ? '发出：' : ''}${previewText(t.lastText, 60)}\n`,
      );
    }
    const unread = inbox.unread();
    io.stdout.write(`\n共 ${threads.length} 个会话，${unread.total} 条未读回复。\n`);
    return 0;
  });
};
