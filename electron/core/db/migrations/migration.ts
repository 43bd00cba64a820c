import type Database from 'better-sqlite3';

/** One schema step. Its own file so that the steps and the list of them do not import each other. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
