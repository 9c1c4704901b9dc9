// Ticks for the scaling page's log axes: a few round values per decade when the range is
// short, powers of ten (or every few) when it is long, labelled as plain numbers or as
// powers of ten, never with SI prefixes ("10m" reads as ten metres, not 0.01).

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

function superscript(n: number): string {
  return String(n)
    .split('')
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join('');
}

/** A tick label: 0.005, 20, 1024 as they are (whole numbers exactly, others to 4 digits); 10⁻¹⁶, 10⁴ or 2×10⁵ outside [0.001, 10000). */
export function formatTick(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  const sign = v < 0 ? '−' : '';
  if (a >= 1e-3 && a < 1e4) return sign + String(Number.isInteger(a) ? a : Number(a.toPrecision(4)));
  const e = Math.floor(Math.log10(a) + 1e-9);
  const m = Number((a / 10 ** e).toPrecision(3));
  return `${sign}${m === 1 ? '' : `${m}×`}10${superscript(e)}`;
}

/**
 * The domain of a log axis over data in [lo, hi]: at least one decade wide, centred on the data,
 * so that values equal to a few digits do not fill the chart with magnified rounding.
 */
export function logDomain(lo: number, hi: number): [number, number] {
  if (!(lo > 0) || !(hi >= lo)) return [lo, hi];
  if (hi / lo >= 10) return [lo, hi];
  const centre = Math.sqrt(lo * hi);
  return [centre / Math.sqrt(10), centre * Math.sqrt(10)];
}

/** Ticks inside [lo, hi] (lo > 0) for a log axis: 1-2-5 per decade up to 3 decades, else powers of ten, thinned to at most `max`. */
export function logTicks(lo: number, hi: number, max = 9): number[] {
  if (!(lo > 0) || !(hi >= lo) || !Number.isFinite(hi)) return [];
  const e0 = Math.floor(Math.log10(lo));
  const e1 = Math.ceil(Math.log10(hi));
  const inside = (v: number) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  if (e1 - e0 <= 3) {
    const out: number[] = [];
    for (let e = e0; e <= e1; e++) for (const m of [1, 2, 5]) if (inside(m * 10 ** e)) out.push(Number((m * 10 ** e).toPrecision(6)));
    if (out.length >= 2) return out;
  }
  const exps: number[] = [];
  for (let e = e0; e <= e1; e++) if (inside(10 ** e)) exps.push(e);
  const stride = Math.max(1, Math.ceil(exps.length / max));
  const top = exps[exps.length - 1];
  return exps.filter((e) => (top - e) % stride === 0).map((e) => 10 ** e);
}

/** Whole-epoch ticks for a short run (Plot would put ticks at 0.2, 0.4, ...); undefined leaves longer runs to Plot. */
export function epochTicks(epochs: number): number[] | undefined {
  if (!(epochs >= 1) || epochs > 12) return undefined;
  return Array.from({ length: epochs + 1 }, (_, i) => i);
}
