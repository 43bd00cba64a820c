import type { Db } from '../database';
import m0001 from './0001-shops';
import m0002 from './0002-messages';
import m0003 from './0003-templates';

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

/** Append only. Each migration has its own test in test/unit/db/. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003];
