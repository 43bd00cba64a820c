import { ReloadOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Space, Tabs, Tooltip, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxChangedEvent, SignaturesChangedEvent, SignatureView, TemplatesChangedEvent, TemplateView } from '../../../../shared/templates/contract';
import { LoadError } from '../../components/LoadError';
import { errorText, useApi, useEvent } from '../../context';
import { apiQueryKey, useApiQuery } from '../../query';
import { ImportTemplateModal } from './ImportTemplateModal';
import { OutboxBanner } from './OutboxBanner';
import { ShortLinksTab } from './ShortLinksTab';
import { SignaturesTab } from './SignaturesTab';
import { TemplateEditor } from './TemplateEditor';
import { TemplateList } from './TemplateList';
import './templates.css';

type TabKey = 'templates' | 'signatures' | 'shortLinks';

function upsert<T extends { id: number }>(list: T[] | undefined, item: T | null, deletedId?: number): T[] | undefined {
  if (!list) return list;
  if (deletedId !== undefined) return list.filter((x) => x.id !== deletedId);
  if (!item) return list;
  const i = list.findIndex((x) => x.id === item.id);
  if (i < 0) return [item, ...list];
  const next = list.slice();
  next[i] = item;
  return next;
}

/**
 * 模板与签名: templates (drafted offline, submitted, tracked through audit), signatures and 淘短链.
 * Queued submits that go out by themselves raise a notice here; audit decisions are announced app-wide (AuditNotices).
 */
export function TemplatesPage() {
  const api = useApi();
  const { t } = useTranslation();
  const { message, notification, modal } = App.useApp();
  const [tab, setTab] = useState<TabKey>('templates');
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const client = useQueryClient();
  // Lists come from the query cache; the change events patch it at once (and INVALIDATIONS refetches it).
  const templatesQuery = useApiQuery('templates.list', {});
  const signaturesQuery = useApiQuery('signatures.list');
  const shortLinksQuery = useApiQuery('shortLinks.list', {});
  const outboxQuery = useApiQuery('templates.outbox.list');
  const templates = templatesQuery.data;
  const signatures = signaturesQuery.data;
  const shortLinks = shortLinksQuery.data;
  const outbox = outboxQuery.data ?? [];
  const queries = [templatesQuery, signaturesQuery, shortLinksQuery, outboxQuery];
  const failed = queries.find((q) => q.error)?.error;
  const loadError = failed ? errorText(t, failed) : undefined;
  const load = () => queries.forEach((q) => void q.refetch());
  const [refreshing, setRefreshing] = useState(false);
  // Items whose submit the seller is watching in a dialog: no duplicate "sent" notice for them.
  const submitting = useRef(new Set<string>()).current;

  const reloadShortLinks = useCallback(() => void client.invalidateQueries({ queryKey: ['shortLinks.list'] }), [client]);

  const notify = useCallback(
    (
      kind: 'template' | 'signature',
      { id, name, status, reason, lastError }: TemplateView | SignatureView,
      e: TemplatesChangedEvent | SignaturesChangedEvent,
    ) => {
      const label = kind === 'template' ? name || t('templates.editor.untitled') : `【${name}】`;
      // Audit decisions are announced app-wide by AuditNotices.
      if (e.cause === 'sent' && e.previousStatus === 'queued' && !submitting.has(`${kind}-${id}`)) {
        void message.success(t('templates.notice.sent', { name: label }));
      } else if ((e.cause === 'failed' || e.cause === 'unknown') && !submitting.has(`${kind}-${id}`)) {
        notification.warning({
          key: `${kind}-${id}`,
          title: t('templates.notice.failed', { name: label }),
          description: status === 'unknown' ? t('templates.editor.unknown') : status === 'rejected' ? reason : lastError,
        });
      }
    },
    [message, notification, submitting, t],
  );

  useEvent(
    'templates.changed',
    useCallback(
      (e: TemplatesChangedEvent) => {
        client.setQueryData(apiQueryKey('templates.list', {}), (list: TemplateView[] | undefined) => upsert(list, e.template, e.deletedId));
        if (e.template) notify('template', e.template, e);
      },
      [client, notify],
    ),
  );
  useEvent(
    'signatures.changed',
    useCallback(
      (e: SignaturesChangedEvent) => {
        client.setQueryData(apiQueryKey('signatures.list'), (list: SignatureView[] | undefined) => upsert(list, e.signature, e.deletedId));
        if (e.signature) notify('signature', e.signature, e);
      },
      [client, notify],
    ),
  );
  useEvent(
    'templates.outboxChanged',
    useCallback((e: OutboxChangedEvent) => client.setQueryData(apiQueryKey('templates.outbox.list'), e.items), [client]),
  );

  const refresh = async () => {
    setRefreshing(true);
    try {
      const result = await api.call('templates.refresh');
      if (result.error) void message.warning(t('templates.refresh.failed', { error: result.error }));
      else if (result.checked === 0) void message.info(t('templates.refresh.nothing'));
      else void message.success(t('templates.refresh.done', { checked: result.checked, changed: result.changed }));
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      setRefreshing(false);
    }
  };

  const syncAll = async () => {
    setSyncing(true);
    try {
      const result = await api.call('templates.syncAll');
      const changed = [...result.templates.changed, ...result.signatures.changed];
      const missing = [...result.templates.missing, ...result.signatures.missing];
      modal.info({
        title: t('templates.sync.title'),
        width: 560,
        content: (
          <div data-testid="sync-result">
            {result.error && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('templates.refresh.failed', { error: result.error })} />}
            <p>{t('templates.sync.checked', { templates: result.templates.checked, signatures: result.signatures.checked })}</p>
            {changed.length === 0 ? (
              <p>{t('templates.sync.noChanges')}</p>
            ) : (
              <ul data-testid="sync-changed">
                {changed.map((c) => (
                  <li key={c.key}>
                    {t('templates.sync.changed', {
                      name: c.name,
                      fields: c.fields.map((f) => t(`templates.sync.fields.${f}`)).join(t('templates.sync.separator')),
                    })}
                  </li>
                ))}
              </ul>
            )}
            {missing.length > 0 && <p data-testid="sync-missing">{t('templates.sync.missing', { names: missing.join(t('templates.sync.separator')) })}</p>}
            <Typography.Text type="secondary">{t('templates.sync.why')}</Typography.Text>
          </div>
        ),
      });
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      setSyncing(false);
    }
  };

  const pendingCount = (templates ?? []).filter((x) => x.status === 'pending').length + (signatures ?? []).filter((x) => x.status === 'pending').length;
  const closeEditor = useCallback(() => setEditing(null), []);
  const openEditor = useCallback((id: number) => setEditing(id), []);

  return (
    <div data-testid="templates-page" style={{ maxWidth: 1280 }}>
      <div className="jst-editor-bar">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('templates.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('templates.subtitle')}</Typography.Text>
        </div>
        <Space>
          <Tooltip title={t('templates.sync.help')}>
            <Button icon={<SyncOutlined />} onClick={() => void syncAll()} loading={syncing} data-testid="sync-all">
              {t('templates.sync.button')}
            </Button>
          </Tooltip>
          <Tooltip title={t('templates.refresh.help')}>
            <Button icon={<ReloadOutlined />} onClick={() => void refresh()} loading={refreshing} data-testid="refresh-audit">
              {t('templates.refresh.button')}
              {pendingCount > 0 && <Badge count={pendingCount} size="small" style={{ marginInlineStart: 6, background: '#1677ff' }} />}
            </Button>
          </Tooltip>
        </Space>
      </div>
      {loadError && <LoadError error={loadError} onRetry={load} />}
      <OutboxBanner items={outbox} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as TabKey)}
        items={[
          {
            key: 'templates',
            label: <Space size={4}>{t('templates.tabs.templates')}</Space>,
            children:
              editing === null ? (
                <TemplateList templates={templates} onOpen={openEditor} onNew={() => setEditing('new')} onImport={() => setImportOpen(true)} />
              ) : (
                <TemplateEditor
                  key={editing}
                  id={editing === 'new' ? null : editing}
                  signatures={signatures ?? []}
                  shortLinks={shortLinks ?? []}
                  onBack={closeEditor}
                  onOpen={openEditor}
                  submitting={submitting}
                />
              ),
          },
          { key: 'signatures', label: t('templates.tabs.signatures'), children: <SignaturesTab signatures={signatures} submitting={submitting} /> },
          { key: 'shortLinks', label: t('templates.tabs.shortLinks'), children: <ShortLinksTab links={shortLinks} onChanged={reloadShortLinks} /> },
        ]}
      />
      <ImportTemplateModal
        open={importOpen}
        onClose={() => setImportOpen(false)}
        onImported={(imported) => {
          setImportOpen(false);
          setEditing(imported.id);
        }}
      />
    </div>
  );
}
