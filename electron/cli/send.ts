import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ORDER_FIELDS, type OrderField } from '../../shared/orders/fields';
import { AppError } from '../../shared/errors';
import type { RecipientMapping } from '../../shared/recipients/contract';
import { splitPastedNumbers } from '../../shared/sending/phone';
import { parseBeijingDateTime } from '../../shared/time/beijing';
import { extractVariables } from '../../shared/sms';
import type { Core } from '../core/app-core';
import type { AnySource } from '../core/recipients/source';
import { approvedTemplateByCode } from '../core/sending/drafts';
import { leasedMessage } from '../core/sending/engine';
import { campaignJson, exitCodeFor, humanCounts, writeCheckItems } from './campaign-view';
import { withCliCore } from './core';
import type { CliCommand, CliIo } from './io';
import { parseOrUsage, writeJson } from './options';
import { parseSendArgs, type SendArgs } from './send-args';
import { testGate } from './test-gate';

const USAGE = `Usage:
  jst-sms send --template <code> --sign <name> (--file <path> | --numbers <list>) [--phone-column <header>]
               [--var <name>=<column>]... [--const <name>=<value>]... [--name <campaign name>]
               [--at "YYYY-MM-DD HH:mm"] [--dry-run] [--yes] [--json]
  jst-sms send --orders <tid,tid,…> | --orders-file <file> --template <code> --sign <name> [--per-order]
               [--var <name>=<orderField>]... [--name <campaign name>] [--dry-run | --yes] [--json]
  jst-sms send --resume <id> [--resend-unconfirmed] [--json]
  jst-sms send --segment <id> [--control-percent P] --template <code> --sign <name> … (jst-sms send --segment --help)

Prepares a campaign with the same core and ledger as the app (same profile), shows the pre-send summary and sends.
--at is Beijing time. --dry-run stops after the check. Without --yes the send is not started.
--resume continues an unfinished campaign (after a crash, unknown chunks are reconciled first);
--resend-unconfirmed then sends the 未确认 numbers again as new chunks.
--orders sends to the buyers of these orders by OAID (one SMS per buyer, their most recent order; --per-order: one per
order); order numbers are separated by commas, spaces or new lines. Orders not yet synced are read from the platform.
--var maps a template variable to an order field (${ORDER_FIELDS.join(', ')}); a variable named like a field needs none.
--json prints one final object {"id","name","state","reason"?,"counts":{…}} (order sends add counts.orders/buyers/noOaid).
Exit: 0 final state (or dry run), 3 paused / waiting for a decision, 1 error, 2 usage.
`;

export const run: CliCommand = async (args, io) => {
  // A send to a saved audience has its own flags (electron/cli/send-segment.ts).
  if (args.some((arg) => arg === '--segment' || arg.startsWith('--segment='))) return (await import('./send-segment')).runSegmentSend(args, io);
  if (args[0] === '--help' || args[0] === '-h' || args.length === 0) {
    io.stdout.write(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const parsed = parseOrUsage(io, USAGE, () => parseSendArgs(args));
  if (parsed === 2) return parsed;
  return parsed.resume !== undefined ? resume(parsed, io) : sendNew(parsed, io);
};

function finish(core: Core, id: number, args: SendArgs, io: CliIo): number {
  const c = core.services.sending.mustGet(id);
  const j = campaignJson(core.services.sending, c);
  if (args.json) writeJson(io, j);
  else io.stdout.write(`#${j.id} ${j.name}：${c.state}${c.reason ? `（${c.reason}）` : ''}\n${humanCounts(j)}\n`);
  if (c.reasonCode && c.state !== 'completed') io.stderr.write(`[send] ${c.reasonCode}: ${c.reason}\n`);
  return exitCodeFor(c);
}

/**
 * Runs until nothing more happens by itself. Ctrl+C / SIGTERM pauses and stops within seconds: calls in flight get
 * STOP_GRACE_MS to answer, unknown chunks are left for the next --resume.
 */
async function sendUntilSettled(core: Core, id: number, io: CliIo, json: boolean) {
  const { engine } = core.services.sending;
  let signalled = false;
  const onSignal = () => {
    if (signalled) return;
    signalled = true;
    io.stderr.write(`[send] 正在停止：已暂停，结果未知的批次留待下次 --resume ${id} 核对…\n`);
    engine.pause(id);
    void engine.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const off = json
    ? () => undefined
    : core.events.subscribe((name, payload) => {
        if (name !== 'campaigns.progress') return;
        const p = payload as { progress: { total: number; done: number; etaSeconds: number | null } };
        io.stderr.write(`[send] ${p.progress.done}/${p.progress.total}${p.progress.etaSeconds ? `，约 ${p.progress.etaSeconds} 秒` : ''}\n`);
      });
  try {
    await engine.settled(id);
  } finally {
    off();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Order numbers as written (never through a number): commas, spaces, semicolons or new lines between them. */
export function splitOrderNumbers(text: string): string[] {
  const tids = text.split(/[\s,，;；]+/).filter(Boolean);
  const bad = tids.find((t) => !/^\d{1,24}$/.test(t));
  if (bad !== undefined) throw new AppError('BAD_REQUEST', `订单号只能是数字：${bad.slice(0, 40)}`);
  if (tids.length === 0) throw new AppError('BAD_REQUEST', '没有订单号。');
  return tids;
}

async function importOrderNumbers(core: Core, id: number, args: SendArgs, io: CliIo) {
  const { sending, orders } = core.services;
  const text = args.ordersFile !== undefined ? await readFile(resolve(args.ordersFile), 'utf8') : args.orders!;
  const tids = splitOrderNumbers(text);
  // Orders not synced yet are read from the platform (trade.fullinfo.get); one that cannot be stays 本地没有这个订单.
  for (const tid of new Set(tids)) {
    if (orders.store.get(tid)) continue;
    try {
      await orders.detail(tid);
    } catch (error) {
      io.stderr.write(`[订单] ${tid}：${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  sending.importOrders(id, { tids, perOrder: args.perOrder, vars: args.vars as Record<string, OrderField> });
}

async function sendNew(args: SendArgs, io: CliIo): Promise<number> {
  return withCliCore(io, { verbose: args.verbose, sendHooks: testGate(io)?.send }, async (core) => {
    const { sending, suppression, top } = core.services;
    const byOrders = args.orders !== undefined || args.ordersFile !== undefined;
    // Loaded here only: --resume (crash recovery) starts faster without the file parsers.
    const [{ importRecipients }, { inspectSource }] = await Promise.all([import('../core/recipients/import'), import('../core/recipients/inspect')]);
    const template = await approvedTemplateByCode(core.ctx, () => top.client(), args.template!);
    const draft = sending.create(args.name);
    const id = draft.id;
    // This process sends this campaign only; others in the profile belong to the app (or another run).
    sending.engine.limitTo(id);
    if (byOrders) {
      sending.update({
        id,
        templateId: template.id,
        signName: args.sign!,
        ...(args.at ? { scheduledAt: new Date(parseBeijingDateTime(args.at)!).toISOString() } : {}),
      });
      await importOrderNumbers(core, id, args, io);
      return checkAndSend(core, id, args, io);
    }
    // --numbers is a list of numbers (any of the paste box's separators): one per line for the importer.
    const source: AnySource = args.file ? { kind: 'file', path: resolve(args.file) } : { kind: 'paste', text: splitPastedNumbers(args.numbers!).join('\n') };
    const names = extractVariables(template.content);
    const inspection = await inspectSource(core.ctx, source, { templateVariables: names });
    const columnOf = (spec: string): number => {
      const byHeader = inspection.columns.find((c) => c.header === spec);
      if (byHeader) return byHeader.index;
      if (/^\d+$/.test(spec) && Number(spec) >= 1) return Number(spec) - 1;
      throw new AppError('BAD_REQUEST', `找不到列“${spec}”。可用的列：${inspection.columns.map((c) => c.header).join('、')}`);
    };
    if (inspection.encodingWarning) io.stderr.write(`[检查] 提醒：${inspection.encodingWarning.message}\n`);
    const phoneColumn = args.phoneColumn ? columnOf(args.phoneColumn) : inspection.phoneColumn;
    if (phoneColumn === null) throw new AppError('BAD_REQUEST', '找不到手机号列，请用 --phone-column 指定。');
    const variableColumns: Record<string, number> = { ...inspection.suggestedVariables };
    for (const [name, column] of Object.entries(args.vars)) variableColumns[name] = columnOf(column);
    const mapping: RecipientMapping = { hasHeader: inspection.hasHeader, phoneColumn, variableColumns };
    // Ctrl+C / SIGTERM while importing ends the import as cancelled (rows removed, the draft says why) before exiting.
    const importing = new AbortController();
    const abortImport = () => importing.abort();
    process.on('SIGINT', abortImport);
    process.on('SIGTERM', abortImport);
    try {
      await importRecipients(core.ctx, suppression, { campaignId: id, source, mapping, signal: importing.signal });
    } catch (error) {
      if (!importing.signal.aborted) throw error;
      io.stderr.write(`[send] 导入已取消，没有发送（草稿 #${id} 没有号码）。\n`);
      if (args.json) writeJson(io, { ...campaignJson(sending, sending.mustGet(id)), error: { code: 'CANCELLED', message: '导入已取消。' } });
      return 1;
    } finally {
      process.off('SIGINT', abortImport);
      process.off('SIGTERM', abortImport);
    }
    sending.update({
      id,
      templateId: template.id,
      signName: args.sign!,
      constants: args.consts,
      ...(args.at ? { scheduledAt: new Date(parseBeijingDateTime(args.at)!).toISOString() } : {}),
    });
    return checkAndSend(core, id, args, io);
  });
}

/** 检查 (printed), then a dry run stops, no --yes saves the draft, --yes sends until settled. */
async function checkAndSend(core: Core, id: number, args: SendArgs, io: CliIo): Promise<number> {
  const { sending } = core.services;
  const check = await sending.check(id);
  writeCheckItems(io, check);
  if (check.orders)
    io.stderr.write(
      `[检查] 订单 ${check.orders.orders} 笔，买家 ${check.orders.buyers} 位；没有 OAID ${check.orders.noOaid}，缺少变量 ${check.orders.missingVariables}，同一买家合并 ${check.orders.sameBuyer}\n`,
    );
  io.stderr.write(
    `[检查] 将发送 ${check.finalRecipients} ${check.orders ? '笔订单' : '个号码'}，计费 ${check.segments.total} 条（每条 ${check.segments.min === check.segments.max ? check.segments.min : `${check.segments.min}–${check.segments.max}`} 段）\n`,
  );
  if (!check.ready) {
    if (args.json)
      writeJson(io, {
        ...campaignJson(sending, sending.mustGet(id)),
        error: { code: 'CHECK_FAILED', message: check.items.find((i) => i.severity === 'error')!.message },
      });
    return 1;
  }
  if (args.dryRun) return finish(core, id, args, io);
  if (!args.yes) {
    io.stderr.write(`[send] 未发送：确认无误后加 --yes 发送（草稿 #${id} 已保存，可用 --resume ${id} 继续）。\n`);
    if (args.json) writeJson(io, campaignJson(sending, sending.mustGet(id)));
    return 3;
  }
  sending.startBackground();
  await sending.start(id);
  await sendUntilSettled(core, id, io, args.json);
  return finish(core, id, args, io);
}

async function resume(args: SendArgs, io: CliIo): Promise<number> {
  const id = args.resume!;
  return withCliCore(io, { verbose: args.verbose, sendHooks: testGate(io)?.send }, async (core) => {
    const { sending } = core.services;
    // Only this campaign: the others in the profile belong to the app (or another run).
    sending.engine.limitTo(id);
    const c = sending.mustGet(id);
    const lease = sending.engine.leasedElsewhere(id);
    if (lease) {
      io.stderr.write(`[send] ${leasedMessage(lease)}\n`);
      if (args.json) writeJson(io, { ...campaignJson(sending, c), error: { code: 'CONFLICT', message: leasedMessage(lease) } });
      return 1;
    }
    // Start-up recovery first: in_flight → unknown, then reconciliation as soon as it is due.
    sending.startBackground();
    if (c.state === 'draft') await sending.start(id);
    else if (c.state === 'paused' && c.reasonCode !== 'unconfirmed') sending.resume(id);
    await sendUntilSettled(core, id, io, args.json);
    if (args.resendUnconfirmed) {
      const now = sending.mustGet(id);
      if (!sending.engine.isStopping && sending.store.counts(id).unconfirmed > 0 && now.state !== 'cancelled') {
        sending.resendUnconfirmed(id);
        await sendUntilSettled(core, id, io, args.json);
      }
    }
    return finish(core, id, args, io);
  });
}
