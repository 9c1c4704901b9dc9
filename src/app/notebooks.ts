// The notebooks of the course: what each is called and, for those that
// exist, how to load its page. Descriptions are kept for every planned
// notebook; only notebooks with a page loader are linked and routed.
//
// To publish a page, add one line to PAGE_LOADERS:
//
//   svgp: () => import('./pages/svgp/SvgpPage'),
//
// The page module's default export is a component with no props; it reads
// its parameters with useUrlParams and its text from notebooks/<id>.md.

import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import {
  BnnThumbnail,
  ElasticityThumbnail,
  ExactGpThumbnail,
  GammaThumbnail,
  ScalingThumbnail,
  SvgpThumbnail,
  SweepThumbnail,
} from './thumbnails';

export const NOTEBOOK_IDS = ['svgp', 'sweep', 'gamma', 'bnn', 'scaling', 'exact-gp', 'elasticity'] as const;
export type NotebookId = (typeof NOTEBOOK_IDS)[number];

export interface NotebookInfo {
  readonly id: NotebookId;
  readonly title: string;
  /** One line for the home page and the link's tooltip. */
  readonly summary: string;
  readonly Thumbnail: ComponentType;
}

type PageModule = { readonly default: ComponentType };
type PageLoader = () => Promise<PageModule>;

/** The implemented pages. Code-split: a page's code is fetched when its route is first opened. */
const PAGE_LOADERS: Partial<Record<NotebookId, PageLoader>> = {
  svgp: () => import('./pages/svgp/SvgpPage'),
  sweep: () => import('./pages/sweep/SweepPage'),
  gamma: () => import('./pages/gamma/GammaPage'),
  bnn: () => import('./pages/bnn/BnnPage'),
  scaling: () => import('./pages/scaling/ScalingPage'),
  'exact-gp': () => import('./pages/exact-gp/ExactGpPage'),
  elasticity: () => import('./pages/elasticity/ElasticityPage'),
};

const INFO: Record<NotebookId, Omit<NotebookInfo, 'id'>> = {
  svgp: {
    title: 'Mini-batch sparse variational GP',
    summary: 'Fit a GP to 10,000 points through 50 inducing inputs, with full batches and with mini-batches of 200, and race them.',
    Thumbnail: SvgpThumbnail,
  },
  sweep: {
    title: 'Where the mini-batch speed-up stops',
    summary: 'Time a training step for batch sizes from 32 to 10,000 and find where fixed costs take over.',
    Thumbnail: SweepThumbnail,
  },
  gamma: {
    title: 'A Gamma concentration by SVI',
    summary: 'Recover one parameter with a log-normal guide and compare it with the exact posterior.',
    Thumbnail: GammaThumbnail,
  },
  bnn: {
    title: 'A Bayesian neural network',
    summary: 'Classify two half-moons with a small network whose weights are uncertain, and watch the uncertainty grow away from the data.',
    Thumbnail: BnnThumbnail,
  },
  scaling: {
    title: 'Batch size and the linear scaling rule',
    summary: 'Measure gradient noise against batch size and see when scaling the learning rate with the batch works.',
    Thumbnail: ScalingThumbnail,
  },
  'exact-gp': {
    title: 'The exact GP and its cubic wall',
    summary: 'Fit an exact GP on a hand-written log-det gradient and on reverse mode, time a step against N, and find where the SVGP overtakes it.',
    Thumbnail: ExactGpThumbnail,
  },
  elasticity: {
    title: 'Price elasticities at scale',
    summary: 'Train a hierarchical model of 400 products’ sales with the data split across workers, check the elasticities it recovers, and time 1, 2 and 4 shards.',
    Thumbnail: ElasticityThumbnail,
  },
};

export interface NotebookEntry extends NotebookInfo {
  /** The route, e.g. '/svgp'. */
  readonly path: string;
  /** The page's component; its code is fetched the first time it renders (see pageComponent). */
  readonly Page: LazyExoticComponent<ComponentType>;
}

/** A page's code could not be fetched (the network is down, or a new build replaced the files). */
export class PageLoadError extends Error {
  constructor(
    readonly notebook: NotebookId,
    cause: unknown,
  ) {
    super(`The code of this page could not be loaded (${cause instanceof Error ? cause.message : String(cause)}).`, { cause });
    this.name = 'PageLoadError';
  }
}

const info = (id: NotebookId): NotebookInfo => ({ id, ...INFO[id] });

// React.lazy keeps a failed load for good, so each page's lazy component is kept here and
// dropped when its load fails: the next render after a retry fetches the code again.
const components = new Map<NotebookId, LazyExoticComponent<ComponentType>>();

/** The page component of a notebook, fetching its code on first render; after a failed fetch, a fresh one. */
export function pageComponent(id: NotebookId, load: PageLoader): LazyExoticComponent<ComponentType> {
  let component = components.get(id);
  if (!component) {
    component = lazy(() =>
      load().catch((e: unknown) => {
        components.delete(id);
        throw new PageLoadError(id, e);
      }),
    );
    components.set(id, component);
  }
  return component;
}

/** Pages that exist, in course order. */
export const NOTEBOOKS: readonly NotebookEntry[] = NOTEBOOK_IDS.flatMap((id) => {
  const load = PAGE_LOADERS[id];
  if (!load) return [];
  return [
    {
      ...info(id),
      path: `/${id}`,
      get Page() {
        return pageComponent(id, load);
      },
    },
  ];
});

/** Notebooks planned but without a page yet (shown on the home page as such, not linked). */
export const PLANNED: readonly NotebookInfo[] = NOTEBOOK_IDS.filter((id) => !PAGE_LOADERS[id]).map(info);

/** The page for a route path ('/svgp'), if there is one. */
export function findNotebook(path: string): NotebookEntry | undefined {
  return NOTEBOOKS.find((n) => n.path === path);
}

/** The planned notebook a path names, when it has no page yet (to say so instead of "not found"). */
export function findPlanned(path: string): NotebookInfo | undefined {
  return PLANNED.find((n) => `/${n.id}` === path);
}
