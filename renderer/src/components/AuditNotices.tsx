import { App, Button } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignaturesChangedEvent, TemplatesChangedEvent } from '../../../shared/templates/contract';
import { useEvent } from '../context';

/** Audit decisions reach the seller on whichever screen is open (they come in while the seller does other work). */
export function AuditNotices({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation();
  const { notification } = App.useApp();

  const notify = useCallback(
    (kind: 'template' | 'signature', id: number, label: string, status: string, reason: string) => {
      const key = `${kind}-${id}`;
      const open = (
        <Button
          size="small"
          type="link"
          onClick={() => {
            notification.destroy(key);
            onOpen();
          }}
        >
          {t('templates.notice.open')}
        </Button>
      );
      if (status === 'approved') {
        notification.success({
          key,
          title: t(`templates.notice.approved_${kind}`, { name: label }),
          description: t('templates.notice.approvedHelp'),
          actions: open,
          props: { 'data-testid': 'audit-notice' },
        });
      } else if (status === 'rejected') {
        notification.error({
          key,
          title: t(`templates.notice.rejected_${kind}`, { name: label }),
          description: reason,
          duration: 0,
          actions: open,
          props: { 'data-testid': 'audit-notice' },
        });
      }
    },
    [notification, onOpen, t],
  );

  useEvent(
    'templates.changed',
    useCallback(
      (e: TemplatesChangedEvent) => {
        if (e.cause !== 'audit' || !e.template) return;
        notify('template', e.template.id, e.template.name || t('templates.editor.untitled'), e.template.status, e.template.reason);
      },
      [notify, t],
    ),
  );
  useEvent(
    'signatures.changed',
    useCallback(
      (e: SignaturesChangedEvent) => {
        if (e.cause !== 'audit' || !e.signature) return;
        notify('signature', e.signature.id, `【${e.signature.name}】`, e.signature.status, e.signature.reason);
      },
      [notify],
    ),
  );
  return null;
}
