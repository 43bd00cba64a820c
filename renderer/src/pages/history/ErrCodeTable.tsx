import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ErrCodeCount } from '../../../../shared/history/contract';
import { sellerExplanation } from '../../../../shared/history/report-codes';

/** Failure reasons: the raw code, how many, and one plain meaning with what to do; unknown codes verbatim. */
export function ErrCodeTable({ codes, onPick }: { codes: ErrCodeCount[]; onPick: (code: string) => void }) {
  const { t } = useTranslation();
  const rows = codes.map((c) => ({ ...c, explained: sellerExplanation(c.errCode) }));
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
            title: t('history.detail.advice'),
            render: (_: unknown, r: (typeof rows)[number]) =>
              r.explained ? (
                <>
                  {r.explained.text}
                  {r.explained.inferred && <Typography.Text type="secondary"> {t('history.detail.familyHint')}</Typography.Text>}
                </>
              ) : (
                <Typography.Text type="secondary">{r.errCode ? t('history.detail.unlisted') : ''}</Typography.Text>
              ),
          },
        ]}
      />
    </Card>
  );
}
