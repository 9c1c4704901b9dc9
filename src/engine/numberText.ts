// Strict parsing of numbers typed by a person (in a URL, on a command line or in an input box).
// `Number()` alone is too lenient: it accepts '', ' ', '0x10', 'Infinity'
// and '1e3' for an integer. A value that is not written plainly should be
// reported, not guessed at.

const INT_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The integer written in `text`, or null when `text` is not a plain integer. */
export function parseIntText(text: string): number | null {
  const t = text.trim();
  if (!INT_TEXT.test(t)) return null;
  const v = Number(t);
  return Number.isSafeInteger(v) ? v : null;
}

/** The finite number written in `text`, or null when it is not one. */
export function parseFloatText(text: string): number | null {
  const t = text.trim();
  if (!FLOAT_TEXT.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/** A short, exact rendering of a number for messages and URLs (shortest round-trip form). */
export function formatNumber(v: number): string {
  return String(v);
}
