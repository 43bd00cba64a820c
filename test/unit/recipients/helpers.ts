import { afterAll } from 'vitest';
import { openSource, type AnySource, type OpenOptions } from '../../../electron/core/recipients/source';
import { inspectSource, type InspectOptions } from '../../../electron/core/recipients/inspect';
import { AppError } from '../../../shared/errors';
import { tempDir } from '../../helpers/profile';

/** A temp directory for the test file, removed afterwards, and a reader context on it. */
export function useTempDir() {
  const { dir, cleanup } = tempDir('jst-recipients-');
  afterAll(cleanup);
  const ctx = { profileDir: dir, onClose: () => {} };
  return { dir, ctx };
}

export async function readAll(ctx: { profileDir: string; onClose(stop: () => void): void }, source: AnySource, options: OpenOptions = {}) {
  const opened = await openSource(ctx, source, options);
  const rows: string[][] = [];
  for await (const batch of opened.batches()) rows.push(...batch.rows);
  return { opened, rows };
}

export function inspect(ctx: { profileDir: string; onClose(stop: () => void): void }, source: AnySource, options: InspectOptions = {}) {
  return inspectSource(ctx, source, options);
}

/** The AppError a promise rejects with (fails the test if it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}
