import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MqParsingSchema } from '../../../shared/settings/schema';
import { openDatabase, type Db } from '../../../electron/core/db/database';
import { MessageStore, type ConsumedMessage } from '../../../electron/core/mq/store';

const parsing = MqParsingSchema.parse({});
const report = (over: Record<string, string> = {}) =>
  JSON.stringify({
    biz_id: '1^1',
    state: '1',
    err_code: 'DELIVRD',
    receiver: '13800000000',
    send_time: '2024-05-01 10:00:00',
    rept_time: '2024-05-01 10:00:05',
    extend: '',
    ...over,
  });
const reply = (over: Record<string, string> = {}) =>
  JSON.stringify({ sender: '13800000000', content: 'TD', dest_code: '01', sender_time: '2024-05-01 12:00:00', sign_name: '店', sms_seq: '77', ...over });
let seq = 0;
const msg = (body: string, over: Partial<ConsumedMessage> = {}): ConsumedMessage => ({
  messageId: `M${++seq}`,
  topic: 'jst',
  tag: '',
  body,
  publishTime: 1,
  consumedTimes: 1,
  ...over,
});

let db: Db;
let store: MessageStore;
beforeEach(() => {
  db = openDatabase(':memory:');
  store = new MessageStore(db, 1);
});
afterEach(() => db.close());

describe('MessageStore.persistBatch', () => {
  it('stores reports, replies and quarantined messages and returns them with ids', () => {
    const out = store.persistBatch([msg(report()), msg(reply()), msg('garbage', { tag: 'x' })], parsing);
    expect(out.map((o) => [o.kind, o.duplicate, o.stored?.id])).toEqual([
      ['report', null, 1],
      ['reply', null, 1],
      ['quarantined', null, 1],
    ]);
    expect(out[0]).toMatchObject({ stored: { bizId: '1^1', phone: '13800000000', success: true, reportedAt: '2024-05-01T02:00:05.000Z' } });
    expect(db.prepare('SELECT kind, outcome FROM mq_messages ORDER BY message_id').all()).toEqual([
      { kind: 'report', outcome: 'stored' },
      { kind: 'reply', outcome: 'stored' },
      { kind: 'quarantined', outcome: 'quarantined' },
    ]);
    expect(store.listQuarantine({ page: 1, pageSize: 10 }).items[0]).toMatchObject({
      body: 'garbage',
      tag: 'x',
      topic: 'jst',
      reason: expect.stringContaining('JSON'),
    });
  });

  it('changes nothing for a redelivered MessageId', () => {
    const first = msg(report());
    store.persistBatch([first, msg('bad')], parsing);
    const again = store.persistBatch([{ ...first, consumedTimes: 2 }], parsing);
    expect(again[0]).toMatchObject({ kind: 'report', duplicate: 'messageId', stored: null });
    expect(db.prepare('SELECT COUNT(*) FROM delivery_reports').pluck().get()).toBe(1);
    expect(db.prepare('SELECT COUNT(*) FROM mq_messages').pluck().get()).toBe(2);
  });

  it('stores a business duplicate under a new MessageId only as a duplicate', () => {
    store.persistBatch([msg(report()), msg(reply())], parsing);
    const out = store.persistBatch(
      [msg(report({ err_code: 'DELIVRD ' })), msg(reply({ content: 'changed' })), msg(report({ state: '2', err_code: 'MK:1' }))],
      parsing,
    );
    expect(out.map((o) => o.duplicate)).toEqual(['businessKey', 'businessKey', null]);
    expect(db.prepare('SELECT COUNT(*) FROM delivery_reports').pluck().get()).toBe(2);
    expect(db.prepare('SELECT COUNT(*) FROM replies').pluck().get()).toBe(1);
    expect(db.prepare("SELECT COUNT(*) FROM mq_messages WHERE outcome = 'duplicate'").pluck().get()).toBe(2);
  });

  it('deduplicates within one batch and rolls the whole batch back on failure', () => {
    const out = store.persistBatch([msg(reply()), msg(reply())], parsing);
    expect(out.map((o) => o.duplicate)).toEqual([null, 'businessKey']);
    db.exec("CREATE TRIGGER boom BEFORE INSERT ON replies WHEN NEW.sms_seq = 'boom' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect(() => store.persistBatch([msg(report({ biz_id: '9^9' })), msg(reply({ sms_seq: 'boom' }))], parsing)).toThrow('disk full');
    expect(db.prepare("SELECT COUNT(*) FROM delivery_reports WHERE biz_id = '9^9'").pluck().get()).toBe(0);
  });

  it('keeps data per shop', () => {
    db.prepare("INSERT INTO shops (id, name, created_at) VALUES (2, 'b', 'now')").run();
    const other = new MessageStore(db, 2);
    const shared = msg(reply());
    store.persistBatch([shared], parsing);
    expect(other.persistBatch([shared], parsing)[0]!.duplicate).toBeNull();
    expect(other.listReplies({ page: 1, pageSize: 10 }).total).toBe(1);
  });
});

describe('MessageStore lists', () => {
  it('pages newest first and filters', () => {
    const batch = Array.from({ length: 5 }, (_, i) => msg(report({ biz_id: `B${i % 2}`, receiver: `1380000000${i}`, state: i === 4 ? '2' : '1' })));
    store.persistBatch(batch, parsing);
    store.persistBatch([msg(reply({ sms_seq: '1', sender: '+86 139 0000 0000' })), msg(reply({ sms_seq: '2' }))], parsing);
    const page = store.listReports({ page: 2, pageSize: 2 });
    expect(page).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page.items.map((r) => r.id)).toEqual([3, 2]);
    expect(store.listReports({ page: 1, pageSize: 50, bizId: 'B0' }).total).toBe(3);
    expect(store.listReports({ page: 1, pageSize: 50, success: false }).items.map((r) => r.phone)).toEqual(['13800000004']);
    expect(store.listReports({ page: 1, pageSize: 50, phone: '+86 13800000001' }).total).toBe(1);
    expect(store.listReplies({ page: 1, pageSize: 50, phone: '13900000000' }).items.map((r) => r.smsSeq)).toEqual(['1']);
    expect(store.listQuarantine({ page: 1, pageSize: 50 })).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
  });
});
