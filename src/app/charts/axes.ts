// Shared look of every chart, so that all pages read the same on a projector.

export interface AxisSpec {
  /** What is on the axis, e.g. "wall-clock time". */
  readonly label: string;
  /** Its unit, e.g. "s"; omitted for counts and dimensionless quantities. */
  readonly unit?: string;
  /** A fixed domain; otherwise the data's extent. */
  readonly domain?: readonly [number, number];
}

/** "wall-clock time (s)". */
export function axisLabel(axis: AxisSpec): string {
  return axis.unit ? `${axis.label} (${axis.unit})` : axis.label;
}

/** Type size inside charts; the page's own text is larger still. */
export const CHART_FONT_PX = 15;

export const chartStyle = {
  fontSize: `${CHART_FONT_PX}px`,
  fontFamily: 'inherit',
  overflow: 'visible',
} as const;

/**
 * Colours for series, chosen to stay distinct on a washed-out projector and
 * for common colour-vision deficiencies (Okabe and Ito's palette, reordered).
 */
export const SERIES_COLOURS = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#000000',
  '#8c6d31',
] as const;

/**
 * Tick values for a symmetric-log axis: zero (when inside the range) and
 * ±powers of ten beyond the linear region. Plot's default ticks for symlog
 * bunch together near the ends of the range and overprint each other.
 */
export function symlogTicks(min: number, max: number, constant = 1, maxTicks = 9): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) return [];
  const largest = Math.max(Math.abs(min), Math.abs(max));
  if (largest === 0) return [0];
  const lo = Math.max(Math.floor(Math.log10(Math.max(constant, Number.MIN_VALUE))), -300);
  const hi = Math.ceil(Math.log10(largest));
  const exponents: number[] = [];
  for (let k = lo; k <= hi; k++) exponents.push(k);
  const inRange = (v: number): boolean => v >= min && v <= max;
  const build = (ks: number[]): number[] => {
    const pos = ks.map((k) => 10 ** k).filter(inRange);
    const neg = ks.map((k) => -(10 ** k)).filter(inRange);
    return [...neg.reverse(), ...(inRange(0) ? [0] : []), ...pos];
  };
  let ticks = build(exponents);
  // Thin the exponents (keeping the largest) until the ticks fit.
  for (let stride = 2; ticks.length > maxTicks && stride <= exponents.length; stride++) {
    const top = exponents[exponents.length - 1]!;
    ticks = build(exponents.filter((k) => (top - k) % stride === 0));
  }
  return ticks;
}

/** Short labels for the power-of-ten ticks of a symlog axis: 0, 1k, −10k, 1M. */
export function formatSymlogTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  const sign = v < 0 ? '\u2212' : '';
  if (a >= 1e9) return `${sign}${a / 1e9}G`;
  if (a >= 1e6) return `${sign}${a / 1e6}M`;
  if (a >= 1e3) return `${sign}${a / 1e3}k`;
  return `${sign}${a}`;
}
