/** What each headless notebook provides to the `npm run notebook` runner. */
import type { OptionSpecs, ParsedOptions } from '../cli/args';

export interface HeadlessNotebook<S extends OptionSpecs = OptionSpecs, R = unknown> {
  id: string;
  summary: string;
  specs: S;
  /** Runs the computation; throws (or rejects with) UsageError (exit 2) for impossible inputs. */
  run(options: ParsedOptions<S>): R | Promise<R>;
  /** The same figures as the JSON, for people. */
  format(result: R): string;
}

/** Declares a notebook with its option types inferred from its specs. */
export function defineNotebook<S extends OptionSpecs, R>(n: HeadlessNotebook<S, R>): HeadlessNotebook<S, R> {
  return n;
}
