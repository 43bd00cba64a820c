import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/app-core';
import { exportRecipientRows, importRecipients, recoverInterruptedImports } from '../../../electron/core/recipients';
import type { ImportProgress } from '../../../shared/recipients/contract';
import { UPLOAD_CHUNK_BYTES } from '../../../shared/uploads/contract';
import { testCore } from '../../helpers/profile';
import { call, callError } from '../templates/helpers';
import { buildXlsx, encode } from '../../unit/recipients/fixtures';

// A real core on a temp profile: upload in chunks → inspect → import → rows, counts, events; re-import; failures.

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup() {
  const t = await testCore();
  cleanups.push(t.cleanup);
  const events: Array<{ name: string; payload: unknown; at: number }> = [];
  t.core.events.subscribe((name, payload) => events.push({ name, payload, at: Date.now() }));
  return { core: t.core, events };
}

function createDraft(core: Core, name = '双十二老客回访'): number {
  const now = new Date().toISOString();
  return Number(core.ctx.db.prepare('INSERT INTO campaigns (shop_id, name, created_at, updated_at) VALUES (1, ?, ?, ?)').run(name, now, now).lastInsertRowid);
}

async function upload(core: Core, name: string, bytes: Uint8Array, chunk = 64 * 1024): Promise<string> {
  const { uploadId } = await call(core, 'uploads.begin', { name, size: bytes.length });
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    const data = Buffer.from(bytes.subarray(offset, offset + chunk)).toString('base64');
    expect(await call(core, 'uploads.append', { uploadId, offset, data })).toEqual({ received: Math.min(bytes.length, offset + chunk) });
  }
  await call(core, 'uploads.finish', { uploadId });
  return uploadId;
}

/** 10,000 rows: every 10th repeats an earlier number, every 13th is broken, 40 numbers are on the suppression list. */
function corpus() {
  const lines = ['手机号,name,金额,备注'];
  const expected = { rows: 0, valid: 0, duplicate: 0, invalid: 0, suppressed: 0 };
  const suppressed = new Set<string>();
  for (let i = 0; i < 40; i++) suppressed.add(String(13900000000 + i * 7));
  const seen = new Set<string>();
  for (let row = 1; row <= 10_000; row++) {
    let phone: string;
    if (row % 13 === 0) phone = row % 2 ? '010-8888' + String(row).padStart(4, '0') : `1380000${row}x`;
    else if (row % 10 === 0)
      phone = String(13900000000 + ((row * 31) % 200)); // repeats
    else phone = String(13900000000 + row);
    const shown = row % 3 === 0 ? `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone;
    lines.push(`${shown},客户${row},${row}.5,"备注,${row}"`);
    expected.rows++;
    if (row % 13 === 0) expected.invalid++;
    else if (seen.has(phone)) expected.duplicate++;
    else {
      seen.add(phone);
      if (suppressed.has(phone)) expected.suppressed++;
      else expected.valid++;
    }
  }
  return { text: lines.join('\r\n') + '\r\n', expected, suppressed: [...suppressed] };
}

describe('recipient import on a real core', () => {
  it('uploads in chunks, inspects, imports 10k rows with exact counts, stores every row, emits progress', async () => {
    const { core, events } = await setup();
    const id = createDraft(core);
    const { text, expected, suppressed } = corpus();
    expect(await call(core, 'suppression.add', { text: suppressed.join('\n'), reason: 'block' })).toMatchObject({ added: 40 });
    const bytes = encode(text, 'gbk');
    const uploadId = await upload(core, '老客名单.csv', bytes);

    const info = await call(core, 'recipients.inspect', { source: { kind: 'upload', uploadId }, templateVariables: ['name', 'amount'] });
    expect(info).toMatchObject({ format: 'csv', encoding: 'gb18030', hasHeader: true, phoneColumn: 0, suggestedVariables: { name: 1 } });
    expect(info.columns.map((c) => c.header)).toEqual(['手机号', 'name', '金额', '备注']);
    expect(info.rowsEstimate).toBeGreaterThan(9_000);
    expect(info.rowsEstimate).toBeLessThan(11_000);

    const summary = await importRecipients(core.ctx, core.services.suppression, {
      campaignId: id,
      source: { kind: 'upload', uploadId },
      mapping: { hasHeader: true, phoneColumn: 0, variableColumns: { name: 1, amount: 2 } },
    });
    expect(summary).toEqual(expected);

    const db = core.ctx.db;
    const byStatus = Object.fromEntries(
      (
        db.prepare('SELECT status, COUNT(*) AS n FROM campaign_recipients WHERE campaign_id = ? GROUP BY status').all(id) as { status: string; n: number }[]
      ).map((r) => [r.status, r.n]),
    );
    expect(byStatus).toEqual({ valid: expected.valid, duplicate: expected.duplicate, invalid: expected.invalid, suppressed: expected.suppressed });
    const row = (rowNo: number) =>
      db.prepare('SELECT row_no, phone, raw, status, reason, vars FROM campaign_recipients WHERE campaign_id = ? AND row_no = ?').get(id, rowNo) as Record<
        string,
        unknown
      >;
    expect(row(3)).toEqual({
      row_no: 3,
      phone: '13900000003',
      raw: '+86 139 0000 0003',
      status: 'valid',
      reason: '',
      vars: JSON.stringify({ name: '客户3', amount: '3.5' }),
    });
    expect(row(13)).toMatchObject({ phone: '', raw: '010-88880013', status: 'invalid', reason: expect.stringMatching(/固定电话/) });
    expect(row(26)).toMatchObject({ phone: '', raw: '138000026x', status: 'invalid', reason: expect.stringMatching(/字母/) });
    const dup = db
      .prepare("SELECT row_no, phone, reason FROM campaign_recipients WHERE campaign_id = ? AND status = 'duplicate' ORDER BY row_no LIMIT 1")
      .get(id) as { row_no: number; phone: string; reason: string };
    const first = db
      .prepare("SELECT MIN(row_no) AS r FROM campaign_recipients WHERE campaign_id = ? AND phone = ? AND status <> 'duplicate'")
      .get(id, dup.phone) as { r: number };
    expect(dup.reason).toBe(`与第 ${first.r} 行重复`);
    const sup = db.prepare("SELECT reason FROM campaign_recipients WHERE campaign_id = ? AND status = 'suppressed' LIMIT 1").get(id) as { reason: string };
    expect(sup.reason).toMatch(/^在免打扰名单中：拉黑/);

    const campaign = db.prepare('SELECT rows_total, import_state, import_error, source, mapping FROM campaigns WHERE id = ?').get(id) as Record<
      string,
      string | number
    >;
    expect(campaign).toMatchObject({ rows_total: 10_000, import_state: 'done', import_error: '' });
    expect(JSON.parse(String(campaign.source))).toEqual({ format: 'csv', fileName: '老客名单.csv', sheet: null, encoding: 'gb18030' });
    expect(JSON.parse(String(campaign.mapping))).toEqual({ hasHeader: true, phoneColumn: 0, variableColumns: { name: 1, amount: 2 } });

    const progress = events.filter((e) => e.name === 'campaigns.importProgress').map((e) => e.payload as ImportProgress);
    expect(progress[0]).toMatchObject({ campaignId: id, state: 'running' });
    expect(progress.at(-1)).toMatchObject({ campaignId: id, state: 'done', processedRows: 10_000, bytesRead: bytes.length, totalBytes: bytes.length });
    const span = Math.max(1, (events.at(-1)!.at - events[0]!.at) / 1000);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(span * 5) + 4);
    expect(events.filter((e) => e.name === 'campaigns.changed').map((e) => e.payload)).toContainEqual({ id, state: 'draft' });

    // Downloads of what was dropped.
    const file = exportRecipientRows(core.ctx, id, ['invalid', 'duplicate']);
    const lines = Buffer.from(file.data, 'base64').toString('utf8').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('\uFEFF行号,原始内容,手机号,状态,原因,name,amount');
    expect(lines).toHaveLength(1 + expected.invalid + expected.duplicate);
    expect(lines).toContain(`26,138000026x,,无效,含有文字或字母，不是手机号码,客户26,26.5`);

    // Re-import replaces every row.
    const again = await importRecipients(core.ctx, core.services.suppression, {
      campaignId: id,
      source: { kind: 'paste', text: '13800138000\n13800138000\n13900139000, abc' },
      mapping: { hasHeader: false, phoneColumn: 0, variableColumns: {} },
    });
    expect(again).toEqual({ rows: 4, valid: 2, duplicate: 1, invalid: 1, suppressed: 0 });
    expect((db.prepare('SELECT COUNT(*) AS n FROM campaign_recipients WHERE campaign_id = ?').get(id) as { n: number }).n).toBe(4);
    expect(JSON.parse(String((db.prepare('SELECT source FROM campaigns WHERE id = ?').get(id) as { source: string }).source))).toMatchObject({
      format: 'paste',
      fileName: null,
    });
  });

  it("stores each row's variables as JSON of the named columns, in object key order, with awkward names and values", async () => {
    const { core } = await setup();
    const id = createDraft(core);
    // Tab-separated paste: number, then cells with quotes, backslashes, a newline escape, padding and an empty one.
    const text = ['13800138000\t张"三\t\\路\t 7 ', '13900139000\t\t😀\t'].join('\n');
    const variableColumns = JSON.parse('{"name":1,"2":2,"__proto__":3,"missing":9}') as Record<string, number>;
    await importRecipients(core.ctx, core.services.suppression, {
      campaignId: id,
      source: { kind: 'paste', text },
      mapping: { hasHeader: false, phoneColumn: 0, variableColumns },
    });
    const stored = (core.ctx.db.prepare('SELECT vars FROM campaign_recipients WHERE campaign_id = ? ORDER BY row_no').all(id) as { vars: string }[]).map(
      (r) => r.vars,
    );
    expect(stored).toEqual([
      JSON.stringify(JSON.parse('{"2":"\\\\路","name":"张\\"三","__proto__":"7","missing":""}')),
      '{"2":"😀","name":"","__proto__":"","missing":""}',
    ]);
    expect(Object.keys(JSON.parse(stored[0]!) as object)).toEqual(['2', 'name', '__proto__', 'missing']);
  });

  it('imports the chosen sheet of an XLSX upload', async () => {
    const { core } = await setup();
    const id = createDraft(core);
    const wb = buildXlsx([
      { name: '说明', rows: [['本表仅供参考']] },
      {
        name: '客户',
        rows: [
          ['手机', '姓名'],
          [{ n: '1.3800138E10' }, '张三'],
          ['139-0013-9000', { inline: '李四' }],
          [null, '王五'],
        ],
        merges: [],
      },
    ]);
    const uploadId = await upload(core, '客户.xlsx', wb);
    const info = await call(core, 'recipients.inspect', { source: { kind: 'upload', uploadId, sheet: '客户' } });
    expect(info).toMatchObject({ format: 'xlsx', sheets: ['说明', '客户'], sheet: '客户', hasHeader: true, phoneColumn: 0 });
    const summary = await importRecipients(core.ctx, core.services.suppression, {
      campaignId: id,
      source: { kind: 'upload', uploadId, sheet: '客户' },
      mapping: { hasHeader: true, phoneColumn: 0, variableColumns: { name: 1 } },
    });
    expect(summary).toEqual({ rows: 3, valid: 2, duplicate: 0, invalid: 1, suppressed: 0 });
    const rows = core.ctx.db.prepare('SELECT row_no, phone, status, vars FROM campaign_recipients WHERE campaign_id = ? ORDER BY row_no').all(id);
    expect(rows).toEqual([
      { row_no: 1, phone: '13800138000', status: 'valid', vars: '{"name":"张三"}' },
      { row_no: 2, phone: '13900139000', status: 'valid', vars: '{"name":"李四"}' },
      { row_no: 3, phone: '', status: 'invalid', vars: '{"name":"王五"}' },
    ]);
  });

  it('a failed import leaves a Chinese import_error and no rows; the old list is gone, not half-replaced', async () => {
    const { core, events } = await setup();
    const id = createDraft(core);
    await importRecipients(core.ctx, core.services.suppression, {
      campaignId: id,
      source: { kind: 'paste', text: '13800138000' },
      mapping: { hasHeader: false, phoneColumn: 0, variableColumns: {} },
    });
    // Valid rows first, then a broken quote at the end: the rows already written must not survive.
    const text = Array.from({ length: 30_000 }, (_, i) => String(13800000000 + i)).join('\n') + '\n"13900139000,unterminated';
    const uploadId = await upload(core, 'broken.csv', Buffer.from(text), UPLOAD_CHUNK_BYTES);
    const error = await importRecipients(core.ctx, core.services.suppression, {
      campaignId: id,
      source: { kind: 'upload', uploadId },
      mapping: { hasHeader: false, phoneColumn: 0, variableColumns: {} },
    }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/引号没有闭合/) });
    const campaign = core.ctx.db.prepare('SELECT rows_total, import_state, import_error FROM campaigns WHERE id = ?').get(id);
    expect(campaign).toEqual({ rows_total: 0, import_state: 'failed', import_error: expect.stringMatching(/^导入失败：第 30001 行的引号没有闭合/) });
    expect((core.ctx.db.prepare('SELECT COUNT(*) AS n FROM campaign_recipients WHERE campaign_id = ?').get(id) as { n: number }).n).toBe(0);
    expect(events.map((e) => e.payload).filter((p) => (p as ImportProgress).state === 'failed')).toEqual([
      expect.objectContaining({ campaignId: id, error: expect.stringMatching(/引号/) }),
    ]);
  });

  it('refuses non-drafts, unknown campaigns, header-only files, and can be cancelled', async () => {
    const { core } = await setup();
    const mapping = { hasHeader: false, phoneColumn: 0, variableColumns: {} };
    const sent = createDraft(core);
    core.ctx.db.prepare("UPDATE campaigns SET state = 'sending' WHERE id = ?").run(sent);
    await expect(
      importRecipients(core.ctx, core.services.suppression, { campaignId: sent, source: { kind: 'paste', text: '13800138000' }, mapping }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      importRecipients(core.ctx, core.services.suppression, { campaignId: 999, source: { kind: 'paste', text: '13800138000' }, mapping }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const id = createDraft(core);
    await expect(
      importRecipients(core.ctx, core.services.suppression, {
        campaignId: id,
        source: { kind: 'paste', text: '手机号' },
        mapping: { ...mapping, hasHeader: true },
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/只有表头/) });

    const controller = new AbortController();
    const uploadId = await upload(
      core,
      'many.csv',
      Buffer.from(Array.from({ length: 200_000 }, (_, i) => String(13800000000 + i)).join('\n')),
      UPLOAD_CHUNK_BYTES,
    );
    const unsubscribe = core.events.subscribe((name, payload) => {
      if (name === 'campaigns.importProgress' && (payload as ImportProgress).processedRows > 0) controller.abort();
    });
    const error = await importRecipients(core.ctx, core.services.suppression, {
      campaignId: id,
      source: { kind: 'upload', uploadId },
      mapping,
      signal: controller.signal,
    }).catch((e: Error) => e);
    unsubscribe();
    expect(error).toMatchObject({ code: 'CONFLICT', message: '导入已取消。' });
    expect(core.ctx.db.prepare('SELECT import_state, rows_total FROM campaigns WHERE id = ?').get(id)).toEqual({ import_state: 'cancelled', rows_total: 0 });
    expect((core.ctx.db.prepare('SELECT COUNT(*) AS n FROM campaign_recipients WHERE campaign_id = ?').get(id) as { n: number }).n).toBe(0);
  });

  it('cleans up an import a crash left running, and leaves one that is still alive', async () => {
    const { core } = await setup();
    const db = core.ctx.db;
    const stale = createDraft(core);
    const alive = createDraft(core);
    const old = new Date(Date.now() - 5 * 60_000).toISOString();
    db.prepare("UPDATE campaigns SET import_state = 'running', updated_at = ? WHERE id = ?").run(old, stale);
    db.prepare("UPDATE campaigns SET import_state = 'running', updated_at = ? WHERE id = ?").run(new Date().toISOString(), alive);
    const insert = db.prepare("INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status) VALUES (1, ?, ?, '13800138000', 'valid')");
    for (let i = 1; i <= 12_000; i++) insert.run(stale, i);
    insert.run(alive, 1);
    expect(await recoverInterruptedImports(core.ctx, core.ctx.clock.now())).toEqual([stale]);
    expect(db.prepare('SELECT import_state, import_error, rows_total FROM campaigns WHERE id = ?').get(stale)).toEqual({
      import_state: 'failed',
      import_error: expect.stringMatching(/导入被中断/),
      rows_total: 0,
    });
    expect(db.prepare('SELECT campaign_id, COUNT(*) AS n FROM campaign_recipients GROUP BY campaign_id').all()).toEqual([{ campaign_id: alive, n: 1 }]);
    expect((db.prepare('SELECT import_state FROM campaigns WHERE id = ?').get(alive) as { import_state: string }).import_state).toBe('running');
  });

  it('ends an import whose process is gone as failed at once, with a message saying so; the check and start tell the truth', async () => {
    const { core } = await setup();
    const db = core.ctx.db;
    const dead = createDraft(core);
    const living = createDraft(core);
    const fresh = new Date(core.ctx.clock.now()).toISOString();
    // Both touched a moment ago (the 1-minute rule does not apply): one by a killed CLI, one by a CLI still importing.
    db.prepare("UPDATE campaigns SET import_state = 'running', import_pid = 999991, updated_at = ? WHERE id = ?").run(fresh, dead);
    // The living importer: a process that surely exists (our parent), so the check's real liveness test keeps it too.
    db.prepare("UPDATE campaigns SET import_state = 'running', import_pid = ?, updated_at = ? WHERE id = ?").run(process.ppid, fresh, living);
    db.prepare("INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status) VALUES (1, ?, 1, '13800138000', 'valid')").run(dead);
    const processAlive = (pid: number) => pid === process.ppid;
    expect(await recoverInterruptedImports(core.ctx, core.ctx.clock.now(), { processAlive })).toEqual([dead]);
    expect(db.prepare('SELECT import_state, import_pid, import_error FROM campaigns WHERE id = ?').get(dead)).toEqual({
      import_state: 'failed',
      import_pid: null,
      import_error: expect.stringMatching(/^导入被中断：.*号码没有导入。$/),
    });
    expect(db.prepare('SELECT COUNT(*) FROM campaign_recipients WHERE campaign_id = ?').pluck().get(dead)).toBe(0);
    expect(db.prepare('SELECT import_state FROM campaigns WHERE id = ?').pluck().get(living)).toBe('running');

    // The check names the unfinished import first (not "请选择已通过的模板"), and start refuses with it.
    const check = await call(core, 'campaigns.check', { id: dead });
    expect(check.ready).toBe(false);
    expect(check.items[0]).toMatchObject({ severity: 'error', code: 'import-unfinished', message: expect.stringMatching(/^导入被中断：.*请重新导入号码。$/) });
    expect(await callError(core, 'campaigns.start', { id: dead, confirm: true })).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^发送前检查未通过：导入被中断/),
    });
    // The living one still says it is importing.
    expect((await call(core, 'campaigns.check', { id: living })).items[0]).toMatchObject({ code: 'import-running' });
  });

  it('a real import records its process and clears it when done', async () => {
    const { core } = await setup();
    const id = createDraft(core);
    const pids: unknown[] = [];
    const unsubscribe = core.events.subscribe((name) => {
      if (name === 'campaigns.importProgress') pids.push(core.ctx.db.prepare('SELECT import_pid FROM campaigns WHERE id = ?').pluck().get(id));
    });
    await importRecipients(core.ctx, core.services.suppression, {
      campaignId: id,
      source: { kind: 'paste', text: '13800138000\n13900139000' },
      mapping: { hasHeader: false, phoneColumn: 0, variableColumns: {} },
    });
    unsubscribe();
    expect(pids[0]).toBe(process.pid);
    expect(core.ctx.db.prepare('SELECT import_state, import_pid FROM campaigns WHERE id = ?').get(id)).toEqual({ import_state: 'done', import_pid: null });
  });

  it('serves the suppression list and uploads through the contract', async () => {
    const { core, events } = await setup();
    expect(await call(core, 'suppression.add', { text: '138 0013 8000，13900139000、abc', reason: 'block', note: '电话投诉' })).toEqual({
      added: 2,
      already: 0,
      invalid: ['abc'],
    });
    const page = await call(core, 'suppression.list', { search: '138', page: 1, pageSize: 50 });
    expect(page).toMatchObject({ total: 1, items: [{ phone: '13800138000', source: 'manual', note: '电话投诉', replyId: null }] });
    expect(await call(core, 'suppression.remove', { phones: ['13800138000'], confirm: true })).toEqual({ removed: 1 });
    const file = await call(core, 'suppression.export', {});
    expect(Buffer.from(file.data, 'base64').toString('utf8')).toContain('13900139000,拉黑,手动添加,电话投诉,');
    expect(events.filter((e) => e.name === 'suppression.changed')).toHaveLength(2);
    expect((await callError(core, 'uploads.append', { uploadId: 'u' + 'a'.repeat(24), offset: 0, data: '' })).code).toBe('NOT_FOUND');
    expect((await callError(core, 'recipients.inspect', { source: { kind: 'upload', uploadId: 'missing' } })).message).toMatch(/找不到上传的文件/);
    // A reason is required: 退订 or 拉黑, nothing else.
    expect((await callError(core, 'suppression.add', { text: '13700137000' })).code).toBe('BAD_REQUEST');
    expect((await callError(core, 'suppression.add', { text: '13700137000', reason: 'maybe' })).code).toBe('BAD_REQUEST');
  });

  it('退订的号码也不发通知短信: off by default, switched through the contract, and the list follows it at once', async () => {
    const { core } = await setup();
    expect(await call(core, 'suppression.policy', {})).toEqual({ optOutBlocksAll: false });
    core.services.suppression.add(['13800138000'], { reason: 'optout', source: 'reply' });
    expect(core.services.suppression.filterSuppressed(['13800138000'], 'service').size).toBe(0);
    expect(await call(core, 'suppression.setPolicy', { optOutBlocksAll: true })).toEqual({ optOutBlocksAll: true });
    expect(core.ctx.settings.get().sending.optOutBlocksAll).toBe(true);
    expect(core.services.suppression.filterSuppressed(['13800138000'], 'service').size).toBe(1);
    expect((await callError(core, 'suppression.setPolicy', { optOutBlocksAll: 'yes' })).code).toBe('BAD_REQUEST');
  });
});
