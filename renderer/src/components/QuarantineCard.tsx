import { Button, Card, Empty, Table, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppStatus } from '../../../shared/contract';
import type { QuarantinedMessage } from '../../../shared/messages/contract';
import { errorText, useEvent } from '../context';
import { formatTime } from '../format';
import { parseQuarantineReason } from '../../../shared/messages/quarantine';
import { useApiQuery } from '../query';

const PAGE_SIZE = 10;

/** Diagnostics: pushed messages that could not be parsed were acked and kept verbatim; bodies render as plain text. */
export function QuarantineCard() {
  const { t, i18n } = useTranslation();
  // Main stores the reason in Chinese; other languages get it by its code (an unknown reason stays as stored).
  const localisedReason = (reason: string) => {
    const known = i18n.language === 'zh-CN' ? null : parseQuarantineReason(reason);
    if (!known) return reason;
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(known.params)) {
      params[name] = /kind$/i.test(name) ? t(`diagnostics.kinds.${value}`) : name.endsWith('By') ? t(`diagnostics.signals.${value}`) : value;
    }
    return t(`diagnostics.reasons.${known.code}`, params);
  };
  const [page, setPage] = useState(1);
  const list = useApiQuery('messages.quarantine.list', { page, pageSize: PAGE_SIZE }, { placeholderData: (previous) => previous });
  const data = list.data;
  const error = list.error ? errorText(t, list.error) : undefined;
  const lastCount = useRef<number | null>(null);
  const { refetch } = list;

  // The poller's counter says when a new message went to quarantine.
  useEvent(
    'status.changed',
    useCallback(
      (status: AppStatus) => {
        if (lastCount.current !== null && status.poller.quarantined !== lastCount.current) void refetch();
        lastCount.current = status.poller.quarantined;
      },
      [refetch],
    ),
  );

  return (
    <Card
      title={t('diagnostics.title')}
      extra={
        <Button size="small" onClick={() => void refetch()}>
          {t('diagnostics.reload')}
        </Button>
      }
      data-testid="quarantine-card"
    >
      <Typography.Paragraph type="secondary">{t('diagnostics.intro')}</Typography.Paragraph>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <Table<QuarantinedMessage>
        size="small"
        rowKey="id"
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('diagnostics.empty')} /> }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
        columns={[
          { title: t('diagnostics.receivedAt'), dataIndex: 'receivedAt', width: 170, render: (v: string) => formatTime(v) },
          { title: t('diagnostics.tag'), dataIndex: 'tag', width: 140, render: (v: string, row) => `${row.topic}${v ? ` / ${v}` : ''}` },
          { title: t('diagnostics.reason'), dataIndex: 'reason', width: 220, render: (v: string) => localisedReason(v) },
          {
            title: t('diagnostics.body'),
            dataIndex: 'body',
            // Untrusted text from the queue: React renders it as text, never as markup.
            render: (v: string) => (
              <Typography.Text code ellipsis={{ tooltip: v.slice(0, 2000) }} style={{ maxWidth: 320 }}>
                {v.slice(0, 300)}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}
