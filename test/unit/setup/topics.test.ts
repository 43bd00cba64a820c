import { describe, expect, it } from 'vitest';
import { importRenderer } from '../../helpers/renderer-module';

const { joinTopics, splitTopics } = await importRenderer<{ joinTopics: (t: string[]) => string; splitTopics: (text: string | undefined) => string[] }>(
  'pages/setup/form-rules.ts',
);

describe('MQ Topic field (plain text, nothing lost without Enter)', () => {
  it.each([
    ['jst_sms_report', ['jst_sms_report']],
    ['  jst_sms_report  ', ['jst_sms_report']],
    ['a, b', ['a', 'b']],
    ['a，b', ['a', 'b']],
    ['a b\tc', ['a', 'b', 'c']],
    ['a;b；a', ['a', 'b']],
    ['', []],
    [undefined, []],
    [' , ', []],
  ])('%j → %j', (text, topics) => {
    expect(splitTopics(text)).toEqual(topics);
  });

  it('what the form shows splits back to the saved topics', () => {
    expect(splitTopics(joinTopics(['jst_sms_report', 'jst_sms_up']))).toEqual(['jst_sms_report', 'jst_sms_up']);
  });
});
