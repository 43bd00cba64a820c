import { CopyOutlined, DeleteOutlined, ImportOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, Empty, Input, Popconfirm, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TEMPLATE_TYPES } from '../../../../shared/sms';
import { AUDIT_STATUSES, type AuditState, type TemplateView } from '../../../../shared/templates/contract';
import { errorText, useApi } from '../../context';
import { formatTime, useLang } from '../../format';
import { StatusChip } from './StatusChip';

type Filter = 'all' | AuditState;

const TYPE_COLOR: Record<number, string> = { 0: 'purple', 1: 'blue', 2: 'volcano', 3: 'cyan' };

/** Template list with audit-status filters (小太阳CRM style) and quick actions. */
export function TemplateList({
  templates,
  onOpen,
  onNew,
  onImport,
}: {
  templates: TemplateView[] | undefined;
  onOpen(id: number): void;
  onNew(): void;
  onImport(): void;
}) {
  const api = useApi();
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');

  const counts = useMemo(() => {
    const c: Record<string, number> = { all: templates?.length ?? 0 };
    for (const s of AUDIT_STATUSES) c[s] = templates?.filter((x) => x.status === s).length ?? 0;
    return c;
  }, [templates]);

  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (templates ?? []).filter(
      (x) =>
        (filter === 'all' || x.status === filter) &&
        (!q || x.name.toLowerCase().includes(q) || x.content.toLowerCase().includes(q) || (x.platformCode ?? '').toLowerCase().includes(q)),
    );
  }, [templates, filter, search]);

  const duplicate = async (id: number) => {
    try {
      const copy = await api.call('templates.duplicate', { id });
      void message.success(t('templates.list.duplicated'));
      onOpen(copy.id);
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  const remove = async (id: number) => {
    try {
      await api.call('templates.delete', { id });
      void message.success(t('templates.list.deleted'));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  const filters: Filter[] = ['all', ...AUDIT_STATUSES.filter((s) => s !== 'unknown' || counts.unknown! > 0)];

  return (
    <div data-testid="template-list">
      <div className="jst-editor-bar">
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={filters.map((f) => ({ value: f, label: `${f === 'all' ? t('templates.filter.all') : t(`templates.status.${f}`)} ${counts[f] ?? 0}` }))}
          data-testid="status-filter"
        />
        <Space wrap>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('templates.list.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 220 }}
          />
          <Button icon={<ImportOutlined />} onClick={onImport} data-testid="import-template">
            {t('templates.list.import')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={onNew} data-testid="new-template">
            {t('templates.list.new')}
          </Button>
        </Space>
      </div>
      <Table<TemplateView>
        rowKey="id"
        loading={!templates}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        // Narrow windows scroll sideways instead of squeezing the content to a few characters per line.
        scroll={{ x: 1000 }}
        onRow={(record) =>
          ({ onClick: () => onOpen(record.id), style: { cursor: 'pointer' }, 'data-testid': `template-row-${record.id}` }) as React.HTMLAttributes<HTMLElement>
        }
        locale={{
          emptyText: (
            <Empty description={templates?.length ? t('templates.list.noMatch') : t('templates.list.empty')}>
              {!templates?.length && (
                <Button type="primary" icon={<PlusOutlined />} onClick={onNew}>
                  {t('templates.list.new')}
                </Button>
              )}
            </Empty>
          ),
        }}
        columns={[
          {
            title: t('templates.list.name'),
            key: 'name',
            width: 220,
            render: (_, x) => (
              <div>
                <Typography.Text strong>{x.name || t('templates.editor.untitled')}</Typography.Text>
                <div className="jst-muted">{x.platformCode ?? t('templates.list.localOnly')}</div>
              </div>
            ),
          },
          {
            title: t('templates.list.type'),
            key: 'type',
            width: 110,
            render: (_, x) => <Tag color={TYPE_COLOR[x.type]}>{t(`templates.types.${TEMPLATE_TYPES.find((y) => y.code === x.type)!.key}`)}</Tag>,
          },
          {
            title: t('templates.list.content'),
            key: 'content',
            width: 294,
            render: (_, x) => (
              <>
                <span className="jst-cell-content">{x.content || '—'}</span>
                {x.status === 'rejected' && x.reason && <div className="jst-reason">{t('templates.list.reason', { reason: x.reason })}</div>}
              </>
            ),
          },
          {
            title: t('templates.list.status'),
            key: 'status',
            width: 130,
            render: (_, x) => (
              <Tooltip title={x.status === 'rejected' ? x.reason : x.lastError || undefined}>
                <span>
                  <StatusChip status={x.status} />
                </span>
              </Tooltip>
            ),
          },
          {
            title: t('templates.list.updated'),
            key: 'updated',
            width: 150,
            render: (_, x) => <span className="jst-muted">{formatTime(x.updatedAt, lang)}</span>,
          },
          {
            title: '',
            key: 'actions',
            width: 96,
            render: (_, x) => (
              <Space size={4} onClick={(e) => e.stopPropagation()}>
                <Tooltip title={t('templates.editor.duplicate')}>
                  <Button type="text" size="small" icon={<CopyOutlined />} onClick={() => void duplicate(x.id)} aria-label={t('templates.editor.duplicate')} />
                </Tooltip>
                <Popconfirm
                  title={x.platformCode ? t('templates.list.deleteRemoteConfirm') : t('templates.list.deleteConfirm')}
                  onConfirm={() => void remove(x.id)}
                  okText={t('common.ok')}
                  cancelText={t('common.cancel')}
                >
                  <Button
                    type="text"
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('templates.editor.delete')}
                    data-testid={`delete-row-${x.id}`}
                  />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
