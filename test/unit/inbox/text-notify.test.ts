import { describe, expect, it } from 'vitest';
import { inDailyWindow, maskPhone, replyNotification } from '../../../shared/inbox/notify';
import { collapsedText, inertSegments, previewText } from '../../../shared/inbox/text';
import { ftsPhrase, likePattern } from '../../../electron/core/inbox/store';
import { renderSentText } from '../../../electron/core/inbox/sent-text';

describe('inert text', () => {
  it('shows control, zero-width and bidi characters as visible tokens, keeps newlines and markup as text', () => {
    const segments = inertSegments('a\u202eb\u0007c\u200b\r\n<img src=x onerror=alert(1)>');
    expect(segments).toEqual([
      { text: 'a' },
      { text: '[RLO]', control: true },
      { text: 'b' },
      { text: '\u2407', control: true },
      { text: 'c' },
      { text: '[ZWSP]', control: true },
      { text: '\n<img src=x onerror=alert(1)>' },
    ]);
    expect(inertSegments('\u0085\u2066x\u2069')).toEqual([
      { text: '[U+0085]', control: true },
      { text: '[LRI]', control: true },
      { text: 'x' },
      { text: '[PDI]', control: true },
    ]);
  });

  it('previews on one line without controls, capped by code points; collapses long text', () => {
    expect(previewText('你好\n\u202e世界\u0000', 120)).toBe('你好 世界');
    expect(previewText('😀'.repeat(10), 3)).toBe('😀😀😀…');
    expect(collapsedText('字'.repeat(10_000), 300)).toEqual({ text: '字'.repeat(300), collapsed: true });
    expect(collapsedText('短', 300)).toEqual({ text: '短', collapsed: false });
  });
});

describe('notification rules', () => {
  it('masks the phone', () => {
    expect(maskPhone('13812345678', 'middle')).toBe('138****5678');
    expect(maskPhone('13812345678', 'none')).toBe('13812345678');
    expect(maskPhone('13812345678', 'all')).toBe('');
  });

  it('勿扰 in Beijing time, across midnight, whatever the PC zone', () => {
    const at = (utc: string) => new Date(utc);
    const night = { start: '22:00', end: '08:00' };
    expect(inDailyWindow(night, at('2026-12-01T14:30:00Z'))).toBe(true); // 22:30 Beijing
    expect(inDailyWindow(night, at('2026-11-30T23:59:00Z'))).toBe(true); // 07:59 Beijing
    expect(inDailyWindow(night, at('2026-12-01T00:00:00Z'))).toBe(false); // 08:00 Beijing
    expect(inDailyWindow({ start: '12:00', end: '13:00' }, at('2026-12-01T04:30:00Z'))).toBe(true);
    expect(inDailyWindow({ start: '12:00', end: '12:00' }, at('2026-12-01T04:00:00Z'))).toBe(false);
    expect(inDailyWindow(null, at('2026-12-01T04:00:00Z'))).toBe(false);
  });

  it('groups a burst', () => {
    expect(replyNotification([{ phone: '13812345678', content: 'hi' }], 'middle')).toEqual({
      title: '买家回复 138****5678',
      body: 'hi',
      phone: '13812345678',
      count: 1,
    });
    const many = Array.from({ length: 12 }, (_, i) => ({ phone: `1380000000${i % 3}`, content: `第${i}条` }));
    expect(replyNotification(many, 'middle', 662)).toMatchObject({ title: '662 条未读回复', count: 662 });
    expect(replyNotification(many, 'middle')).toMatchObject({ title: '12 条未读回复', body: '来自 3 个号码，最新：第11条', phone: null, count: 12 });
  });
});

describe('search and sent text helpers', () => {
  it('quotes FTS strings and escapes LIKE wildcards', () => {
    expect(ftsPhrase('a"b OR c*')).toBe('"a""b OR c*"');
    expect(likePattern('5%_\\')).toBe('%5\\%\\_\\\\%');
  });

  it('renders what the recipient got: 【签名】, constants, the short link, its own values winning', () => {
    expect(
      renderSentText({
        content: '${name}您好，${shop}上新 ${url}',
        signName: '张三店',
        constants: '{"shop":"本店","name":"默认"}',
        vars: '{"name":"李四"}',
        shortUrl: 'https://m.tb.cn/h.x',
      }),
    ).toBe('【张三店】李四您好，本店上新 https://m.tb.cn/h.x');
    expect(renderSentText({ content: 'x', signName: '', constants: 'not json', vars: null, shortUrl: null })).toBe('x');
  });
});
