import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { EffectPoint } from '../../../../shared/audiences/contract';
import { EChart } from '../../charts/EChart';
import type { ChartOption } from '../../charts/echarts';

const COST_COLOR = '#faad14';
const AMOUNT_COLOR = '#52c41a';

/** Spend (bars) and the paid amount sends brought (line) per day of a month or per month; a lazy chunk with ECharts. */
export default function EffectChart({ points, byDay }: { points: EffectPoint[]; byDay: boolean }) {
  const { t } = useTranslation();
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      title: { text: t(byDay ? 'costs.chartTitleDays' : 'costs.chartTitleMonths'), left: 0, textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, right: 0 },
      grid: { left: 48, right: 56, top: 44, bottom: 24 },
      xAxis: { type: 'category', data: points.map((p) => (byDay ? p.period.slice(5) : p.period)) },
      // Two axes (left: spend, right: amount; the legend names them): spend is usually a few yuan, what it brought hundreds.
      yAxis: [{ type: 'value' }, { type: 'value', splitLine: { show: false } }],
      series: [
        { name: t('costs.chartCost'), type: 'bar', color: COST_COLOR, data: points.map((p) => p.cost) },
        { name: t('costs.chartAmount'), type: 'line', yAxisIndex: 1, color: AMOUNT_COLOR, showSymbol: !byDay, data: points.map((p) => p.amount) },
      ],
    }),
    [points, byDay, t],
  );
  return <EChart option={option} height={240} testId="effect-chart" />;
}
