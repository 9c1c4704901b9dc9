/**
 * The elasticity notebook's settings (a hierarchical Poisson price-elasticity model trained
 * data-parallel across shards), declared once: `npm run notebook -- elasticity`, the page's URL
 * and the model's defaults (ELASTICITY_DEFAULTS) read them.
 */
import { enumSetting, intSetting, pageOnly, pathSetting, seedSetting } from '../../settings';

/** The variational families: mean-field Normal, or each product's elasticity and intercept coupled (a 2 x 2 block). */
export type ElasticityGuideKind = 'meanfield' | 'structured';

export const ELASTICITY_SETTINGS = {
  products: intSetting({ label: 'Products', help: 'products in the generated data (spread evenly over the categories)', default: 400, min: 2, max: 100_000 }),
  categories: intSetting({ label: 'Categories', help: 'product categories in the generated data', default: 8, min: 1, max: 1000 }),
  periods: intSetting({ label: 'Periods', help: 'periods (weeks) per product in the generated data', default: 26, min: 2, max: 1000 }),
  steps: intSetting({ label: 'Steps', help: 'AdamW steps (rate 0.01 * 0.99^(t/1000), floored at 1e-5)', default: 3000, min: 1, max: 1_000_000 }),
  particles: intSetting({ label: 'Particles K', help: 'particles of the Renyi (alpha = 0) bound', default: 4, min: 1, max: 64 }),
  guide: enumSetting<ElasticityGuideKind>({
    label: 'Guide',
    help: "meanfield (every latent independent), or structured (each product's elasticity and intercept coupled)",
    default: 'meanfield',
    values: ['meanfield', 'structured'],
  }),
  shards: intSetting({ label: 'Shards', help: 'data-parallel shards (worker threads), each with its slice of the observations', default: 1, min: 1, max: 64 }),
  seed: seedSetting({ label: 'Seed', help: 'seed of the generated data and of the particles' }),
  speedSteps: pageOnly(
    intSetting({ label: 'Timed steps per count', help: 'steps timed for each shard count in the speed measurement (after 3 warm-up steps)', default: 30, min: 2, max: 1000 }),
  ),
  data: pathSetting({ label: 'Data file', help: 'CSV with header product,category,period,log_price,units replacing the generated data' }),
};
