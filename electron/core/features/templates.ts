import type { Handlers } from '../dispatch';
import type { TemplatesModule } from '../templates';

type TemplateRequests = Extract<keyof Handlers, `templates.${string}` | `signatures.${string}` | `shortLinks.${string}`>;

/**
 * Templates, signatures and short links (issue 4). The module's outbox worker and audit poller start with the core's
 * background work; their intervals come from JST_AUDIT_POLL_MS / JST_OUTBOX_RETRY_MS when set (tests).
 */
export function templateHandlers(m: TemplatesModule): Pick<Handlers, TemplateRequests> {
  return {
    'templates.list': ({ status }) => m.templates.list(status),
    'templates.get': ({ id }) => m.templates.get(id),
    'templates.save': (input) => m.templates.save(input),
    'templates.duplicate': ({ id }) => m.templates.duplicate(id),
    'templates.delete': ({ id }) => m.templates.delete(id),
    'templates.submit': ({ id }) => m.templates.submit(id),
    'templates.import': ({ code }) => m.templates.import(code),
    'templates.reportStock': (input) => m.templates.reportStock(input),
    'templates.reconcile': ({ id, code, resubmit }) => m.templates.reconcile(id, { code, resubmit }),
    'templates.refresh': () => m.refresh(),
    'templates.syncAll': () => m.syncAll(),
    'templates.outbox.list': () => m.outbox.list(),
    'templates.outbox.cancel': ({ id }) => m.outbox.cancel(id),
    'templates.outbox.retryNow': () => m.outbox.retryNow(),
    'signatures.list': () => m.signatures.list(),
    'signatures.save': (input) => m.signatures.save(input),
    'signatures.addFile': ({ signatureId, fileName, base64 }) => m.signatures.addFile(signatureId, fileName, base64),
    'signatures.removeFile': ({ signatureId, fileId }) => m.signatures.removeFile(signatureId, fileId),
    'signatures.submit': ({ id }) => m.signatures.submit(id),
    'signatures.delete': ({ id }) => m.signatures.delete(id),
    'signatures.import': ({ name }) => m.signatures.import(name),
    'shortLinks.list': ({ includeExpired }) => m.shortLinks.list({ includeExpired }),
    'shortLinks.create': (input) => m.shortLinks.create(input),
    'shortLinks.delete': ({ id }) => m.shortLinks.delete(id),
  };
}
