// uPlot in React: one chart, resized with its container, with a legend in words.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartProps {
  /** x values (unix seconds) then one array per series */
  data: uPlot.AlignedData;
  series: uPlot.Series[];
  height?: number;
  label: string;
  yLabel?: string;
  bands?: uPlot.Band[];
  /** extra horizontal line (e.g. a target) */
  target?: { value: number; label: string };
}

export function Chart({ data, series, height = 240, label, yLabel, bands, target }: ChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fmt = new Intl.NumberFormat('en-GB');
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, 260),
      height,
      series: [{ label: 'Date', value: (_u, v) => (v == null ? '—' : new Date(v * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })) }, ...series],
      bands,
      scales: { x: { time: true, range: (_u, min, max) => (min === max || min == null || max == null ? [(min ?? 0) - 7 * 86400, (max ?? 0) + 7 * 86400] : [min, max]) }, y: { range: (_u, min, max) => [0, Math.max(max ?? 1, target?.value ?? 0, 1) * 1.1] } },
      axes: [
        { stroke: '#444', grid: { stroke: '#eee' }, values: (_u, ticks) => ticks.map((t) => new Date(t * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })) },
        { stroke: '#444', grid: { stroke: '#eee' }, label: yLabel, values: (_u, ticks) => ticks.map((t) => fmt.format(t)), size: 60 },
      ],
      legend: { live: true },
      cursor: { points: { size: 6 } },
      hooks: target
        ? {
            draw: [
              (u) => {
                const y = u.valToPos(target.value, 'y', true);
                const ctx = u.ctx;
                ctx.save();
                ctx.strokeStyle = '#000';
                ctx.setLineDash([6, 4]);
                ctx.lineWidth = 1.5 * devicePixelRatio;
                ctx.beginPath();
                ctx.moveTo(u.bbox.left, y);
                ctx.lineTo(u.bbox.left + u.bbox.width, y);
                ctx.stroke();
                ctx.fillStyle = '#000';
                ctx.textAlign = 'left';
                ctx.textBaseline = 'bottom';
                ctx.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
                ctx.fillText(target.label, u.bbox.left + 6 * devicePixelRatio, y - 4 * devicePixelRatio);
                ctx.restore();
              },
            ],
          }
        : {},
    };
    const plot = new uPlot(opts, data, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 260), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [data, series, height, bands, target, yLabel]);
  return <div className="chart" ref={ref} role="img" aria-label={label} />;
}

export const toSeconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

/** Aligns several date→value lists on one sorted x axis (missing = null). */
export function align(lists: Array<Array<{ date: string; value: number }>>): uPlot.AlignedData {
  const days = [...new Set(lists.flatMap((l) => l.map((p) => p.date)))].sort();
  const index = new Map(days.map((d, i) => [d, i] as const));
  const ys = lists.map((l) => {
    const arr: Array<number | null> = days.map(() => null);
    for (const p of l) arr[index.get(p.date)!] = p.value;
    return arr;
  });
  return [days.map(toSeconds), ...ys] as uPlot.AlignedData;
}
