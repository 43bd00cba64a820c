// The one ECharts registration of the renderer (patterns.md §6): echarts/core plus only the charts and components
// the screens use, and the canvas renderer. ChartOption is composed from exactly these, so using a series or
// component that is not registered here is a compile error. Import this module only from React.lazy chunks so the
// first render does not pay for ECharts.
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  type DatasetComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TitleComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.ComposeOption<
  BarSeriesOption | LineSeriesOption | DatasetComponentOption | GridComponentOption | LegendComponentOption | TitleComponentOption | TooltipComponentOption
>;

/** Colours that sit with antd's default theme: success, error, warning, neutral. */
export const DELIVERY_COLORS = { delivered: '#52c41a', failed: '#ff4d4f', pending: '#faad14', unknown: '#bfbfbf' } as const;

export interface MountedChart {
  update(option: ChartOption): void;
  resize(): void;
  dispose(): void;
}

/** Creates a canvas chart in `element`; the caller disposes it. */
export function mountChart(element: HTMLElement, option: ChartOption): MountedChart {
  const chart = echarts.init(element, null, { renderer: 'canvas' });
  chart.setOption(option);
  return {
    update: (next) => chart.setOption(next, { notMerge: true }),
    resize: () => chart.resize(),
    dispose: () => chart.dispose(),
  };
}
