// Numbers as the pages print them: a few significant digits, thin spaces for
// thousands, and an en dash for "not yet".

/** x to `digits` significant figures, or '–' when there is no value yet. */
export function sig(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const r = Number(x.toPrecision(digits));
  return Math.abs(r) >= 1e4 ? Math.round(r).toLocaleString('en-US') : String(r);
}

/** An integer with thousands separators. */
export function int(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}
