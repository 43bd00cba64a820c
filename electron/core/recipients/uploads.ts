import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import { MAX_UPLOAD_BYTES, UPLOAD_CHUNK_BYTES } from '../../../shared/uploads/contract';
import type { CoreContext } from '../context';

/**
 * Files the seller opens, streamed to main in chunks (both transports) and kept under <profile>/uploads
 * (0600) until imported. Each upload is <id>.data plus <id>.json (name, declared size, received, finished),
 * so any core on the profile can resolve an id. Uploads older than a day are removed at start and hourly.
 */
export interface UploadInfo {
  uploadId: string;
  name: string;
  size: number;
  received: number;
  finished: boolean;
  createdAt: string;
}

export const UPLOAD_MAX_AGE_MS = 24 * 3600_000;
const ID_PATTERN = /^u[0-9a-f]{24}$/;

export class UploadStore {
  readonly dir: string;

  constructor(profileDir: string) {
    this.dir = join(profileDir, 'uploads');
  }

  begin(name: string, size: number): { uploadId: string } {
    if (!Number.isInteger(size) || size < 0) throw new AppError('BAD_REQUEST', '文件大小无效。');
    if (size > MAX_UPLOAD_BYTES) throw tooBig(size);
    if (size === 0) throw new AppError('BAD_REQUEST', `文件“${name}”是空的。`);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const uploadId = `u${randomBytes(12).toString('hex')}`;
    writeFileSync(this.dataPath(uploadId), Buffer.alloc(0), { mode: 0o600 });
    this.writeInfo({ uploadId, name: name.slice(0, 255), size, received: 0, finished: false, createdAt: new Date().toISOString() });
    return { uploadId };
  }

  /** Chunks must arrive in order: offset = bytes received so far (a retried chunk with the same offset is refused). */
  append(uploadId: string, offset: number, data: string): { received: number } {
    const info = this.info(uploadId);
    if (info.finished) throw new AppError('CONFLICT', '该文件已上传完成，不能再追加。');
    if (offset !== info.received)
      throw new AppError('CONFLICT', `上传数据顺序错误：应从第 ${info.received} 字节继续，收到的是第 ${offset} 字节。请重新选择文件。`, {
        detail: { expected: info.received },
      });
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0) throw new AppError('BAD_REQUEST', '上传数据不是有效的 Base64。');
    const bytes = Buffer.from(data, 'base64');
    if (bytes.length > UPLOAD_CHUNK_BYTES) throw new AppError('BAD_REQUEST', `每块最多 ${UPLOAD_CHUNK_BYTES} 字节。`);
    if (info.received + bytes.length > info.size) throw new AppError('BAD_REQUEST', `上传的数据超过了声明的文件大小（${info.size} 字节）。`);
    const fd = openSync(this.dataPath(uploadId), 'r+');
    try {
      writeSync(fd, bytes, 0, bytes.length, info.received);
    } finally {
      closeSync(fd);
    }
    info.received += bytes.length;
    this.writeInfo(info);
    return { received: info.received };
  }

  finish(uploadId: string): { uploadId: string; size: number } {
    const info = this.info(uploadId);
    if (info.received !== info.size) throw new AppError('CONFLICT', `文件没有传完：收到 ${info.received} / ${info.size} 字节。请重新选择文件。`);
    info.finished = true;
    this.writeInfo(info);
    return { uploadId, size: info.size };
  }

  /** A finished upload's file, for the readers. */
  file(uploadId: string): { path: string; name: string; size: number } {
    const info = this.info(uploadId);
    if (!info.finished) throw new AppError('CONFLICT', '文件还没有上传完成。');
    return { path: this.dataPath(uploadId), name: info.name, size: info.size };
  }

  info(uploadId: string): UploadInfo {
    if (!ID_PATTERN.test(uploadId)) throw unknownUpload();
    const metaPath = this.metaPath(uploadId);
    if (!existsSync(metaPath) || !existsSync(this.dataPath(uploadId))) throw unknownUpload();
    try {
      return JSON.parse(readFileSync(metaPath, 'utf8')) as UploadInfo;
    } catch {
      throw unknownUpload();
    }
  }

  remove(uploadId: string): void {
    if (!ID_PATTERN.test(uploadId)) return;
    rmSync(this.dataPath(uploadId), { force: true });
    rmSync(this.metaPath(uploadId), { force: true });
  }

  /** Removes uploads older than maxAgeMs (by their metadata, or file time for strays). */
  cleanup(maxAgeMs = UPLOAD_MAX_AGE_MS, now = Date.now()): number {
    if (!existsSync(this.dir)) return 0;
    let removed = 0;
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name);
      try {
        if (now - statSync(path).mtimeMs > maxAgeMs) {
          rmSync(path, { force: true, recursive: true });
          removed++;
        }
      } catch {
        // raced with another cleanup
      }
    }
    return removed;
  }

  private dataPath(id: string): string {
    return join(this.dir, `${id}.data`);
  }

  private metaPath(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  private writeInfo(info: UploadInfo): void {
    writeFileSync(this.metaPath(info.uploadId), JSON.stringify(info), { mode: 0o600 });
  }
}

function unknownUpload(): AppError {
  return new AppError('NOT_FOUND', '找不到上传的文件（可能已过期被清理），请重新选择文件。');
}

export function tooBig(size: number): AppError {
  return new AppError(
    'BAD_REQUEST',
    `文件太大（${(size / 1048576).toFixed(1)} MB），最大 ${MAX_UPLOAD_BYTES / 1048576} MB。请拆分成几个文件，或只保留号码和变量列。`,
  );
}

const stores = new WeakMap<object, UploadStore>();

/** The upload store of a core (one per context; cleaned at first use and hourly). */
export function uploadStore(ctx: Pick<CoreContext, 'profileDir' | 'onClose'>): UploadStore {
  let store = stores.get(ctx);
  if (!store) {
    const created = new UploadStore(ctx.profileDir);
    store = created;
    stores.set(ctx, created);
    created.cleanup();
    const timer = setInterval(() => created.cleanup(), 3600_000);
    timer.unref();
    ctx.onClose(() => clearInterval(timer));
  }
  return store;
}
