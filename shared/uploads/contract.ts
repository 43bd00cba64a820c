import { z } from 'zod';
import { request, short } from '../contract-kit';

// Files the seller opens (recipient lists), streamed to main in chunks over either transport; untrusted and bounded.

/** Largest file the import accepts (a 1M-row CSV is ~25 MB). */
export const MAX_UPLOAD_BYTES = 48 * 1024 * 1024;
/** Raw bytes per uploads.append (base64 ~ 4/3 of it stays under the browser host's 1 MB request cap). */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;

export const uploadsRequests = {
  /** Files are streamed to main in chunks (both transports); main keeps them in the profile's temp folder. */
  'uploads.begin': request<{ uploadId: string }>()(z.object({ name: short(255).min(1), size: z.number().int().min(0).max(MAX_UPLOAD_BYTES) }).strict()),
  'uploads.append': request<{ received: number }>()(
    z
      .object({
        uploadId: short(64).min(1),
        offset: z.number().int().min(0).max(MAX_UPLOAD_BYTES),
        data: z.string().max(Math.ceil((UPLOAD_CHUNK_BYTES * 4) / 3) + 4),
      })
      .strict(),
  ),
  'uploads.finish': request<{ uploadId: string; size: number }>()(z.object({ uploadId: short(64).min(1) }).strict()),
} as const;
