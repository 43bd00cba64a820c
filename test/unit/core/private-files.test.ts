import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MqParsingSchema } from '../../../shared/settings/schema';
import { openDatabase } from '../../../electron/core/db/database';
import { MAX_MESSAGE_BODY_BYTES } from '../../../electron/core/mq/parse';
import { MessageStore } from '../../../electron/core/mq/store';
import { tempDir, testCore } from '../../helpers/profile';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const mode = (path: string) => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('private profile files', () => {
  it('the profile directory is 0700; database, -wal, -shm, settings and vault are 0600', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const profileDir = join(t.dir, 'profile');
    mkdirSync(profileDir, { mode: 0o755 });
    chmodSync(profileDir, 0o755); // an existing, too open directory is tightened
    const c = await testCore({ profileDir, passphrase: 'passphrase-1' });
    cleanups.push(c.cleanup);
    await c.core.dispatch('settings.savePreferences', { language: 'en', closeToTray: true, notifyReplies: true });
    expect(mode(profileDir)).toBe(0o700);
    for (const file of ['jst-sms.db', 'jst-sms.db-wal', 'jst-sms.db-shm', 'settings.json', 'vault.json'])
      expect(mode(join(profileDir, file)), file).toBe(0o600);
  });

  it('an existing, world-readable database is tightened on open', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const file = join(t.dir, 'old.db');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const db = openDatabase(file);
    cleanups.push(() => db.close());
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
  });
});

describe('MQ bodies over the cap', () => {
  it('are quarantined with the first 64 KB kept and a reason, never parsed or stored whole', () => {
    const db = openDatabase(':memory:');
    cleanups.push(() => db.close());
    const store = new MessageStore(db, 1);
    const huge = JSON.stringify({ sender: '13800000000', sms_seq: '1', content: '回'.repeat(40_000) }); // ~120 KB of UTF-8
    const [out] = store.persistBatch(
      [{ messageId: 'big-1', topic: 't', tag: 'alibaba_aliqin_FcSmsUp', body: huge, publishTime: null, consumedTimes: 1 }],
      MqParsingSchema.parse({}),
    );
    expect(out).toMatchObject({ kind: 'quarantined', reason: expect.stringMatching(/消息体过大/) });
    const row = db.prepare('SELECT body FROM quarantine WHERE message_id = ?').get('big-1') as { body: string };
    expect(Buffer.byteLength(row.body)).toBeLessThanOrEqual(MAX_MESSAGE_BODY_BYTES);
    expect(row.body.length).toBeGreaterThan(20_000);
    expect(huge.startsWith(row.body)).toBe(true);
    expect(db.prepare('SELECT COUNT(*) FROM replies').pluck().get()).toBe(0);

    // A normal reply still goes through.
    const [small] = store.persistBatch(
      [
        {
          messageId: 'ok-1',
          topic: 't',
          tag: 'alibaba_aliqin_FcSmsUp',
          body: JSON.stringify({ sender: '13800000000', sms_seq: '2', content: '好' }),
          publishTime: null,
          consumedTimes: 1,
        },
      ],
      MqParsingSchema.parse({}),
    );
    expect(small!.kind).toBe('reply');
  });
});
