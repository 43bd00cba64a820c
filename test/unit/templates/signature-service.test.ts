import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { PROOF_FILE_LIMITS } from '../../../shared/templates/contract';
import { errors } from './fake-platform';
import { fakeModule } from './helpers';

let env: ReturnType<typeof fakeModule>;
afterEach(async () => {
  await env?.close();
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]).toString('base64');
const PDF = Buffer.from('%PDF-1.4\n% proof\n').toString('base64');

function draft(name = '张三男装淘宝店') {
  return env.module.signatures.save({ name, source: 4, remark: '淘宝店铺 https://zhangsan.taobao.com 的订单通知' });
}

describe('signatures', () => {
  it('lintSignature runs in main: a generic or 测试 name is never sent', async () => {
    env = fakeModule();
    for (const name of ['测试签名', '客户服务', '【张三】']) {
      const s = draft(name);
      const error = await env.module.signatures.submit(s.id).catch((e: AppError) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('BAD_REQUEST');
    }
    expect(env.platform.calls).toEqual([]);
  });

  it('names are unique per shop and fixed once submitted', async () => {
    env = fakeModule();
    const s = draft();
    expect(() => draft()).toThrow(/已有名为/);
    const renamed = env.module.signatures.save({ id: s.id, name: '李四女装淘宝店', source: 4, remark: 'x' });
    expect(renamed.name).toBe('李四女装淘宝店');
    await env.module.signatures.submit(s.id);
    expect(() => env.module.signatures.save({ id: s.id, name: '王五淘宝店', source: 4, remark: 'x' })).toThrow(/名称不能修改/);
  });

  it('proof files: format, content, size and count are checked; they are sent as base64 on submit', async () => {
    env = fakeModule();
    const s = draft();
    expect(env.module.signatures.addFile(s.id, '营业执照.png', PNG).files).toMatchObject([{ fileName: '营业执照.png', fileSuffix: 'png', size: 72 }]);
    expect(() => env.module.signatures.addFile(s.id, 'a.exe', PNG)).toThrow(/格式/);
    expect(() => env.module.signatures.addFile(s.id, '伪装.pdf', PNG)).toThrow(/不是有效的 PDF/);
    const big = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(PROOF_FILE_LIMITS.maxBytes)]).toString('base64');
    expect(() => env.module.signatures.addFile(s.id, 'big.pdf', big)).toThrow(/超过 700 KB/);
    for (let i = 1; i < PROOF_FILE_LIMITS.maxFiles; i++) env.module.signatures.addFile(s.id, `p${i}.pdf`, PDF);
    expect(() => env.module.signatures.addFile(s.id, 'one-more.pdf', PDF)).toThrow(/最多上传 5 个/);
    const fileId = env.module.signatures.get(s.id).files[1]!.id;
    expect(env.module.signatures.removeFile(s.id, fileId).files).toHaveLength(4);

    const submitted = await env.module.signatures.submit(s.id);
    expect(submitted).toMatchObject({ status: 'pending', nameLocked: true });
    expect(env.platform.signatures.get('张三男装淘宝店')).toMatchObject({ source: 4, files: 4 });
    expect(env.platform.calls).toEqual(['querySignName', 'createSignName']);
  });

  it('a lost create answer is reconciled by name: the existing signature is adopted, never created twice', async () => {
    env = fakeModule();
    env.platform.fail('createSignName', errors.lostAnswer(), { afterExecute: true });
    const s = draft();
    const waiting = await env.module.signatures.submit(s.id);
    expect(waiting.status).toBe('queued');
    void env.module.outbox.retryNow();
    await until(() => env.module.signatures.get(s.id).status === 'pending');
    expect(env.platform.count('createSignName')).toBe(1);
    expect(env.platform.count('querySignName')).toBe(2);
  });

  it('offline → queued → online → sent; modify while pending; approve/reject tracked', async () => {
    env = fakeModule();
    env.platform.fail('querySignName', errors.offline());
    const s = draft();
    expect((await env.module.signatures.submit(s.id)).status).toBe('queued');
    void env.module.outbox.retryNow();
    await until(() => env.module.signatures.get(s.id).status === 'pending');

    env.module.signatures.save({ id: s.id, name: s.name, source: 5, remark: '已注册商标' });
    const modified = await env.module.signatures.submit(s.id);
    expect(modified.status).toBe('pending');
    expect(env.platform.signatures.get(s.name)).toMatchObject({ source: 5, remark: '已注册商标' });

    env.platform.decideSignature(s.name, 'rejected', '请参考下述修改建议:1. 请上传店铺截图');
    expect(await env.module.pollOnce()).toMatchObject({ changed: 1 });
    expect(env.module.signatures.get(s.id)).toMatchObject({ status: 'rejected', reason: '请参考下述修改建议:1. 请上传店铺截图', editable: true });
  });

  it('a rejected signature is resubmitted by replacing it (delete + create under the same name)', async () => {
    env = fakeModule();
    const s = draft();
    await env.module.signatures.submit(s.id);
    env.platform.decideSignature(s.name, 'rejected', '缺少资质');
    await env.module.pollOnce();
    env.module.signatures.addFile(s.id, 'shop.png', PNG);
    const again = await env.module.signatures.submit(s.id);
    expect(again.status).toBe('pending');
    expect(env.platform.calls.slice(-3)).toEqual(['querySignName', 'deleteSignName', 'createSignName']);
    expect(env.platform.signatures.get(s.name)).toMatchObject({ status: 'pending', files: 1 });
  });

  it('delete: local drafts locally, submitted ones on the platform; import by name', async () => {
    env = fakeModule();
    const local = draft('李四女装淘宝店');
    expect(await env.module.signatures.delete(local.id)).toEqual({ deleted: true, remote: false });
    const s = await env.module.signatures.submit(draft().id);
    expect(await env.module.signatures.delete(s.id)).toEqual({ deleted: true, remote: true });
    expect(env.platform.signatures.size).toBe(0);

    env.platform.signatures.set('王五旗舰店', { name: '王五旗舰店', status: 'approved', statusCode: 1, reason: '', remark: '', source: 4, files: 0 });
    expect(await env.module.signatures.import('王五旗舰店')).toMatchObject({ status: 'approved', origin: 'imported', nameLocked: true });
    await expect(env.module.signatures.import('没有这个店')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

async function until(check: () => boolean, timeoutMs = 2_000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
