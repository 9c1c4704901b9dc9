// The model's hierarchy as a picture: the global elasticity, the categories, the products and
// their observations, each level with its formula and its prior, and how many there are of each
// in the data in use (the settings, or the learner's own file).

import type { ReactElement } from 'react';

const W = 800;
const H = 330;
/** Where the tree is drawn (left) and where each level is described (right). */
const TREE_RIGHT = 440;
const TEXT_X = 460;
const LEVEL_Y = [40, 125, 210, 290] as const;

interface Counts {
  categories: number;
  products: number;
  periods: number;
  observations: number;
}

/** Up to `shown` evenly spread positions in [left, right], with an ellipsis slot when there are more. */
function slots(count: number, shown: number, left: number, right: number): { x: number; more: boolean }[] {
  const k = Math.min(count, shown);
  const more = count > shown;
  const total = k + (more ? 1 : 0);
  return Array.from({ length: total }, (_, i) => ({ x: left + ((i + 0.5) * (right - left)) / total, more: more && i === total - 1 }));
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Text with subscripts: `_x` or `_{xy}` sets x or xy lower and smaller, as in the formulas of the prose. */
function Sub({ text }: { text: string }) {
  const parts = text.split(/(_\{[^}]*\}|_[^\s,()·=+−]+)/).filter(Boolean);
  return (
    <>
      {parts.map((p, i) =>
        p.startsWith('_') ? (
          <tspan key={i} className="hierarchy-sub" dy="4">
            {p.replace(/^_\{?|\}$/g, '')}
          </tspan>
        ) : (
          <tspan key={i} dy={i > 0 && parts[i - 1].startsWith('_') ? -4 : 0}>
            {p}
          </tspan>
        ),
      )}
    </>
  );
}

function Level({ y, title, formula, detail }: { y: number; title: string; formula: string; detail: string }) {
  return (
    <g>
      <text x={TEXT_X} y={y - 14} className="hierarchy-title">
        {title}
      </text>
      <text x={TEXT_X} y={y + 4} className="hierarchy-formula">
        <Sub text={formula} />
      </text>
      <text x={TEXT_X} y={y + 21} className="hierarchy-detail">
        <Sub text={detail} />
      </text>
    </g>
  );
}

export function HierarchyFigure({ counts }: { counts: Counts }) {
  const cats = slots(counts.categories, 3, 20, TREE_RIGHT);
  const [gY, cY, pY, oY] = LEVEL_Y;
  const gX = (20 + TREE_RIGHT) / 2;
  const nodes: ReactElement[] = [];
  cats.forEach((c, ci) => {
    nodes.push(<line key={`gc${ci}`} x1={gX} y1={gY + 12} x2={c.x} y2={cY - 12} className="hierarchy-edge" />);
    if (c.more) {
      nodes.push(
        <text key={`c${ci}`} x={c.x} y={cY + 5} className="hierarchy-more">
          …
        </text>,
      );
      return;
    }
    nodes.push(<circle key={`c${ci}`} cx={c.x} cy={cY} r={12} className="hierarchy-node hierarchy-category" />);
    const width = (TREE_RIGHT - 20) / cats.length;
    const prods = slots(Math.max(1, Math.round(counts.products / counts.categories)), 2, c.x - width / 2 + 6, c.x + width / 2 - 6);
    prods.forEach((p, pi) => {
      nodes.push(<line key={`cp${ci}-${pi}`} x1={c.x} y1={cY + 12} x2={p.x} y2={pY - 9} className="hierarchy-edge" />);
      if (p.more) {
        nodes.push(
          <text key={`p${ci}-${pi}`} x={p.x} y={pY + 5} className="hierarchy-more">
            …
          </text>,
        );
        return;
      }
      nodes.push(<circle key={`p${ci}-${pi}`} cx={p.x} cy={pY} r={9} className="hierarchy-node hierarchy-product" />);
      for (const dx of [-9, 0, 9]) {
        nodes.push(<line key={`po${ci}-${pi}-${dx}`} x1={p.x} y1={pY + 9} x2={p.x + dx} y2={oY - 6} className="hierarchy-edge" />);
        nodes.push(<rect key={`o${ci}-${pi}-${dx}`} x={p.x + dx - 4} y={oY - 6} width={8} height={8} className="hierarchy-obs" />);
      }
    });
  });
  return (
    <figure className="chart hierarchy-figure">
      <figcaption className="chart-title">The hierarchy: every level draws its values around the one above</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="The model's hierarchy: a global elasticity, category elasticities around it, product elasticities around their category's, and the units sold in each period" data-testid="hierarchy">
        {nodes}
        <circle cx={gX} cy={gY} r={13} className="hierarchy-node hierarchy-global" />
        <Level y={gY} title="Global" formula="β_g = −2 + e_g" detail="e_g ~ Normal(0, 1): one elasticity for everything" />
        <Level y={cY} title={`Categories: ${fmt(counts.categories)}`} formula="β_c = β_g + e_c, γ_{c,t} = 3 g_{c,t}" detail={`e_c, g_{c,t} ~ Normal(0, 1); ${fmt(counts.periods)} periods`} />
        <Level y={pY} title={`Products: ${fmt(counts.products)}`} formula="β_i = β_{c(i)} + 2 e_i, δ_i = 3 d_i" detail="e_i, d_i ~ Normal(0, 1): elasticity and intercept" />
        <Level y={oY} title={`Observations: ${fmt(counts.observations)}`} formula="u_{it} ~ Poisson(exp(clip(η_{it}, −4, 20)))" detail="η_{it} = β_i · log price_{it} + γ_{c(i),t} + δ_i" />
      </svg>
    </figure>
  );
}
