import { explainErrCode } from '../../shared/history/report-codes';
import { withCliCore } from './core';
import type { CliCommand } from './io';

const USAGE = `Usage: jst-sms reconcile [<campaign id>] [--json]

Checks every submitted number that still waits for its delivery report with num.query now (ignores
history.reportTimeoutMinutes), at low priority on the shared rate limit, and prints what changed.
Numbers past history.unknownAfterHours without a final state become 未知.

  --json   one final object: {"checked", "changed": [{campaignId, phone, from, to, errCode}], "stillPending",
           "becameUnknown", "errors", "problem"?}
Exit 0 when the run finished (even if numbers are still pending), 1 when TOP could not be used.
`;

export const run: CliCommand = async (args, io) => {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const json = args.includes('--json');
  const rest = args.filter((a) => a !== '--json');
  if (rest.length > 1 || (rest[0] !== undefined && !/^[1-9]\d{0,15}$/.test(rest[0]))) {
    io.stderr.write(`Unexpected argument: ${rest.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  const campaignId = rest[0] ? Number(rest[0]) : undefined;
  return withCliCore(io, {}, async ({ services: { sending, history } }) => {
    if (campaignId !== undefined && !sending.store.campaign(campaignId)) {
      io.stderr.write(JSON.stringify({ error: { code: 'NOT_FOUND', message: `找不到发送任务 #${campaignId}。` } }) + '\n');
      return 1;
    }
    const result = await history.reconciler.run({ campaignId, now: true });
    if (json) io.stdout.write(JSON.stringify(result) + '\n');
    else {
      if (result.problem) io.stderr.write(`${result.problem}\n`);
      for (const c of result.changed) {
        const why = c.errCode
          ? ` ${c.errCode}${explainErrCode(c.errCode).meaning ? `（可能原因：${explainErrCode(c.errCode).meaning}）` : '（未收录代码）'}`
          : '';
        io.stdout.write(`#${c.campaignId}\t${c.phone}\t${c.from} → ${c.to}${why}\n`);
      }
      io.stdout.write(
        `核对 ${result.checked} 个号码，变化 ${result.changed.length}，转为未知 ${result.becameUnknown}，仍在等待 ${result.stillPending}，失败 ${result.errors}\n`,
      );
    }
    return result.problem ? 1 : 0;
  });
};
