import { describe, expect, it } from 'vitest';
import { parseCallArgs } from '../../../electron/cli/top';

describe('jst-sms top call arguments', () => {
  it('parses params, JSON params and flags', () => {
    expect(
      parseCallArgs([
        'call',
        'taobao.jst.sms.template.query',
        '--json-param',
        'query_sms_template_request={"template_code":"SMS_1"}',
        '--param',
        'a=b=c',
        '--param=x=1',
        '--verbose',
      ]),
    ).toEqual({
      method: 'taobao.jst.sms.template.query',
      params: { query_sms_template_request: '{"template_code":"SMS_1"}', a: 'b=c', x: '1' },
      verbose: true,
    });
    expect(parseCallArgs(['call', 'a.b', '--json-param', 's="text"']).params).toEqual({ s: 'text' });
    expect(parseCallArgs(['call', 'a.b', '--json-param', 'n=[1, 2]']).params).toEqual({ n: '[1,2]' });
  });

  it.each([
    [['list']],
    [['call']],
    [['call', '--verbose']],
    [['call', 'not a method']],
    [['call', 'a.b', '--param']],
    [['call', 'a.b', '--param', 'novalue']],
    [['call', 'a.b', '--json-param', 'x={bad']],
    [['call', 'a.b', '--param', 'x=1', '--param', 'x=2']],
    [['call', 'a.b', '--secret', 'x']],
  ])('rejects %j', (args) => {
    expect(() => parseCallArgs(args)).toThrow();
  });
});
