import type { CampaignState } from '../../shared/sending/contract';
import { campaignJson, humanCounts, withDeliveryCounts } from './campaign-view';
import { withCliCore } from './core';
import type { CliCommand, CliIo } from './io';

const LIST_USAGE = 'Usage: jst-sms campaigns [--json]\n\nLists campaigns (id, name, state, counts), newest first.\n';
const SHOW_USAGE = 'Usage: jst-sms campaign <id> [--json] [--numbers]\n\nOne campaign; --numbers adds every number with its state, biz_id and reason.\n';

const STATE_LABEL: Record<CampaignState, string> = {
  draft: '草稿',
  scheduled: '已排期',
  sending: '发送中',
  paused: '已暂停',
  completed: '已完成',
  cancelled: '已取消',
  missed: '已错过',
};
const PAGE = 500;

function flags(args: string[], allowed: string[], usage: string, io: CliIo): Set<string> | null {
  const set = new Set(args);
  const unknown = [...set].filter((a) => !allowed.includes(a));
  if (unknown.length) {
    io.stderr.write(`Unknown option: ${unknown.join(' ')}\n\n${usage}`);
    return null;
  }
  return set;
}

/** jst-sms campaigns */
export const runList: CliCommand = async (args, io) => {
  if (args[0] === '--help' || args[0] === '-h') {
    io.stdout.write(LIST_USAGE);
    return 0;
  }
  const f = flags(args, ['--json'], LIST_USAGE, io);
  if (!f) return 2;
  return withCliCore(io, {}, async ({ services: { sending } }) => {
    const rows = sending.store.campaigns().map((c) => campaignJson(sending, c));
    if (f.has('--json')) io.stdout.write(JSON.stringify(rows) + '\n');
    else if (!rows.length) io.stdout.write('还没有发送任务。\n');
    else for (const j of rows) io.stdout.write(`#${j.id}\t${STATE_LABEL[j.state]}\t${j.name}\t${humanCounts(j)}\n`);
    return 0;
  });
};

/** jst-sms campaign <id> */
export const runShow: CliCommand = async (args, io) => {
  const [idText, ...rest] = args;
  if (!idText || idText === '--help' || idText === '-h') {
    io.stdout.write(SHOW_USAGE);
    return idText ? 0 : 2;
  }
  if (!/^[1-9]\d{0,15}$/.test(idText)) {
    io.stderr.write(`Not a campaign id: ${idText}\n\n${SHOW_USAGE}`);
    return 2;
  }
  const f = flags(rest, ['--json', '--numbers'], SHOW_USAGE, io);
  if (!f) return 2;
  return withCliCore(io, {}, async ({ services: { sending, history } }) => {
    const id = Number(idText);
    const c = sending.mustGet(id);
    const j = withDeliveryCounts(history, campaignJson(sending, c));
    const numbers = [];
    if (f.has('--numbers')) {
      for (let page = 1; ; page++) {
        const { items } = sending.store.recipientsPage(id, undefined, undefined, page, PAGE);
        numbers.push(
          ...items.map((r) => ({
            row: r.rowNo,
            phone: r.phone || r.raw,
            status: r.status,
            bizId: r.bizId,
            subCode: r.subCode,
            reason: r.reason,
            report: r.delivery,
            errCode: r.errCode || null,
          })),
        );
        if (items.length < PAGE) break;
      }
    }
    if (f.has('--json')) io.stdout.write(JSON.stringify(f.has('--numbers') ? { ...j, numbers } : j) + '\n');
    else {
      io.stdout.write(`#${j.id} ${j.name}：${STATE_LABEL[c.state]}${c.reason ? `（${c.reason}）` : ''}\n${humanCounts(j)}\n`);
      io.stdout.write(`回执：已送达 ${j.counts.delivered}，失败 ${j.counts.failed}，等待回执 ${j.counts.pending}，未知 ${j.counts.unknown}\n`);
      for (const n of numbers) io.stdout.write(`${n.row}\t${n.phone}\t${n.status}\t${n.bizId ?? ''}\t${n.reason}\t${n.report ?? ''}\t${n.errCode ?? ''}\n`);
    }
    return 0;
  });
};
