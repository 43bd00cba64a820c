import { Card, Empty, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkMessage, type TemplateType } from '../../../../shared/sms';
import { useApiQuery } from '../../query';
import { LintPanel } from '../templates/LintPanel';
import { PhonePreview } from '../templates/PhonePreview';

const PREVIEW_COUNT = 3;

/** The first recipients' messages with their own values, and the shared lint of the one shown. */
export function RecipientPreview({
  campaignId,
  signName,
  content,
  type,
  sharedValues,
}: {
  campaignId: number;
  signName: string;
  content: string;
  type: TemplateType;
  sharedValues: Record<string, string>;
}) {
  const { t } = useTranslation();
  const first = useApiQuery('campaigns.recipients', { id: campaignId, statuses: ['valid'], page: 1, pageSize: PREVIEW_COUNT });
  const rows = first.data?.items ?? [];
  const [picked, setPicked] = useState(0);
  const row = rows[Math.min(picked, rows.length - 1)];
  // Columns win over constants (the same precedence main applies).
  const values = { ...sharedValues, ...(row?.vars ?? {}) };
  const report = checkMessage({ signName, content, type, values });

  return (
    <Card size="small" title={t('sending.content.preview')} data-testid="recipient-preview">
      {rows.length > 1 && (
        <Segmented
          block
          size="small"
          style={{ marginBottom: 12 }}
          value={Math.min(picked, rows.length - 1)}
          onChange={(v) => setPicked(Number(v))}
          options={rows.map((r, i) => ({ value: i, label: r.phone }))}
          data-testid="preview-recipient"
        />
      )}
      {rows.length === 0 && !first.isLoading ? (
        <Empty description={t('sending.content.noRecipients')} />
      ) : (
        <PhonePreview signName={signName} content={content} sampleValues={values} />
      )}
      <div style={{ marginTop: 16 }}>
        <LintPanel findings={report.findings} />
      </div>
    </Card>
  );
}
