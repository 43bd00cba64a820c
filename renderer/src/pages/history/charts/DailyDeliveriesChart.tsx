import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DailyDelivery } from '../../../../../shared/history/contract';
import { DELIVERY_COLORS, type ChartOption } from '../../../charts/echarts';
import { EChart } from '../../../charts/EChart';

/** Last 30 days: stacked bars of delivered / failed / pending / 未知 per Beijing day (by submission day). */
export default function DailyDeliveriesChart({ days, height = 220 }: { days: DailyDelivery[]; height?: number }) {
  const { t } = useTranslation();
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: (['delivered', 'failed', 'pending', 'unknown'] as const).map((key) => ({
        name: t(`history.delivery.${key}`),
        type: 'bar' as const,
        stack: 'all',
        color: DELIVERY_COLORS[key],
        data: days.map((d) => d[key]),
      })),
    }),
    [days, t],
  );
  return <EChart option={option} height={height} testId="chart-daily" />;
}
