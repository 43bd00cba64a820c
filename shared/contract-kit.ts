import { z } from 'zod';

// Building blocks shared by shared/contract.ts and the per-feature contract files (shared/<feature>/contract.ts).

declare const resultType: unique symbol;
export interface RequestDef<I extends z.ZodType, R> {
  input: I;
  readonly [resultType]?: R;
}
/** `request<Result>()(inputSchema)`: the result type rides along as a phantom. */
export const request =
  <R>() =>
  <I extends z.ZodType>(input: I): RequestDef<I, R> => ({ input });

export const NoInput = z.object({}).strict();
export const short = (max = 256) => z.string().trim().max(max);
/** Local row ids. */
export const RowId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
export const pageInput = (maxPageSize = 200) => ({
  page: z.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.number().int().min(1).max(maxPageSize).default(50),
});

/** A file produced by main for the seller to save (exports). The renderer turns it into a download. */
export interface FilePayload {
  fileName: string;
  mime: string;
  /** Base64 of the bytes. */
  data: string;
}
