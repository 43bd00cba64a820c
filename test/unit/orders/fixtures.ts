// Order event bodies as orders-oaid.md §0/§2 describe them: raw TMC content with the topic as tag, the envelope,
// Base64 of either; ids as JSON numbers (19 digits, beyond 2^53) or strings.
import { Settings, type KeyValueStore } from '../../../electron/core/settings';
import type { ConsumedMessage } from '../../../electron/core/mq/store';

export const TID = '4012345678901234567';
export const SELLER = '麦包包';

export type BodyFormat = 'raw' | 'envelope' | 'base64' | 'base64-envelope';
export const FORMATS: BodyFormat[] = ['raw', 'envelope', 'base64', 'base64-envelope'];

/** The JSON text of a TMC content object, with `tid` written as a bare number when asked (exactly, no double). */
export function contentJson(fields: Record<string, unknown>, tidAsNumber = true): string {
  const { tid, ...rest } = fields;
  const tidText = tidAsNumber ? String(tid) : JSON.stringify(String(tid));
  return `{"tid":${tidText}${Object.keys(rest).length ? ',' + JSON.stringify(rest).slice(1) : '}'}`;
}

export function body(
  topic: string,
  fields: Record<string, unknown>,
  format: BodyFormat = 'raw',
  opts: { tidAsNumber?: boolean; pubTime?: string } = {},
): string {
  const content = contentJson(fields, opts.tidAsNumber ?? true);
  const envelope = () =>
    JSON.stringify({
      topic,
      content,
      id: '9007199254740993123',
      pub_time: opts.pubTime ?? '2026-12-01 10:00:00',
      user_id: 42,
      user_nick: fields.seller_nick ?? SELLER,
    });
  switch (format) {
    case 'raw':
      return content;
    case 'envelope':
      return envelope();
    case 'base64':
      return Buffer.from(content).toString('base64');
    case 'base64-envelope':
      return Buffer.from(envelope()).toString('base64');
  }
}

let seq = 0;
export function message(topic: string, fields: Record<string, unknown>, format: BodyFormat = 'raw', over: Partial<ConsumedMessage> = {}): ConsumedMessage {
  const inEnvelope = format === 'envelope' || format === 'base64-envelope';
  return {
    messageId: `OM${++seq}`,
    topic: 'jst',
    tag: inEnvelope ? '' : topic,
    body: body(topic, fields, format),
    publishTime: null,
    consumedTimes: 1,
    ...over,
  };
}

export const trade = (over: Record<string, unknown> = {}) => ({
  tid: TID,
  oid: TID,
  seller_nick: SELLER,
  buyer_nick: '碎花裙子',
  buyer_open_uid: 'AAGq5d-buyer-1',
  payment: '100.00',
  type: 'fixed',
  ...over,
});

export function memorySettings(initial: Record<string, unknown> = {}): Settings {
  const data: Record<string, unknown> = { ...initial };
  const store: KeyValueStore = {
    get store() {
      return data;
    },
    set(key, value) {
      data[key] = value;
    },
  };
  return new Settings(store);
}
