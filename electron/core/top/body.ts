import { apiInfo } from './apis';
import { TopError } from './errors';
import { str, type TopBody } from './response';
import type { AttachedFile } from './schemas';

// Reading typed values out of a TOP answer: a missing or malformed field is a protocol error, never a guess.

/** One scalar-only reading of a field as text, shared with response.ts. */
export { str };
export const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

export function requireString(body: TopBody, field: string, method: string): string {
  const value = str(body[field]);
  if (value === undefined || typeof body[field] === 'object') throw malformed(method, body);
  return value;
}

export function requireObject(body: TopBody, field: string, method: string): TopBody {
  const value = body[field];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed(method, body);
  return value as TopBody;
}

function malformed(method: string, body: TopBody): TopError {
  return new TopError({ method, kind: 'protocol', readOnly: apiInfo(method).readOnly, request_id: str(body.request_id) });
}

/** A query whose subject does not exist answers with a business not-found error: that is null, not a failure. */
export async function orNullWhenNotFound(run: () => Promise<TopBody>): Promise<TopBody | null> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof TopError && error.kind === 'business' && error.category === 'not-found') return null;
    throw error;
  }
}

/** An attached file (qualification) as the platform's DTO. */
export function fileDto(f: AttachedFile) {
  const contents = f.fileContents.replace(/\s+/g, '');
  return {
    file_name: f.fileName,
    file_suffix: f.fileSuffix,
    file_contents: contents,
    file_size: f.fileSize ?? Buffer.byteLength(contents, 'base64'),
  };
}
