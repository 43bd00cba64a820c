import { Col, Empty, Row } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryCampaignDetail } from '../../../../../shared/history/contract';
import { DELIVERY_COLORS, type ChartOption } from '../../../charts/echarts';
import { formatTime } from '../../../format';
import { EChart } from '../../../charts/EChart';

/** A campaign's deliveries over time (delivered / failed per bucket, still waiting as a line) and failures by err_code. */
export default function CampaignCharts({ detail }: { detail: HistoryCampaignDetail }) {
  const { t } = useTranslation();
  const { buckets } = detail.timeline;
  const overTime = useMemo<ChartOption>(
    () => ({
      animation: false,
      title: { text: t('history.detail.chartOverTime'), left: 0, textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, right: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 24 },
      xAxis: { type: 'category', data: buckets.map((b) => formatTime(b.at, undefined, false)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('history.delivery.delivered'), type: 'bar', stack: 'done', color: DELIVERY_COLORS.delivered, data: buckets.map((b) => b.delivered) },
        { name: t('history.delivery.failed'), type: 'bar', stack: 'done', color: DELIVERY_COLORS.failed, data: buckets.map((b) => b.failed) },
        { name: t('history.delivery.pending'), type: 'line', color: DELIVERY_COLORS.pending, showSymbol: false, data: buckets.map((b) => b.pending) },
      ],
    }),
    [buckets, t],
  );
  const reasons = detail.errCodes.slice(0, 12);
  const byCode = useMemo<ChartOption>(
    () => ({
      animation: false,
      title: { text: t('history.detail.chartReasons'), left: 0, textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      grid: { left: 110, right: 24, top: 40, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: reasons.map((r) => r.errCode || t('history.detail.noCode')) },
      series: [{ name: t('history.delivery.failed'), type: 'bar', color: DELIVERY_COLORS.failed, data: reasons.map((r) => r.count) }],
    }),
    [reasons, t],
  );
  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        {buckets.length ? <EChart option={overTime} height={260} testId="chart-over-time" /> : <Empty description={t('history.detail.noData')} />}
      </Col>
      <Col xs={24} lg={10}>
        {reasons.length ? <EChart option={byCode} height={260} testId="chart-reasons" /> : <Empty description={t('history.detail.noFailures')} />}
      </Col>
    </Row>
  );
}
