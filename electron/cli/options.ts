import { AppError } from '../../shared/errors';
import type { Core } from '../core/app-core';
import type { CliIo } from './io';

/** What a command accepts: a switch, an option with one value, or an option given any number of times. */
export type OptionSpec = Record<string, 'flag' | 'value' | 'list'>;

export interface ParsedOptions {
  flags: Set<string>;
  values: Map<string, string>;
  lists: Map<string, string[]>;
  /** Words that are not options, in order (only where the command takes them). */
  rest: string[];
}

/**
 * The CLI's one option parser: `--name value` or `--name=value`, switches, repeatable options. A value option given
 * twice and a value that is missing (or is the next option) are usage errors, returned as their message. Words that do
 * not start with `-` are positionals with `positionals: true`, otherwise unknown options.
 */
export function parseOptions(
  args: string[],
  spec: OptionSpec,
  options: { positionals?: boolean; aliases?: Record<string, string> } = {},
): ParsedOptions | string {
  const parsed: ParsedOptions = { flags: new Set(), values: new Map(), lists: new Map(), rest: [] };
  for (let i = 0; i < args.length; i++) {
    const raw = args[i]!;
    if (options.positionals && !raw.startsWith('-')) {
      parsed.rest.push(raw);
      continue;
    }
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const name = eq > 0 ? raw.slice(0, eq) : (options.aliases?.[raw] ?? raw);
    const kind = spec[name];
    if (!kind) return `Unknown option: ${raw}`;
    if (kind === 'flag') {
      if (eq > 0) return `${name} takes no value.`;
      parsed.flags.add(name);
      continue;
    }
    const value = eq > 0 ? raw.slice(eq + 1) : args[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) return `${name} needs a value.`;
    if (kind === 'list') parsed.lists.set(name, [...(parsed.lists.get(name) ?? []), value]);
    else if (parsed.values.has(name)) return `${name} given twice.`;
    else parsed.values.set(name, value);
  }
  return parsed;
}

/** `name=value` pairs of a repeatable option, or the usage error naming the first malformed one. */
export function optionPairs(parsed: ParsedOptions, name: string): Record<string, string> | string {
  const pairs: Record<string, string> = {};
  for (const item of parsed.lists.get(name) ?? []) {
    const at = item.indexOf('=');
    if (at <= 0) return `${name} needs name=value, got: ${item}`;
    pairs[item.slice(0, at)] = item.slice(at + 1);
  }
  return pairs;
}

export const isHelp = (arg: string | undefined): boolean => arg === '--help' || arg === '-h';

/** Thrown by a command's argument parser: printed with the command's usage, exit 2. */
export class UsageError extends Error {}

/** A command's arguments from its throwing parser, or the exit code 2 after the usage error was printed. */
export function parseOrUsage<T>(io: CliIo, usage: string, parse: () => T): T | 2 {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return usageError(io, usage, error.message);
  }
}

/** A usage error: the message and the command's usage on stderr, exit 2. */
export function usageError(io: CliIo, usage: string, message: string): 2 {
  io.stderr.write(`${message}\n\n${usage}`);
  return 2;
}

/** One request through the core's dispatcher (the same validation as the app); a failure is thrown as its AppError. */
export async function callCore<T>(core: Core, method: string, input: unknown): Promise<T> {
  const envelope = await core.dispatch(method, input);
  if (!envelope.ok) throw AppError.fromData(envelope.error);
  return envelope.result as T;
}

/** --json output: one line of JSON on stdout (acceptance checks parse it). */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(JSON.stringify(value) + '\n');
}
