import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CampaignCounts, RecipientStatus } from '../../../../shared/sending/contract';
import { errorText } from '../../context';
import { useApiMutation } from '../../query';
import { finalCount, wellFormedCount } from '../../../../shared/sending/summary';
import { saveFilePayload } from '../../files';
import { RecipientsTable } from './RecipientsTable';

export const IMPORT_STATUSES: readonly RecipientStatus[] = ['valid', 'duplicate', 'invalid', 'suppressed'];

/** What the import found (rows, valid, duplicates, invalid, suppressed, final), the rejected rows to download, the table. */
export function ImportSummary({ campaignId, counts }: { campaignId: number; counts: CampaignCounts }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const exportRows = useApiMutation('campaigns.exportRows');

  const download = async (status: RecipientStatus) => {
    try {
      saveFilePayload(await exportRows.mutateAsync({ id: campaignId, statuses: [status] }));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  const tiles = [
    { key: 'rows', value: counts.rows },
    { key: 'valid', value: wellFormedCount(counts) },
    { key: 'duplicate', value: counts.duplicate, tone: counts.duplicate ? '#d48806' : undefined },
    { key: 'invalid', value: counts.invalid, tone: counts.invalid ? '#cf1322' : undefined },
    { key: 'suppressed', value: counts.suppressed, tone: counts.suppressed ? '#722ed1' : undefined },
    { key: 'final', value: finalCount(counts), tone: '#ff5000' },
    // Order campaigns: chosen orders, distinct buyers, orders without an OAID (known after the check).
    ...(counts.orders !== null
      ? [
          { key: 'orders', value: counts.orders },
          { key: 'buyers', value: counts.buyers ?? 0 },
          { key: 'noOaid', value: counts.noOaid ?? 0, tone: counts.noOaid ? '#cf1322' : undefined },
        ]
      : []),
  ];

  return (
    <Card
      size="small"
      title={t('sending.recipients.summaryTitle')}
      data-testid="import-summary"
      extra={
        <Space wrap>
          <Button size="small" icon={<DownloadOutlined />} disabled={!counts.invalid} onClick={() => void download('invalid')} data-testid="download-invalid">
            {t('sending.recipients.downloadInvalid')}
          </Button>
          <Button
            size="small"
            icon={<DownloadOutlined />}
            disabled={!counts.duplicate}
            onClick={() => void download('duplicate')}
            data-testid="download-duplicate"
          >
            {t('sending.recipients.downloadDuplicate')}
          </Button>
        </Space>
      }
    >
      <div className="jst-send-tiles">
        {tiles.map((tile) => (
          <div key={tile.key} className="jst-send-tile" data-testid={`summary-${tile.key}`} data-value={tile.value}>
            <div className="jst-send-tile-value" style={tile.tone ? { color: tile.tone } : undefined}>
              {tile.value.toLocaleString()}
            </div>
            <div className="jst-send-tile-label">{t(`sending.recipients.${tile.key}`)}</div>
          </div>
        ))}
      </div>
      <RecipientsTable campaignId={campaignId} statuses={IMPORT_STATUSES} height={300} />
    </Card>
  );
}
