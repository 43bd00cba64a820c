// Under a backlog the poller stores consecutive full batches in one transaction, still committing before any ack.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/database';
import { MqPoller } from '../../../electron/core/mq/poller';
import { MessageStore, type ConsumedMessage } from '../../../electron/core/mq/store';
import { startMqSimulator } from '../../../electron/sim/mq-http';
import { simConfig, testLogger } from '../mq/helpers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function drainWith(coalesceBatches: number, messages: number) {
  const sim = await startMqSimulator();
  cleanups.push(() => sim.close());
  for (let i = 0; i < messages; i++) sim.publishReply({ sms_seq: `c${i}` });
  const db = openDatabase(':memory:');
  cleanups.push(() => void db.close());
  const store = new MessageStore(db, 1);
  const groups: number[] = [];
  const ackedBefore: number[] = [];
  const persist = store.persistBatch.bind(store);
  store.persistBatch = (batch: ConsumedMessage[], parsing) => {
    ackedBefore.push(sim.counters.acked);
    groups.push(batch.length);
    return persist(batch, parsing);
  };
  const config = simConfig(sim);
  const poller = new MqPoller(config, config.consumers[0]!, store, testLogger(), {}, { waitSeconds: 1, coalesceBatches });
  await poller.drain();
  await poller.stop();
  expect(db.prepare('SELECT COUNT(*) FROM replies').pluck().get()).toBe(messages);
  expect(sim.control.drained()).toBe(true);
  return { groups, ackedBefore };
}

describe('MQ ingest coalescing', () => {
  it('groups up to N full batches per transaction; nothing of a group is acked before it commits', async () => {
    const { groups, ackedBefore } = await drainWith(4, 100);
    expect(groups.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Math.max(...groups)).toBeGreaterThan(16);
    expect(Math.max(...groups)).toBeLessThanOrEqual(64);
    // Acks of earlier groups may have landed; never more than what was committed before this group.
    let committed = 0;
    groups.forEach((size, i) => {
      expect(ackedBefore[i]!).toBeLessThanOrEqual(committed);
      committed += size;
    });
  });

  it('coalesceBatches 1 keeps one transaction per batch', async () => {
    const { groups } = await drainWith(1, 40);
    expect(Math.max(...groups)).toBeLessThanOrEqual(16);
  });
});
