// The svgp page's settings, all in the URL so that a link reproduces a run.

import { floatParam, intParam, type Values } from '../../urlState';

export const SVGP_SCHEMA = {
  n: intParam('Data points N', 10_000, 100, 100_000),
  b: intParam('Batch size B', 200, 1, 100_000),
  m: intParam('Inducing inputs M', 50, 4, 200),
  lr: floatParam('Learning rate', 0.05, 1e-5, 1),
  fullSteps: intParam('Full-batch steps', 300, 1, 10_000),
  miniSteps: intParam('Mini-batch steps', 15_000, 1, 1_000_000),
  dataSeed: intParam('Data seed', 0, 0, 2_147_483_647),
  seed: intParam('Batch seed', 0, 0, 2_147_483_647),
} as const;

export type SvgpSettings = Values<typeof SVGP_SCHEMA>;

/** Problems that involve more than one setting (each setting alone is checked by the schema). */
export function crossCheck(s: SvgpSettings): string[] {
  return s.b > s.n ? [`b = ${s.b} is larger than the number of data points n = ${s.n}: allowed 1 to ${s.n}`] : [];
}
