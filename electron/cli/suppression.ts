import { resolve } from 'node:path';
import { SUPPRESSION_REASON_LABEL, SUPPRESSION_SOURCE_LABEL } from '../core/suppression/store';
import { splitPastedNumbers } from '../../shared/sending/phone';
import type { SuppressionEntry } from '../../shared/suppression/contract';
import { beijingText } from '../../shared/time/beijing';
import { importBlacklist } from '../core/suppression/import';
import { withCliCore } from './core';
import type { CliCommand } from './io';

const USAGE = `Usage: jst-sms suppression <list|add|remove|import> …

The shop's do-not-send list (免打扰名单), in the profile database. Every send re-checks it before each call.
Reasons: 退订 (the buyer opted out: no marketing; notices still go out) and 拉黑 (the seller's block: nothing is sent).
Numbers added here are 拉黑.

  suppression list [--json]                 every entry, newest first (--json: one JSON array)
  suppression add <number>... [--note <text>] [--json]
                                            add numbers (any format: +86 138…, 138-0013-8000 …)
  suppression remove <number>... [--json]   remove numbers
  suppression import <file> [--json]       a blacklist file (CSV/TXT/XLSX, read like a recipient file: header and
                                            phone column detected); prints added / already listed / invalid

add/remove/import print a JSON result object with --json, a one-line summary otherwise.
Exit 0 on success; 1 when no number was valid (add, import) or none was on the list (remove); 2 on usage errors.
`;

export const run: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout.write(USAGE);
    return sub ? 0 : 2;
  }
  const json = rest.includes('--json');
  const positional: string[] = [];
  let note: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--json') continue;
    if (arg === '--note' && sub === 'add') {
      note = rest[++i];
      if (note === undefined) return usageError(io, 'Missing value for --note');
    } else if (arg.startsWith('--')) return usageError(io, `Unknown option: ${arg}`);
    else positional.push(arg);
  }
  if (!['list', 'add', 'remove', 'import'].includes(sub)) return usageError(io, `Unknown subcommand: ${sub}`);
  if (sub === 'list' && positional.length) return usageError(io, `Unexpected argument: ${positional[0]}`);
  if (sub === 'import' && positional.length !== 1) return usageError(io, 'suppression import needs exactly one file');
  if (sub !== 'list' && !positional.length) return usageError(io, `suppression ${sub} needs at least one number`);

  return withCliCore(io, {}, async ({ ctx, services: { suppression: store } }) => {
    if (sub === 'import') {
      const result = await importBlacklist(ctx, store, { source: { kind: 'file', path: resolve(positional[0]!) } });
      if (json) io.stdout.write(JSON.stringify(result) + '\n');
      else
        io.stdout.write(
          `已导入 ${result.rows} 行：新增 ${result.added} 个，${result.already} 个已在名单中（或文件内重复），${result.invalid} 个无效${result.invalidSamples.length ? `：${result.invalidSamples.join('、')}` : ''}。\n`,
        );
      return result.added + result.already > 0 ? 0 : 1;
    }
    if (sub === 'list') {
      const entries: SuppressionEntry[] = [];
      for (let page = 1; ; page++) {
        const result = store.list({ page, pageSize: 500 });
        entries.push(...result.items);
        if (entries.length >= result.total || !result.items.length) break;
      }
      if (json) io.stdout.write(JSON.stringify(entries) + '\n');
      else if (!entries.length) io.stdout.write('名单为空。\n');
      else
        for (const e of entries)
          io.stdout.write(
            `${e.phone}  ${SUPPRESSION_REASON_LABEL[e.reason]}  ${SUPPRESSION_SOURCE_LABEL[e.source]}  ${beijingText(e.createdAt)}${e.note ? `  ${e.note}` : ''}\n`,
          );
      return 0;
    }
    const numbers = splitPastedNumbers(positional.join('\n'));
    if (sub === 'add') {
      const result = store.add(numbers, { reason: 'block', source: 'manual', note });
      if (json) io.stdout.write(JSON.stringify(result) + '\n');
      else
        io.stdout.write(
          `已加入 ${result.added} 个号码，${result.already} 个已在名单中${result.invalid.length ? `，${result.invalid.length} 个无效：${result.invalid.join('、')}` : ''}。\n`,
        );
      return result.added + result.already > 0 ? 0 : 1;
    }
    const result = store.remove(numbers);
    if (json) io.stdout.write(JSON.stringify(result) + '\n');
    else io.stdout.write(result.removed ? `已移除 ${result.removed} 个号码。\n` : '名单中没有这些号码。\n');
    return result.removed > 0 ? 0 : 1;
  });
};

function usageError(io: Parameters<CliCommand>[1], message: string): number {
  io.stderr.write(`${message}\n\n${USAGE}`);
  return 2;
}
