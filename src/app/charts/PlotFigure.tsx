// The one place where Observable Plot meets React. Plot builds a fresh SVG
// from data each time; React owns only the empty container. Redraws are
// throttled (at most one every `minIntervalMs`, 250 ms by default: four a
// second is smooth enough to watch a loss fall and cheap enough to leave the
// main thread free), and are triggered by prop changes, by live sources
// announcing new data, and by the container changing width.

import { useEffect, useLayoutEffect, useRef, type CSSProperties } from 'react';
import type { DataSource } from './live';

export interface PlotFigureProps {
  /** Builds the figure for a container `width` pixels wide, reading data as of now. */
  build: (width: number) => Element;
  /** Live sources whose changes should trigger a (throttled) redraw. */
  sources?: readonly DataSource<unknown>[];
  /** What the chart shows, for screen readers. */
  ariaLabel: string;
  /** Smallest time between two draws. */
  minIntervalMs?: number;
  /** Space reserved before the first draw, so the page does not jump. */
  minHeight?: number;
  className?: string;
}

export function PlotFigure({
  build,
  sources = [],
  ariaLabel,
  minIntervalMs = 250,
  minHeight,
  className,
}: PlotFigureProps) {
  const container = useRef<HTMLDivElement>(null);
  const buildRef = useRef(build);
  const drawer = useRef<{ schedule: () => void } | null>(null);

  // Always draw with the latest props.
  useLayoutEffect(() => {
    buildRef.current = build;
  });

  // The draw loop lives as long as the component.
  useLayoutEffect(() => {
    const el = container.current;
    if (!el) return;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastWidth = -1;

    const draw = (): void => {
      timer = null;
      last = performance.now();
      const width = Math.max(200, Math.floor(el.clientWidth || 640));
      lastWidth = width;
      try {
        el.replaceChildren(buildRef.current(width));
      } catch (err) {
        // A bad frame of data must not take the page down; say what happened in place.
        console.error('Chart failed to draw', err);
        const msg = document.createElement('p');
        msg.className = 'chart-error';
        msg.textContent = `This chart could not be drawn: ${err instanceof Error ? err.message : String(err)}`;
        el.replaceChildren(msg);
      }
    };

    const schedule = (): void => {
      if (timer !== null) return;
      const wait = Math.max(0, last + minIntervalMs - performance.now());
      timer = setTimeout(draw, wait);
    };

    draw();
    drawer.current = { schedule };

    const resize = new ResizeObserver(() => {
      if (Math.floor(el.clientWidth) !== lastWidth) schedule();
    });
    resize.observe(el);

    return () => {
      resize.disconnect();
      if (timer !== null) clearTimeout(timer);
      drawer.current = null;
    };
  }, [minIntervalMs]);

  // New props: redraw soon (the first render was drawn above).
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    drawer.current?.schedule();
  });

  // Live data: redraw soon after each announced change.
  useEffect(() => {
    const unsubscribe = sources.map((s) => s.subscribe(() => drawer.current?.schedule()));
    // Data may have changed between render and subscription.
    drawer.current?.schedule();
    return () => unsubscribe.forEach((u) => u());
    // The array is usually rebuilt each render; subscribing again is cheap and keeps it simple.
  }, [sources]);

  return (
    <div
      ref={container}
      className={className ? `plot-figure ${className}` : 'plot-figure'}
      role="img"
      aria-label={ariaLabel}
      // Reserved only while empty (see charts.css), so that a chart drawn smaller, as on a phone, leaves no gap.
      style={minHeight ? ({ '--plot-reserve': `${minHeight}px` } as CSSProperties) : undefined}
    />
  );
}
