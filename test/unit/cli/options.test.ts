import { describe, expect, it } from 'vitest';
import { optionPairs, parseOptions, usageError, writeJson } from '../../../electron/cli/options';

const SPEC = { '--json': 'flag', '--name': 'value', '--var': 'list', '--yes': 'flag' } as const;

function parsed(args: string[], options: Parameters<typeof parseOptions>[2] = {}) {
  const result = parseOptions(args, SPEC, options);
  if (typeof result === 'string') throw new Error(result);
  return result;
}

describe('parseOptions (the CLI option parser)', () => {
  it('reads switches, values in both spellings and repeated options in order', () => {
    const p = parsed(['--json', '--name', '双 12', '--var', 'a=b', '--var=c=d', '-y'], { aliases: { '-y': '--yes' } });
    expect([...p.flags]).toEqual(['--json', '--yes']);
    expect(p.values.get('--name')).toBe('双 12');
    expect(p.lists.get('--var')).toEqual(['a=b', 'c=d']);
    expect(optionPairs(p, '--var')).toEqual({ a: 'b', c: 'd' });
    expect(parsed(['--name=--literal']).values.get('--name')).toBe('--literal');
  });

  it('returns the usage error for an unknown option, a missing value, a value given twice or a switch with a value', () => {
    expect(parseOptions(['--nope'], SPEC)).toBe('Unknown option: --nope');
    expect(parseOptions(['word'], SPEC)).toBe('Unknown option: word');
    expect(parseOptions(['--name'], SPEC)).toBe('--name needs a value.');
    expect(parseOptions(['--name', '--json'], SPEC)).toBe('--name needs a value.');
    expect(parseOptions(['--name', 'a', '--name', 'b'], SPEC)).toBe('--name given twice.');
    expect(parseOptions(['--json=1'], SPEC)).toBe('--json takes no value.');
    expect(optionPairs(parsed(['--var', '=x']), '--var')).toBe('--var needs name=value, got: =x');
  });

  it('keeps positionals in order only where the command takes them', () => {
    expect(parsed(['set', '--json', 'paid'], { positionals: true }).rest).toEqual(['set', 'paid']);
  });
});

describe('CLI output helpers', () => {
  it('writes one JSON line on stdout, and a usage error with the usage on stderr (exit 2)', () => {
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {} };
    writeJson(io, { id: '1234567890123456789', n: 1 });
    expect(stdout).toBe('{"id":"1234567890123456789","n":1}\n');
    expect(usageError(io, 'Usage: x\n', 'Bad.')).toBe(2);
    expect(stderr).toBe('Bad.\n\nUsage: x\n');
  });
});
