import { describe, expect, it } from 'vitest';
import { parseSegmentSendArgs, parseSendArgs } from '../../../electron/cli/send-args';

describe('the send flags (one parser for send and send --segment)', () => {
  it('reads a segment send with its control group and order-field variables', () => {
    expect(parseSegmentSendArgs(['--segment', '7', '--control-percent=10', '--template', 'T', '--sign', 'S', '--var', 'n=buyerNick', '-y'])).toEqual({
      segment: 7,
      controlPercent: 10,
      template: 'T',
      sign: 'S',
      vars: { n: 'buyerNick' },
      name: undefined,
      dryRun: false,
      yes: true,
      json: false,
      verbose: false,
    });
  });

  it('refuses what a segment send cannot do, with the reason', () => {
    const base = ['--template', 'T', '--sign', 'S'];
    expect(() => parseSegmentSendArgs(base)).toThrow('--segment is required.');
    expect(() => parseSegmentSendArgs(['--segment', '0', ...base])).toThrow('--segment needs a segment id');
    expect(() => parseSegmentSendArgs(['--segment', '1', '--control-percent', '51', ...base])).toThrow('--control-percent needs 0–50');
    expect(() => parseSegmentSendArgs(['--segment', '1', '--var', 'x=phone', ...base])).toThrow('--var needs name=<orderField>');
    expect(() => parseSegmentSendArgs(['--segment', '1', '--file', 'a.csv', ...base])).toThrow('Unknown option: --file');
    expect(() => parseSegmentSendArgs(['--segment', '1', '--dry-run', '--yes', ...base])).toThrow('not both');
  });

  it('treats a value option given twice as a usage error in both sends', () => {
    expect(() => parseSendArgs(['--template', 'A', '--template', 'B', '--sign', 'S', '--numbers', '1'])).toThrow('--template given twice.');
    expect(() => parseSegmentSendArgs(['--segment', '1', '--segment', '2', '--template', 'T', '--sign', 'S'])).toThrow('--segment given twice.');
  });
});
