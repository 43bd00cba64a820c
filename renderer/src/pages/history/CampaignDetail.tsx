import { DownloadOutlined, LeftOutlined, RedoOutlined, SyncOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Col, Modal, Row, Space, Statistic, Tooltip, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Navigate } from '../../routing/routes';
import { formatTime } from '../../format';
import { useApiMutation, useApiQuery } from '../../query';
import { CampaignStateTag } from '../send/CampaignStateTag';
import { saveFilePayload } from '../../files';
import { ErrCodeTable } from './ErrCodeTable';
import { NumbersTable } from './NumbersTable';
import { doNotResendReason } from '../../../../shared/history/report-codes';

const CampaignCharts = lazy(() => import('./charts/CampaignCharts'));

/** One campaign: counts, 立即核对, export, 重发失败号码, charts, failure reasons and the per-number table. */
export function CampaignDetail({ id, navigate }: { id: number; navigate: Navigate }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const detail = useApiQuery('history.campaign', { id });
  const reconcile = useApiMutation('history.reconcileNow', { invalidates: ['history.campaign', 'history.numbers', 'history.campaigns', 'history.daily'] });
  const exporter = useApiMutation('history.export');
  const resend = useApiMutation('history.resendFailed', { invalidates: ['campaigns.list'] });
  const [resendOpen, setResendOpen] = useState(false);
  const [includeUnknown, setIncludeUnknown] = useState(false);
  const [includeDoNotResend, setIncludeDoNotResend] = useState(false);
  const [errCode, setErrCode] = useState<string | undefined>();

  const data = detail.data;
  // What the failure codes say about sending again (the modal names them before anything is drafted).
  const doNotResend = { blocked: 0, 'no-such-number': 0 };
  for (const c of data?.errCodes ?? []) {
    const reason = doNotResendReason(c.errCode);
    if (reason) doNotResend[reason] += c.count;
  }
  const c = data?.campaign;
  const runReconcile = async () => {
    try {
      const r = await reconcile.mutateAsync({ id });
      if (r.problem) message.error(r.problem);
      else message.success(t('history.detail.reconciled', { checked: r.checked, changed: r.changed.length, pending: r.stillPending }));
      if (r.errors) message.warning(t('history.detail.reconcileErrors', { errors: r.errors }));
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  const runExport = async (format: 'csv' | 'xlsx') => {
    try {
      saveFilePayload(await exporter.mutateAsync({ id, format }));
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  const runResend = async () => {
    try {
      const r = await resend.mutateAsync({ id, includeUnknown, includeDoNotResend });
      setResendOpen(false);
      message.success(
        t('history.detail.resendOk', {
          numbers: r.numbers,
          delivered: r.excludedDelivered,
          suppressed: r.excludedSuppressed,
          doNotResend: r.excludedDoNotResend,
        }),
      );
      navigate('send', String(r.draftId));
    } catch (error) {
      message.error((error as Error).message);
    }
  };

  return (
    <div className="history" data-testid="history-detail">
      <Space style={{ marginBottom: 12 }} wrap>
        <Button icon={<LeftOutlined />} onClick={() => navigate('history')}>
          {t('history.detail.back')}
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="history-detail-name">
          {c ? c.name || `#${c.id}` : ''}
        </Typography.Title>
        {c && <CampaignStateTag state={c.state} />}
      </Space>
      {c && data && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card size="small">
            <Row gutter={16} align="middle">
              {(['sent', 'delivered', 'failed', 'pending', 'unknown'] as const).map((key) => (
                <Col key={key} flex="110px">
                  <Statistic title={t(key === 'sent' ? 'history.list.sent' : `history.delivery.${key}`)} value={c.counts[key]} valueStyle={{ fontSize: 20 }} />
                </Col>
              ))}
              <Col flex="110px">
                <Statistic
                  title={t('history.list.rate')}
                  value={c.deliveryRate === null ? '—' : `${(c.deliveryRate * 100).toFixed(1)}%`}
                  valueStyle={{ fontSize: 20 }}
                />
              </Col>
              <Col flex="auto">
                <Typography.Text type="secondary">
                  {c.templateName}（{c.templateCode}） · {c.signName} · {formatTime(c.startedAt ?? c.createdAt)} · {t('history.list.billed')} {c.billedSegments}
                  <br />
                  {t('history.detail.lastCheck')}：{data.reconcile.lastRunAt ? formatTime(data.reconcile.lastRunAt) : t('history.detail.never')}
                </Typography.Text>
              </Col>
            </Row>
            <Space wrap style={{ marginTop: 12 }}>
              <Tooltip title={t('history.detail.reconcileHelp')}>
                <Button
                  icon={<SyncOutlined />}
                  loading={reconcile.isPending}
                  disabled={!c.counts.pending}
                  onClick={() => void runReconcile()}
                  data-testid="history-reconcile"
                >
                  {t('history.detail.reconcile')}
                </Button>
              </Tooltip>
              <Button icon={<DownloadOutlined />} loading={exporter.isPending} onClick={() => void runExport('csv')} data-testid="history-export-csv">
                {t('history.detail.exportCsv')}
              </Button>
              <Button icon={<DownloadOutlined />} loading={exporter.isPending} onClick={() => void runExport('xlsx')} data-testid="history-export-xlsx">
                {t('history.detail.exportXlsx')}
              </Button>
              <Button
                icon={<RedoOutlined />}
                danger
                disabled={!c.counts.failed && !c.counts.unknown}
                onClick={() => setResendOpen(true)}
                data-testid="history-resend"
              >
                {t('history.detail.resend')}
              </Button>
            </Space>
          </Card>
          <Card size="small">
            <Suspense fallback={<div style={{ height: 260 }} />}>
              <CampaignCharts detail={data} />
            </Suspense>
          </Card>
          {data.errCodes.length > 0 && <ErrCodeTable codes={data.errCodes} onPick={setErrCode} />}
          <NumbersTable id={id} errCodes={data.errCodes} errCode={errCode} onErrCode={setErrCode} navigate={navigate} />
        </Space>
      )}
      <Modal
        open={resendOpen}
        title={t('history.detail.resendTitle')}
        onCancel={() => setResendOpen(false)}
        onOk={() => void runResend()}
        okText={t('history.detail.resend')}
        okButtonProps={{ loading: resend.isPending, danger: true, 'data-testid': 'history-resend-ok' }}
      >
        <Typography.Paragraph>{t('history.detail.resendBody')}</Typography.Paragraph>
        {(doNotResend.blocked > 0 || doNotResend['no-such-number'] > 0) && (
          <Typography.Paragraph type="warning" data-testid="history-resend-excluded">
            {t('history.detail.resendExcluded', { blocked: doNotResend.blocked, invalid: doNotResend['no-such-number'] })}
          </Typography.Paragraph>
        )}
        <Space direction="vertical">
          <Checkbox checked={includeUnknown} onChange={(e) => setIncludeUnknown(e.target.checked)}>
            {t('history.detail.includeUnknown')}
          </Checkbox>
          {(doNotResend.blocked > 0 || doNotResend['no-such-number'] > 0) && (
            <Checkbox checked={includeDoNotResend} onChange={(e) => setIncludeDoNotResend(e.target.checked)} data-testid="history-resend-include-dnr">
              {t('history.detail.includeDoNotResend')}
            </Checkbox>
          )}
        </Space>
      </Modal>
    </div>
  );
}
