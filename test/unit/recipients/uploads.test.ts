import { statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UploadStore } from '../../../electron/core/recipients/uploads';
import { MAX_UPLOAD_BYTES, UPLOAD_CHUNK_BYTES } from '../../../shared/uploads/contract';
import { AppError } from '../../../shared/errors';
import { useTempDir } from './helpers';

const { dir } = useTempDir();
const b64 = (s: string) => Buffer.from(s).toString('base64');
const fails = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an error');
};

describe('UploadStore', () => {
  it('stores contiguous chunks in a 0600 file and finishes at the declared size', () => {
    const store = new UploadStore(join(dir, 'p1'));
    const { uploadId } = store.begin('名单.csv', 10);
    expect(store.append(uploadId, 0, b64('12345'))).toEqual({ received: 5 });
    expect(fails(() => store.append(uploadId, 0, b64('12345'))).message).toMatch(/应从第 5 字节继续/);
    expect(fails(() => store.append(uploadId, 7, b64('x'))).code).toBe('CONFLICT');
    expect(fails(() => store.finish(uploadId)).message).toMatch(/收到 5 \/ 10 字节/);
    expect(store.append(uploadId, 5, b64('67890'))).toEqual({ received: 10 });
    expect(store.finish(uploadId)).toEqual({ uploadId, size: 10 });
    const file = store.file(uploadId);
    expect(file).toMatchObject({ name: '名单.csv', size: 10 });
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
    expect(fails(() => store.append(uploadId, 10, b64('x'))).message).toMatch(/已上传完成/);
  });

  it('refuses bad base64, overflow, oversize, empty files and unknown ids', () => {
    const store = new UploadStore(join(dir, 'p2'));
    const { uploadId } = store.begin('a.csv', 4);
    expect(fails(() => store.append(uploadId, 0, '@@@@')).message).toMatch(/Base64/);
    expect(fails(() => store.append(uploadId, 0, 'abc')).message).toMatch(/Base64/);
    expect(fails(() => store.append(uploadId, 0, b64('12345'))).message).toMatch(/超过了声明的文件大小/);
    expect(fails(() => store.begin('big.csv', MAX_UPLOAD_BYTES + 1)).message).toMatch(/文件太大/);
    expect(fails(() => store.begin('e.csv', 0)).message).toMatch(/是空的/);
    expect(fails(() => store.append(uploadId, 0, Buffer.alloc(UPLOAD_CHUNK_BYTES + 3).toString('base64'))).message).toMatch(/每块最多/);
    for (const id of ['nope', 'u' + '0'.repeat(24), '../../etc/passwd'])
      expect(fails(() => store.file(id))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/找不到上传的文件/) });
    expect(fails(() => store.file(uploadId)).message).toMatch(/还没有上传完成/);
  });

  it('cleans uploads older than a day', () => {
    const store = new UploadStore(join(dir, 'p3'));
    const old = store.begin('old.csv', 1).uploadId;
    const fresh = store.begin('new.csv', 1).uploadId;
    const past = new Date(Date.now() - 25 * 3600_000);
    for (const ext of ['data', 'json']) utimesSync(join(store.dir, `${old}.${ext}`), past, past);
    writeFileSync(join(store.dir, 'stray.tmp'), 'x');
    utimesSync(join(store.dir, 'stray.tmp'), past, past);
    expect(store.cleanup()).toBe(3);
    expect(() => store.info(old)).toThrow(/找不到/);
    expect(store.info(fresh).name).toBe('new.csv');
  });
});
