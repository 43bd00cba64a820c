import { Alert, App, Button, Card, Progress, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignView } from '../../../../shared/sending/contract';
import { errorText } from '../../context';
import { useApiMutation, useApiQuery } from '../../query';
import { finalCount } from '../../../../shared/sending/summary';
import { ImportSummary } from './ImportSummary';
import { MappingForm } from './MappingForm';
import { OrderSource } from './OrderSource';
import { SegmentSource } from './SegmentSource';
import { SourcePicker } from './SourcePicker';
import type { RecipientMapping, RecipientSource, SourceInspection } from '../../../../shared/recipients/contract';

interface Mapping {
  source: RecipientSource;
  fileName: string | null;
  inspection: SourceInspection;
}

/** 收件人: source → mapping → import (in main, with progress) → summary. */
export function RecipientsStep({ campaign, onNext }: { campaign: CampaignView; onNext(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const templates = useApiQuery('templates.list', { status: ['approved'] });
  const inspect = useApiMutation('recipients.inspect');
  const importRecipients = useApiMutation('campaigns.importRecipients', { invalidates: ['campaigns.get', 'campaigns.recipients', 'campaigns.list'] });
  const update = useApiMutation('campaigns.update', { invalidates: ['campaigns.get'] });
  const segmentSend = useApiQuery('segments.sendOf', { campaignId: campaign.id }, { enabled: campaign.audience === 'orders' });
  const segment = campaign.audience === 'orders' ? segmentSend.data : null;
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [replacing, setReplacing] = useState(false);
  const progress = campaign.importProgress;
  const importing = progress?.state === 'running';
  const imported = campaign.counts.rows > 0 && !replacing;

  const runInspect = async (source: RecipientSource, fileName: string | null, hasHeader?: boolean) => {
    try {
      const inspection = await inspect.mutateAsync({ source, ...(hasHeader === undefined ? {} : { hasHeader }) });
      setMapping({ source, fileName, inspection });
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  const runImport = async (m: RecipientMapping) => {
    if (!mapping) return;
    try {
      await importRecipients.mutateAsync({ id: campaign.id, source: mapping.source, mapping: m });
      setMapping(null);
      setReplacing(false);
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  if (importing) {
    const percent = progress.totalBytes > 0 ? Math.floor((progress.bytesRead / progress.totalBytes) * 100) : 0;
    return (
      <Card size="small" data-testid="import-progress">
        <Typography.Text>{t('sending.recipients.importing')}</Typography.Text>
        <Progress percent={percent} status="active" />
        <Typography.Text type="secondary">{t('sending.recipients.importRows', { rows: progress.processedRows.toLocaleString() })}</Typography.Text>
      </Card>
    );
  }

  const failed = progress && (progress.state === 'failed' || progress.state === 'cancelled') ? progress : null;
  return (
    <div>
      {failed && !mapping && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('sending.recipients.importFailed', { error: failed.error ?? t(`sending.importState.${failed.state}`) })}
          data-testid="import-failed"
        />
      )}
      {mapping ? (
        <MappingForm
          key={`${mapping.inspection.sheet}-${mapping.inspection.hasHeader}`}
          inspection={mapping.inspection}
          fileName={mapping.fileName}
          templates={templates.data ?? []}
          templateId={campaign.template?.id ?? null}
          previous={campaign.mapping}
          busy={inspect.isPending || importRecipients.isPending}
          onTemplate={(templateId) => update.mutate({ id: campaign.id, templateId }, { onError: (error) => void message.error(errorText(t, error)) })}
          onReinspect={({ hasHeader, sheet }) => {
            const source = mapping.source.kind === 'upload' && sheet ? { ...mapping.source, sheet } : mapping.source;
            void runInspect(source, mapping.fileName, hasHeader);
          }}
          onImport={(m) => void runImport(m)}
          onBack={() => setMapping(null)}
        />
      ) : imported ? (
        <>
          {campaign.audience === 'orders' && (
            <Typography.Paragraph type="secondary" data-testid="imported-source">
              {segment
                ? t('sending.segment.imported', { name: segment.segmentName, buyers: segment.buyers, control: segment.control, sent: segment.sent })
                : campaign.orderOptions?.perOrder
                  ? t('sending.orders.importedPerOrder')
                  : t('sending.orders.importedPerBuyer')}
            </Typography.Paragraph>
          )}
          {campaign.source && (
            <Typography.Paragraph type="secondary" data-testid="imported-source">
              {t('sending.recipients.importedFrom', { source: campaign.source.fileName ?? t('sending.recipients.sourcePaste') })}
            </Typography.Paragraph>
          )}
          <ImportSummary campaignId={campaign.id} counts={campaign.counts} />
          <div className="jst-step-footer">
            <Button onClick={() => setReplacing(true)} data-testid="reimport">
              {t('sending.recipients.reimport')}
            </Button>
            <Button type="primary" onClick={onNext} disabled={finalCount(campaign.counts) === 0} data-testid="recipients-next">
              {t('sending.wizard.next')}
            </Button>
          </div>
        </>
      ) : (
        <Card size="small" title={t('sending.recipients.sourceTitle')}>
          <SourcePicker
            busy={inspect.isPending}
            onSource={(source, fileName) => void runInspect(source, fileName)}
            initial={segment ? 'segment' : campaign.audience === 'orders' ? 'orders' : undefined}
            orders={<OrderSource campaignId={campaign.id} onImported={() => setReplacing(false)} />}
            segment={<SegmentSource campaignId={campaign.id} onImported={() => setReplacing(false)} />}
          />
          {replacing && (
            <div className="jst-step-footer">
              <Button onClick={() => setReplacing(false)}>{t('common.cancel')}</Button>
            </div>
          )}
        </Card>
      )}
    </div>
  );
}
