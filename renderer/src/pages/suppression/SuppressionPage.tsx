import { DeleteOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useStoredText } from '../../stored-text';
import { Alert, App, Button, Grid, Input, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SuppressionEntry, SuppressionSource, SuppressionReason } from '../../../../shared/suppression/contract';
import { errorText } from '../../context';
import { formatTime, useRecipientText } from '../../format';
import { parseRecipientKey } from '../../../../shared/orders/fields';
import { useApiMutation, useApiQuery } from '../../query';
import { saveFilePayload } from '../../files';
import { SuppressionAddModal } from './SuppressionAddModal';
import { SuppressionImportButton } from './SuppressionImportButton';
import './suppression.css';

const PAGE_SIZE = 500;
const SOURCE_COLOR: Record<SuppressionSource, string> = { manual: 'blue', reply: 'orange', import: 'purple', report: 'red' };
const REASON_COLOR: Record<SuppressionReason, string> = { optout: 'orange', block: 'red' };

/** 免打扰名单: 退订 (no marketing) and 拉黑 (nothing), from the seller, opt-out replies or imports. Search and paging run in main. */
export function SuppressionPage() {
  const { t } = useTranslation();
  const recipientText = useRecipientText();
  const storedTextOf = useStoredText();
  const size = Grid.useBreakpoint().xl ? 'wide' : 'narrow';
  const { message, modal } = App.useApp();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [adding, setAdding] = useState(false);
  const list = useApiQuery('suppression.list', { page, pageSize: PAGE_SIZE, ...(search ? { search } : {}) }, { placeholderData: (previous) => previous });
  const remove = useApiMutation('suppression.remove', { invalidates: ['suppression.list'] });
  const exportList = useApiMutation('suppression.export');
  const policy = useApiQuery('suppression.policy');
  const setPolicy = useApiMutation('suppression.setPolicy', { invalidates: ['suppression.policy', 'campaigns.check'] });

  const confirmRemove = (phones: string[]) => {
    modal.confirm({
      title: t('suppression.removeTitle', { count: phones.length }),
      content: t('suppression.removeBody'),
      okText: t('suppression.remove'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-remove' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const { removed } = await remove.mutateAsync({ phones, confirm: true });
          setSelected((s) => s.filter((p) => !phones.includes(p)));
          void message.success(t('suppression.removed', { count: removed }));
        } catch (error) {
          void message.error(errorText(t, error));
        }
      },
    });
  };

  const download = async () => {
    try {
      saveFilePayload(await exportList.mutateAsync({}));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  return (
    <div data-testid="suppression-page" style={{ maxWidth: 1280 }}>
      <div className="jst-editor-bar">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('suppression.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('suppression.subtitle')}</Typography.Text>
        </div>
        <Space wrap>
          <Tooltip title={t('suppression.optOutBlocksAllHelp')}>
            <Space size={6}>
              <Switch
                size="small"
                checked={policy.data?.optOutBlocksAll ?? false}
                loading={policy.isLoading || setPolicy.isPending}
                onChange={(optOutBlocksAll) =>
                  void setPolicy.mutateAsync({ optOutBlocksAll }).catch((error: unknown) => void message.error(errorText(t, error)))
                }
                data-testid="optout-blocks-all"
              />
              <Typography.Text>{t('suppression.optOutBlocksAll')}</Typography.Text>
            </Space>
          </Tooltip>
          <Button icon={<DownloadOutlined />} onClick={() => void download()} loading={exportList.isPending} data-testid="suppression-export">
            {t('suppression.export')}
          </Button>
          <SuppressionImportButton />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="suppression-add">
            {t('suppression.add')}
          </Button>
        </Space>
      </div>
      {list.error && <Alert type="error" showIcon title={errorText(t, list.error)} style={{ marginBottom: 12 }} />}
      <div className="jst-editor-bar">
        <Input.Search
          allowClear
          maxLength={32}
          placeholder={t('suppression.search')}
          style={{ width: 240 }}
          onSearch={(v) => {
            setSearch(v.trim());
            setPage(1);
          }}
          data-testid="suppression-search"
        />
        <Button
          danger
          icon={<DeleteOutlined />}
          disabled={selected.length === 0}
          onClick={() => confirmRemove(selected)}
          data-testid="suppression-remove-selected"
        >
          {t('suppression.removeSelected', { count: selected.length })}
        </Button>
      </div>
      <Table<SuppressionEntry>
        rowKey="phone"
        size="small"
        virtual
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 48 + Object.values(WIDTHS[size]).reduce((a, b) => a + b, 0), y: 460 }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)), columnWidth: 48 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (total) => t('suppression.total', { count: total }),
        }}
        columns={[
          {
            title: t('suppression.phone'),
            dataIndex: 'phone',
            width: WIDTHS[size].phone,
            render: (v: string) => {
              const buyer = parseRecipientKey(v).kind === 'buyer';
              return (
                <span data-testid="suppression-phone">
                  {buyer && (
                    <Tag color="purple" data-testid="suppression-kind-buyer">
                      {t('common.recipient.kindBuyer')}
                    </Tag>
                  )}
                  {buyer ? recipientText(v) : v}
                </span>
              );
            },
          },
          {
            title: t('suppression.reason'),
            key: 'reason',
            width: WIDTHS[size].reason,
            render: (_, x) => (
              <Tag color={REASON_COLOR[x.reason]} title={t(`suppression.reasonHelp.${x.reason}`)} data-testid={`suppression-reason-${x.phone}`}>
                {t(`suppression.reasons.${x.reason}`)}
              </Tag>
            ),
          },
          {
            title: t('suppression.source'),
            key: 'source',
            width: WIDTHS[size].source,
            render: (_, x) => <Tag color={SOURCE_COLOR[x.source]}>{t(`suppression.sources.${x.source}`)}</Tag>,
          },
          {
            title: t('suppression.note'),
            dataIndex: 'note',
            width: WIDTHS[size].note,
            ellipsis: true,
            render: (v: string) => <span className="jst-muted">{v ? storedTextOf(v) : '—'}</span>,
          },
          { title: t('suppression.createdAt'), key: 'createdAt', width: WIDTHS[size].createdAt, render: (_, x) => formatTime(x.createdAt) },
          {
            title: '',
            key: 'actions',
            width: WIDTHS[size].actions,
            fixed: 'right',
            render: (_, x) => (
              <Button
                type="text"
                size="small"
                danger
                icon={<DeleteOutlined />}
                onClick={() => confirmRemove([x.phone])}
                aria-label={t('suppression.remove')}
                data-testid={`suppression-remove-${x.phone}`}
              />
            ),
          },
        ]}
      />
      {adding && <SuppressionAddModal onClose={() => setAdding(false)} />}
    </div>
  );
}

/** Column widths (plus the 48 px selection column) that fit the page without sideways scrolling, 1024 px included. */
const WIDTHS = {
  wide: { phone: 150, reason: 90, source: 120, note: 200, createdAt: 160, actions: 80 },
  narrow: { phone: 130, reason: 80, source: 110, note: 150, createdAt: 140, actions: 56 },
} as const;
