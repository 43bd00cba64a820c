import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ErrCodeCount } from '../../../../shared/history/contract';
import { explainErrCode } from '../../../../shared/history/report-codes';

/** Failure reasons: the raw code, how many, its likely cause, advice and source (report-codes.md); unknown codes verbatim. */
export function ErrCodeTable({ codes, onPick }: { codes: ErrCodeCount[]; onPick: (code: string) => void }) {
  const { t } = useTranslation();
  const rows = codes.map((c) => ({ ...c, explained: explainErrCode(c.errCode) }));
  return (
    <Card size="small" title={t('history.detail.reasons')}>
      <Table
        rowKey="errCode"
        size="small"
        pagination={false}
        dataSource={rows}
        data-testid="history-reasons"
        columns={[
          {
            title: t('history.detail.code'),
            dataIndex: 'errCode',
            width: 160,
            render: (code: string) =>
              code ? (
                <Typography.Link onClick={() => onPick(code)}>
                  <Typography.Text code>{code}</Typography.Text>
                </Typography.Link>
              ) : (
                t('history.detail.noCode')
              ),
          },
          { title: t('history.detail.count'), dataIndex: 'count', width: 80, align: 'right' },
          {
            title: t('history.detail.cause'),
            render: (_: unknown, r: (typeof rows)[number]) =>
              r.explained.meaning ? (
                <>
                  {r.explained.meaning}
                  {r.explained.match === 'family' && <Typography.Text type="secondary"> {t('history.detail.familyHint')}</Typography.Text>}
                  {r.explained.tags?.includes('CONFLICT') && <Tag style={{ marginLeft: 6 }}>{t('history.detail.conflict')}</Tag>}
                </>
              ) : (
                <Typography.Text type="secondary">{r.errCode ? t('history.detail.unlisted') : ''}</Typography.Text>
              ),
          },
          { title: t('history.detail.advice'), width: 260, render: (_: unknown, r: (typeof rows)[number]) => r.explained.advice ?? '' },
          {
            title: t('history.detail.source'),
            width: 220,
            render: (_: unknown, r: (typeof rows)[number]) => (
              <Typography.Text type="secondary" ellipsis={{ tooltip: r.explained.source }} style={{ maxWidth: 210 }}>
                {r.explained.source ?? ''}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}
