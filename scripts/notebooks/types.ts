/** What each headless notebook provides to the `npm run notebook` runner. */
import type { Settings, Values } from '../../src/engine/settings';

export interface HeadlessNotebook<S extends Settings = Settings, R = unknown> {
  id: string;
  summary: string;
  /** The notebook's command-line settings: its declaration (src/engine/notebooks/<id>/settings.ts) less the page-only ones. */
  settings: S;
  /** Runs the computation; throws (or rejects with) UsageError (exit 2) for impossible inputs. */
  run(options: Values<S>): R | Promise<R>;
  /** The same figures as the JSON, for people. */
  format(result: R): string;
}

/** Declares a notebook with its option types inferred from its settings. */
export function defineNotebook<S extends Settings, R>(n: HeadlessNotebook<S, R>): HeadlessNotebook<S, R> {
  return n;
}
