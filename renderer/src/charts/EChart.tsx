import { useEffect, useRef } from 'react';
import { mountChart, type ChartOption, type MountedChart } from './echarts';

/** One ECharts canvas that follows its option and its container's size. */
export function EChart({ option, height, testId }: { option: ChartOption; height: number; testId?: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<MountedChart | null>(null);
  useEffect(() => {
    if (!element.current) return;
    const mounted = mountChart(element.current, option);
    chart.current = mounted;
    const observer = new ResizeObserver(() => mounted.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      mounted.dispose();
      chart.current = null;
    };
    // The option is applied by the effect below; mounting happens once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    chart.current?.update(option);
  }, [option]);
  return <div ref={element} style={{ width: '100%', height }} data-testid={testId} />;
}
