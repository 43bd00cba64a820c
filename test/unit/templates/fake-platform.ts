import type { AuditStatus, SignNameInfo, TemplateInfo } from '../../../electron/core/top/client';
import { TopError } from '../../../electron/core/top/errors';
import type {
  CreateShortUrlInput,
  CreateSignNameInput,
  CreateTemplateInput,
  ModifySignNameInput,
  ModifyTemplateInput,
  ReportTemplateInput,
} from '../../../electron/core/top/schemas';
import type { TemplatePlatform } from '../../../electron/core/templates/platform';

type Method = keyof TemplatePlatform;
interface Scripted {
  error: TopError;
  /** The call takes effect before failing (a lost answer). */
  afterExecute: boolean;
}

/** Offline, reset mid-answer, platform refusal, not found — the TopErrors the real client throws. */
export const errors = {
  offline: (method = 'm') => new TopError({ method, kind: 'network', readOnly: false, beforeSend: true, networkCode: 'ECONNREFUSED', host: '127.0.0.1:9' }),
  lostAnswer: (method = 'm') => new TopError({ method, kind: 'network', readOnly: false, beforeSend: false, networkCode: 'ECONNRESET' }),
  business: (subCode: string, method = 'm') => new TopError({ method, kind: 'business', readOnly: false, sub_code: subCode, sub_msg: subCode }),
};

/** An in-memory Jushita with the rules the feature relies on (spec §2.2–2.3), and scripted failures. */
export class FakePlatform implements TemplatePlatform {
  readonly templates = new Map<string, TemplateInfo & { remark: string }>();
  readonly signatures = new Map<string, SignNameInfo & { remark: string; source: number; files: number }>();
  readonly calls: Method[] = [];
  private readonly script = new Map<Method, Scripted[]>();
  private seq = 100_000;

  fail(method: Method, error: TopError, options: { afterExecute?: boolean; times?: number } = {}) {
    const list = this.script.get(method) ?? [];
    for (let i = 0; i < (options.times ?? 1); i++) list.push({ error, afterExecute: options.afterExecute ?? false });
    this.script.set(method, list);
  }

  count(method: Method) {
    return this.calls.filter((m) => m === method).length;
  }

  decideTemplate(code: string, status: AuditStatus, reason = '无审批备注') {
    const t = this.templates.get(code)!;
    Object.assign(t, { status, statusCode: status === 'approved' ? 1 : 2, reason });
  }

  decideSignature(name: string, status: AuditStatus, reason = '无审批备注') {
    Object.assign(this.signatures.get(name)!, { status, statusCode: status === 'approved' ? 1 : 2, reason });
  }

  private async run<T>(method: Method, execute: () => T): Promise<T> {
    this.calls.push(method);
    const next = this.script.get(method)?.shift();
    if (next && !next.afterExecute) throw next.error;
    const result = execute();
    if (next) throw next.error;
    return result;
  }

  createTemplate(input: CreateTemplateInput) {
    return this.run('createTemplate', () => {
      const code = `SMS_${++this.seq}`;
      this.templates.set(code, {
        code,
        name: input.name,
        content: input.content,
        type: input.type,
        status: 'pending',
        statusCode: 0,
        reason: '无审批备注',
        remark: input.remark,
      });
      return { code };
    });
  }

  queryTemplate(code: string) {
    return this.run('queryTemplate', () => {
      const t = this.templates.get(code);
      return t ? { ...t } : null;
    });
  }

  modifyTemplate(input: ModifyTemplateInput) {
    return this.run('modifyTemplate', () => {
      const t = this.templates.get(input.code);
      if (!t) throw errors.business('template_not_found');
      if (t.status === 'approved') throw errors.business('isv.ERROR_TEMPLATE_NOT_MODIFY');
      Object.assign(t, { name: input.name, content: input.content, remark: input.remark, status: 'pending', statusCode: 0, reason: '无审批备注' });
    });
  }

  deleteTemplate(code: string) {
    return this.run('deleteTemplate', () => {
      const t = this.templates.get(code);
      if (!t) throw errors.business('template_not_found');
      if (t.status === 'pending') throw errors.business('isv.ERROR_TEMPLATE_NOT_DELETE');
      this.templates.delete(code);
    });
  }

  reportTemplate(input: ReportTemplateInput) {
    return this.run('reportTemplate', () => {
      this.templates.set(input.code, {
        code: input.code,
        name: input.name,
        content: input.content,
        type: input.type,
        status: 'approved',
        statusCode: 1,
        reason: '无审批备注',
        remark: '',
      });
    });
  }

  createSignName(input: CreateSignNameInput) {
    return this.run('createSignName', () => {
      if (this.signatures.has(input.name)) throw errors.business('sign_name_duplicate');
      this.signatures.set(input.name, {
        name: input.name,
        status: 'pending',
        statusCode: 0,
        reason: '无审批备注',
        remark: input.remark,
        source: input.source,
        files: input.files?.length ?? 0,
      });
    });
  }

  querySignName(name: string) {
    return this.run('querySignName', () => {
      const s = this.signatures.get(name);
      return s ? { name: s.name, status: s.status, statusCode: s.statusCode, reason: s.reason } : null;
    });
  }

  modifySignName(input: ModifySignNameInput) {
    return this.run('modifySignName', () => {
      const s = this.signatures.get(input.name);
      if (!s) throw errors.business('sign_name_not_found');
      if (s.status !== 'pending') throw errors.business('isv.ERROR_SIGN_NOT_MODIFY');
      Object.assign(s, { remark: input.remark, source: input.source, files: input.files?.length ?? 0 });
    });
  }

  deleteSignName(name: string) {
    return this.run('deleteSignName', () => {
      if (!this.signatures.delete(name)) throw errors.business('sign_name_not_found');
    });
  }

  createShortUrl(input: CreateShortUrlInput) {
    return this.run('createShortUrl', () => ({ shortUrl: `${input.httpsPrefix === false ? '' : 'https://'}s.tb.cn/Y9.${this.seq++}` }));
  }

  queryShortUrl(shortName: string) {
    return this.run('queryShortUrl', () => ({ shortName, lifeStart: '2025-03-01 10:00:00', lifeEnd: '2025-05-01 10:00:00' }));
  }
}
