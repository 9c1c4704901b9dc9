// The two variational families side by side: the latest finished run of each, with its coverage,
// its error and its final loss.

import { FiguresTable } from '../../components/FiguresTable';
import { sig } from '../../format';
import type { ElasticityGuideKind } from '../../../workers/elasticity/protocol';
import { useElasticityStore } from './elasticityStore';

const GUIDES: readonly { guide: ElasticityGuideKind; name: string }[] = [
  { guide: 'meanfield', name: 'mean-field' },
  { guide: 'structured', name: 'structured (2 × 2 per product)' },
];

const COLUMNS = ['guide', '90 % coverage', 'RMSE of β_i', 'final loss', 'run on'];

export function GuidesTable() {
  const guides = useElasticityStore((s) => s.guides);
  const rows = GUIDES.filter((g) => guides[g.guide]);
  if (rows.length === 0) return <p className="data-note">The table fills as training runs finish: run the mean-field guide, then the structured one, on the same settings.</p>;
  const missing = GUIDES.filter((g) => !guides[g.guide]);
  return (
    <>
      <FiguresTable label="Coverage, error and final loss of the latest finished run of each guide" columns={COLUMNS}>
        {rows.map(({ guide, name }) => {
          const f = guides[guide]!;
          return (
            <tr key={guide} data-guide={guide}>
              <th scope="row">{name}</th>
              <td data-figure="coverage">{f.coverage90 === null ? '–' : `${(100 * f.coverage90).toFixed(0)} %`}</td>
              <td data-figure="rmse">{f.betaRmse === null ? '–' : sig(f.betaRmse)}</td>
              <td data-figure="loss-final">{sig(f.lossFinal, 6)}</td>
              <td>{f.ranOn}</td>
            </tr>
          );
        })}
      </FiguresTable>
      {rows.some(({ guide }) => guides[guide]!.coverage90 === null) ? <p className="data-note">A dash: your own data have no known elasticities to measure coverage and error against.</p> : null}
      {missing.length ? <p className="data-note">Choose the {missing[0].name} guide above and run it to fill its row.</p> : null}
    </>
  );
}
