import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';
import { OrderReplyLinker } from '../../../electron/core/inbox/order-links';
import { allocateOrderExtendCodes } from '../../../electron/core/sending/extend-codes';
import type { SmsReply } from '../../../shared/messages/contract';

const T0 = Date.parse('2026-12-01T02:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function setup() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS);
  const campaign = (sign: string) =>
    Number(
      db
        .prepare("INSERT INTO campaigns (shop_id, name, kind, state, sign_name, created_at, updated_at) VALUES (1, 'c', 'campaign', 'completed', ?, 'x', 'x')")
        .run(sign).lastInsertRowid,
    );
  let rowNo = 0;
  const orderRow = (campaignId: number, tid: string, buyer: string, extend: string | null, at: number) =>
    db
      .prepare(
        "INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, raw, phone, status, tid, buyer_open_uid, extend_num, submitted_at) VALUES (1, ?, ?, ?, ?, 'accepted', ?, ?, ?, ?)",
      )
      .run(campaignId, ++rowNo, tid, `tid:${tid}`, tid, buyer, extend, iso(at));
  const phoneRow = (campaignId: number, phone: string, at: number) =>
    db
      .prepare("INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, raw, phone, status, submitted_at) VALUES (1, ?, ?, ?, ?, 'accepted', ?)")
      .run(campaignId, ++rowNo, phone, phone, iso(at));
  return { db, campaign, orderRow, phoneRow, linker: new OrderReplyLinker(db, 1) };
}

const reply = (over: Partial<SmsReply>): SmsReply => ({
  id: 1,
  smsSeq: '1',
  phone: '13900000000',
  content: 'TD',
  destCode: '',
  signName: '小店',
  senderTime: '',
  repliedAt: iso(T0 + 3_600_000),
  messageId: 'm',
  receivedAt: iso(T0 + 3_600_000),
  ...over,
});

describe('OrderReplyLinker', () => {
  it('a code names its order row; the same code reused inside the window is ambiguous; an old use no longer counts', () => {
    const { campaign, orderRow, linker } = setup();
    const c = campaign('小店');
    orderRow(c, '1001', 'uidA', '000001', T0);
    expect(linker.link(reply({ destCode: '000001' }))).toMatchObject({ method: 'code', tid: '1001', buyerOpenUid: 'uidA' });
    orderRow(c, '1002', 'uidB', '000001', T0 - 1000);
    expect(linker.link(reply({ destCode: '000001' }))).toMatchObject({ method: 'none', tid: null });
    // 40 days later the old rows are outside the code's window: a new row with that code is the only candidate.
    orderRow(c, '1003', 'uidC', '000001', T0 + 40 * 86_400_000);
    expect(linker.link(reply({ destCode: '000001', repliedAt: iso(T0 + 40 * 86_400_000 + 60_000) }))).toMatchObject({ method: 'code', tid: '1003' });
  });

  it('without a code: the only OAID recipient of that signature in 24 h, else unlinked; a number we sent to is its own', () => {
    const { campaign, orderRow, phoneRow, linker } = setup();
    const c = campaign('小店');
    const other = campaign('别的店');
    orderRow(c, '2001', 'uidA', '000010', T0);
    orderRow(other, '2002', 'uidB', '000011', T0);
    expect(linker.link(reply({ destCode: '1001' }))).toMatchObject({ method: 'time', tid: '2001', buyerOpenUid: 'uidA' });
    orderRow(c, '2003', 'uidC', '000012', T0);
    expect(linker.link(reply({}))).toMatchObject({ method: 'none', note: expect.stringContaining('2 位买家') });
    // A reply two days later: no OAID send of the last 24 h could be the one answered.
    expect(linker.link(reply({ repliedAt: iso(T0 + 2 * 86_400_000) }))).toBeNull();
    phoneRow(c, '13900000000', T0);
    expect(linker.link(reply({}))).toBeNull();
  });

  it('codes come from one counter per shop, fixed width, wrapping after a million', () => {
    const { db } = setup();
    expect(allocateOrderExtendCodes(db, 1, 3)).toEqual(['000000', '000001', '000002']);
    expect(allocateOrderExtendCodes(db, 1, 0)).toEqual([]);
    db.prepare('UPDATE order_extend_seq SET next = 999999').run();
    expect(allocateOrderExtendCodes(db, 1, 2)).toEqual(['999999', '000000']);
  });
});
