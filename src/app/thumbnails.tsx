// Small pictures of what each notebook shows, drawn as inline SVG (no image
// files, nothing fetched). Decorative: the card's title says the same in words.

import type { ReactElement, ReactNode } from 'react';

const W = 160;
const H = 100;

function Frame({ children }: { children: ReactNode }) {
  return (
    <svg className="thumb" viewBox={`0 0 ${W} ${H}`} width={W} height={H} aria-hidden="true" focusable="false">
      <rect x="0.5" y="0.5" width={W - 1} height={H - 1} rx="6" fill="#fff" stroke="#d5d9de" />
      {children}
    </svg>
  );
}

/** Blue–white–red, like the heatmaps on the pages. */
function diverging(t: number): string {
  const c = Math.max(-1, Math.min(1, t));
  const mix = (a: number, b: number, s: number): number => Math.round(a + (b - a) * s);
  const [r, g, b] = c < 0 ? [33, 102, 172] : [178, 24, 43];
  const s = Math.abs(c);
  return `rgb(${mix(247, r, s)},${mix(247, g, s)},${mix(247, b, s)})`;
}

const polyline = (pts: readonly (readonly [number, number])[]): string =>
  pts.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ');

/** The SVGP target surface with inducing inputs as crosses. */
export function SvgpThumbnail() {
  const cols = 16;
  const rows = 10;
  const cw = (W - 20) / cols;
  const ch = (H - 16) / rows;
  const cells: ReactElement[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const x1 = -1.5 + (3 * (i + 0.5)) / cols;
      const x2 = 1.5 - (3 * (j + 0.5)) / rows;
      const f = Math.sin(3 * x1) * Math.exp(-1.5 * (x1 * x1 + x2 * x2)) + 0.3 * x2;
      cells.push(
        <rect key={`${i}-${j}`} x={10 + i * cw} y={8 + j * ch} width={cw + 0.3} height={ch + 0.3} fill={diverging(f / 0.8)} />,
      );
    }
  }
  const crosses: ReactElement[] = [];
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j < 3; j++) {
      const x = 22 + i * 29 + (j % 2) * 6;
      const y = 22 + j * 28;
      crosses.push(<path key={`${i}-${j}`} d={`M${x - 3},${y - 3} L${x + 3},${y + 3} M${x - 3},${y + 3} L${x + 3},${y - 3}`} />);
    }
  }
  return (
    <Frame>
      <g>{cells}</g>
      <g stroke="#111" strokeWidth="1.6">{crosses}</g>
    </Frame>
  );
}

/** Milliseconds per step against batch size: flat, then rising. */
export function SweepThumbnail() {
  const pts: [number, number][] = [];
  for (let k = 0; k <= 8; k++) {
    const x = 20 + k * 16;
    const y = 70 - 48 / (1 + Math.exp(-(k - 4.5) * 1.4));
    pts.push([x, y]);
  }
  return (
    <Frame>
      <path d="M16,84 H148 M16,84 V10" stroke="#8a9096" strokeWidth="1.2" fill="none" />
      <path d={polyline(pts)} stroke="#0072b2" strokeWidth="2.5" fill="none" />
      <g fill="#0072b2">
        {pts.map(([x, y]) => (
          <circle key={x} cx={x} cy={y} r="3" />
        ))}
      </g>
      <path d="M148,14 V84" stroke="#3b3f45" strokeDasharray="4,3" />
      <text x="30" y="62" fontSize="10" fill="#3b3f45">flat</text>
      <text x="96" y="30" fontSize="10" fill="#3b3f45">rising</text>
    </Frame>
  );
}

/** A variational density against the exact posterior, with the true value marked. */
export function GammaThumbnail() {
  const curve = (mean: number, sd: number, scale: number): [number, number][] =>
    Array.from({ length: 61 }, (_, i) => {
      const x = 14 + (i * (W - 28)) / 60;
      const z = (x - mean) / sd;
      return [x, 84 - scale * Math.exp(-0.5 * z * z)];
    });
  return (
    <Frame>
      <path d="M12,84 H148" stroke="#8a9096" strokeWidth="1.2" />
      <path d={polyline(curve(84, 14, 62))} stroke="#d55e00" strokeWidth="2.5" fill="none" />
      <path d={polyline(curve(80, 17, 52))} stroke="#0072b2" strokeWidth="2.5" fill="none" strokeDasharray="5,3" />
      <path d="M82,12 V84" stroke="#111" strokeWidth="1.5" />
    </Frame>
  );
}

/** Two half-moons of labelled points and a decision boundary. */
export function BnnThumbnail() {
  const dots: ReactElement[] = [];
  for (let i = 0; i < 22; i++) {
    const t = (Math.PI * i) / 21;
    const jitter = Math.sin(i * 7.3) * 3;
    dots.push(<circle key={`a${i}`} cx={50 + 34 * Math.cos(t) + jitter} cy={58 - 30 * Math.sin(t) + jitter} r="2.6" fill="#0072b2" />);
    dots.push(<circle key={`b${i}`} cx={84 + 34 * Math.cos(t) - jitter} cy={42 + 30 * Math.sin(t) - jitter} r="2.6" fill="#d55e00" />);
  }
  return (
    <Frame>
      <rect x="4" y="4" width={W - 8} height={H - 8} rx="4" fill="#eef3f8" />
      <path d="M10,70 C50,76 55,30 80,50 S120,22 150,30" stroke="#111" strokeWidth="1.8" fill="none" strokeDasharray="5,3" />
      <g>{dots}</g>
    </Frame>
  );
}

/** Loss against epochs for several batch sizes: most overlap, the largest diverges. */
export function ScalingThumbnail() {
  const colours = ['#0072b2', '#009e73', '#e69f00', '#d55e00'];
  // Screen y runs downwards: a falling loss goes from near the top (y = 12) to the floor (y = 84).
  const curves = colours.map((_, k) =>
    Array.from({ length: 31 }, (_, i): [number, number] => {
      const x = 18 + i * 4.3;
      const y = 12 + 72 * (1 - Math.exp(-i / (3 + k * 0.7)));
      // The largest batch with a scaled-up step falls at first, then climbs away.
      return [x, k === 3 ? Math.max(12, y - Math.max(0, i - 9) ** 1.6 * 1.1) : y];
    }),
  );
  return (
    <Frame>
      <path d="M16,88 H150 M16,88 V10" stroke="#8a9096" strokeWidth="1.2" fill="none" />
      {curves.map((pts, k) => (
        <path key={k} d={polyline(pts)} stroke={colours[k]} strokeWidth="2.2" fill="none" />
      ))}
    </Frame>
  );
}

/** A posterior band around a sine wave over noisy points, and a cubic cost curve climbing out of the corner. */
export function ExactGpThumbnail() {
  const xs = Array.from({ length: 41 }, (_, i) => i / 40);
  const sx = (x: number) => 14 + 132 * x;
  const sy = (y: number) => 50 - 26 * y;
  const upper = xs.map((x): [number, number] => [sx(x), sy(Math.sin(2 * Math.PI * x) + 0.45)]);
  const lower = xs.map((x): [number, number] => [sx(x), sy(Math.sin(2 * Math.PI * x) - 0.45)]).reverse();
  const mean = xs.map((x): [number, number] => [sx(x), sy(Math.sin(2 * Math.PI * x))]);
  // A fixed scatter about the curve (no random numbers: the picture never changes).
  const dots = Array.from({ length: 14 }, (_, i) => {
    const x = (i + 0.5) / 14;
    return [sx(x), sy(Math.sin(2 * Math.PI * x) + 0.3 * Math.sin(7.3 * i))] as const;
  });
  const cubic = Array.from({ length: 21 }, (_, i): [number, number] => [104 + 2 * i, 94 - 0.006 * i ** 3]);
  return (
    <Frame>
      <path d={`${polyline([...upper, ...lower])} Z`} fill="#0072b2" fillOpacity="0.18" stroke="none" />
      <path d={polyline(mean)} stroke="#0072b2" strokeWidth="2.2" fill="none" />
      <g fill="#3b3f45">
        {dots.map(([x, y]) => (
          <circle key={x} cx={x} cy={y} r="1.8" />
        ))}
      </g>
      <path d={polyline(cubic)} stroke="#d55e00" strokeWidth="2.2" fill="none" />
      <text x="118" y="96" fontSize="9" fill="#3b3f45">N³</text>
    </Frame>
  );
}

/** A small hierarchy: one global node, categories below it, products below those, and the data split into two shards. */
export function ElasticityThumbnail() {
  const cats = [40, 80, 120];
  const products = cats.flatMap((c) => [c - 12, c + 12]);
  return (
    <Frame>
      <rect x="14" y="74" width="62" height="16" rx="3" fill="#e8f1f8" stroke="#0072b2" />
      <rect x="84" y="74" width="62" height="16" rx="3" fill="#e8f1f8" stroke="#0072b2" />
      {cats.map((c) => (
        <line key={`g${c}`} x1="80" y1="18" x2={c} y2="40" stroke="#9aa3ad" strokeWidth="1.2" />
      ))}
      {products.map((p, i) => (
        <line key={`c${p}`} x1={cats[Math.floor(i / 2)]} y1="40" x2={p} y2="62" stroke="#9aa3ad" strokeWidth="1.2" />
      ))}
      <circle cx="80" cy="18" r="7" fill="#3b3f45" />
      {cats.map((c) => (
        <circle key={c} cx={c} cy="40" r="6" fill="#d55e00" />
      ))}
      {products.map((p) => (
        <circle key={p} cx={p} cy="62" r="4.5" fill="#0072b2" />
      ))}
      <g fill="#0072b2">
        {Array.from({ length: 12 }, (_, i) => (
          <rect key={i} x={19 + i * 10 + (i >= 6 ? 10 : 0)} y="79" width="6" height="6" rx="1" />
        ))}
      </g>
    </Frame>
  );
}
