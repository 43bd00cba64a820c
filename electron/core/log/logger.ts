import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { redactText, redactValue } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
  /** Same redaction for text shown to the seller (error messages). */
  redact(text: string): string;
}

export interface LoggerOptions {
  /** JSON lines file; rotated once at maxBytes. Omit for no file. */
  file?: string;
  maxBytes?: number;
  level?: LogLevel;
  /** Current secret values (from the vault), redacted wherever they appear. */
  secrets: () => readonly string[];
  /** Extra sink, e.g. console in dev or an array in tests. */
  sink?: (line: string) => void;
}

export function createLogger(options: LoggerOptions, scope = 'app'): Logger {
  const min = LEVELS[options.level ?? 'info'];
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  if (options.file) mkdirSync(dirname(options.file), { recursive: true });

  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < min) return;
    const secrets = options.secrets();
    const record = { t: new Date().toISOString(), level, scope, msg: redactText(msg, secrets), ...(fields ? (redactValue(fields, secrets) as object) : {}) };
    // Serialise first, then redact the whole line once more: fields may nest secrets in odd shapes.
    const line = redactText(JSON.stringify(record), secrets);
    options.sink?.(line);
    if (options.file) {
      try {
        if ((statSync(options.file, { throwIfNoEntry: false })?.size ?? 0) > maxBytes) renameSync(options.file, `${options.file}.1`);
        appendFileSync(options.file, line + '\n', { mode: 0o600 });
      } catch {
        // Logging must never take the app down.
      }
    }
  };

  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (child) => createLogger(options, `${scope}.${child}`),
    redact: (text) => redactText(text, options.secrets()),
  };
}
