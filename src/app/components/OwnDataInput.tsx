// The learner's own data, kept in a page's store: the CSV box wired to parse what is given,
// keep it (or the problem with it, naming the line), and go back to the generated data.

import { csvProblem } from '../data/csv';
import { CsvInput } from './CsvInput';

/** The part of a page's store that holds the learner's own data and the last file's problem. */
export interface OwnDataPatch<Own> {
  readonly own?: Own | null;
  readonly csvError?: string | null;
}

export interface OwnDataInputProps<Own extends { readonly name: string }> {
  /** The header the file must have, e.g. "z" or "x1,x2,label". */
  readonly header: string;
  /** A few lines of a valid file, shown as the placeholder. */
  readonly example: string;
  /** The data in use when they are the learner's own, else null. */
  readonly own: Own | null;
  readonly error: string | null;
  /** How many rows the learner's data have. */
  readonly rows: (own: Own) => number;
  /** Reads a file's text into the page's form of it; throws with the problem on bad input. */
  readonly parse: (text: string, name: string) => Own;
  /** The page store's update. */
  readonly update: (patch: OwnDataPatch<Own>) => void;
}

export function OwnDataInput<Own extends { readonly name: string }>({ header, example, own, error, rows, parse, update }: OwnDataInputProps<Own>) {
  const load = (text: string, name: string): void => {
    try {
      update({ own: parse(text, name), csvError: null });
    } catch (e) {
      update({ csvError: csvProblem(name, e) });
    }
  };
  const loaded = own ? { name: own.name, rows: rows(own) } : null;
  return <CsvInput header={header} example={example} loaded={loaded} error={error} onText={load} onClear={() => update({ own: null, csvError: null })} />;
}
