// Typed page parameters that live in the URL, so that a link reproduces a run.
//
// A page's parameters are its notebook's settings (declared once, in engine code, with the spec
// library of src/engine/settings.ts), less the command-line-only ones. Parsing never clamps or
// guesses: a value that is out of range or malformed is reported by name, with the allowed range,
// and the page refuses to run until it is fixed. Older names of a setting (its aliases) are read,
// so old links keep working; links are written with the canonical names, and only with the values
// that differ from their defaults, so that they stay short and keep working when a default
// changes for the better.

import {
  checkValue,
  defaultValues,
  enumSetting,
  formatValue,
  nameIndex,
  type PageSetting,
  type ValueOf,
  type Values,
} from '../engine/settings';
import type { BackendPreference } from '../engine/backendPreference';
import { BACKEND_PREFERENCES } from '../engine/backendPreference';

export { checkValue, defaultValues, type Values };

/** A page's parameters: settings a URL can hold, keyed by canonical name. */
export type Schema = Readonly<Record<string, PageSetting>>;

/**
 * Parameters every page understands. The layout reads `backend` to show which
 * backend is forced; pages read it to tell their worker. Page schemas do not
 * repeat it; parsing a page schema ignores these keys rather than calling them
 * unknown.
 */
export const GLOBAL_SCHEMA = {
  backend: enumSetting({ label: 'Backend', default: 'auto', values: BACKEND_PREFERENCES }),
} as const satisfies Schema;

export type { BackendPreference };

/**
 * Where the global parameters are read from: the hash query (`#/svgp?backend=cpu`) and the page's
 * own query string (`/course/?backend=cpu#/svgp`). Where both name one, the hash's value wins: the
 * app edits the hash (the CPU offer after a GPU failure writes backend=cpu there), while the page
 * query is only ever typed.
 */
export function globalQuery(pageSearch: string, hashQuery: string): URLSearchParams {
  const out = new URLSearchParams(hashQuery);
  const page = new URLSearchParams(pageSearch);
  for (const key of Object.keys(GLOBAL_SCHEMA)) {
    if (out.has(key)) continue;
    for (const value of page.getAll(key)) out.append(key, value);
  }
  return out;
}

export interface ParamError {
  /** The parameter's key as written in the URL (a canonical name or an alias), or the unknown key. */
  readonly param: string;
  /** The raw text found in the URL. */
  readonly value: string;
  /** A sentence a learner can act on. */
  readonly message: string;
}

export interface ParseResult<S extends Schema> {
  /**
   * Parsed values; a parameter that is missing or in error holds its default.
   * Defaults stand in for bad values only so that the page can still draw its
   * controls: a page must not start a run while `errors` is non-empty.
   */
  readonly values: Values<S>;
  readonly errors: readonly ParamError[];
}

export interface ParseOptions {
  /** Keys that belong to someone else (for example GLOBAL_SCHEMA) and are not errors. */
  readonly ignore?: readonly string[];
  /** Report keys that the schema does not know. Defaults to true. */
  readonly reportUnknown?: boolean;
}

// A schema's name index is built once per schema object (schemas are module-level constants).
const indexes = new WeakMap<Schema, ReadonlyMap<string, string>>();

function indexOf(schema: Schema): ReadonlyMap<string, string> {
  let index = indexes.get(schema);
  if (!index) {
    index = nameIndex(schema);
    indexes.set(schema, index);
  }
  return index;
}

/** Reads a query string ('batch=200&seed=1', with or without a leading '?') against a schema. */
export function parseParams<S extends Schema>(
  schema: S,
  search: string | URLSearchParams,
  options: ParseOptions = {},
): ParseResult<S> {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const index = indexOf(schema);
  const values: Record<string, unknown> = defaultValues(schema);
  const errors: ParamError[] = [];
  const ignore = new Set(options.ignore ?? []);
  const seenUnknown = new Set<string>();
  // The key each setting was first given under.
  const given = new Map<string, string>();

  for (const [key, raw] of params) {
    const name = index.get(key);
    if (name === undefined) {
      if (!ignore.has(key) && options.reportUnknown !== false && !seenUnknown.has(key)) {
        const known = [...Object.keys(schema), ...ignore].join(', ');
        errors.push({
          param: key,
          value: raw,
          message: `${key} is not a parameter of this page: known parameters are ${known || 'none'}`,
        });
      }
      seenUnknown.add(key);
      continue;
    }
    const first = given.get(name);
    if (first !== undefined) {
      // Two values for one setting would make the link ambiguous.
      const message =
        first === key
          ? `${key} is given more than once: keep one value`
          : `${first} and ${key} are two names of one parameter (${name}): keep one value`;
      errors.push({ param: key, value: raw, message });
      continue;
    }
    given.set(name, key);
    const check = checkValue(key, schema[name]!, raw);
    if (check.ok) values[name] = check.value;
    else errors.push({ param: key, value: raw, message: check.message });
  }
  return { values: values as Values<S>, errors };
}

/**
 * Writes `values` into `base` (kept: keys outside the schema), setting only
 * parameters that differ from their defaults and deleting the rest, and
 * dropping the older names of every parameter it writes. Keys of the schema
 * that `values` does not mention are left as they are in `base`.
 */
export function writeParams<S extends Schema>(
  schema: S,
  values: Partial<Values<S>>,
  base: string | URLSearchParams = '',
): URLSearchParams {
  const out = new URLSearchParams(base);
  for (const [name, spec] of Object.entries(schema)) {
    if (!Object.hasOwn(values, name)) continue;
    for (const alias of spec.aliases ?? []) out.delete(alias);
    const value = (values as Record<string, ValueOf<PageSetting> | undefined>)[name];
    // Compared as text, so that a list equal to its default is left out too.
    if (value === undefined || formatValue(spec, value) === formatValue(spec, spec.default)) out.delete(name);
    else out.set(name, formatValue(spec, value));
  }
  return out;
}

/** The query string (without '?') for `values`, containing only non-default parameters in schema order. */
export function serializeParams<S extends Schema>(schema: S, values: Partial<Values<S>>): string {
  return writeParams(schema, values).toString();
}

/**
 * `search` with every older name of a parameter replaced by its canonical name (values and order
 * kept), or null when it uses none. A page rewrites an old link this way once it has read it.
 */
export function canonicalParams(schema: Schema, search: string | URLSearchParams): URLSearchParams | null {
  const params = new URLSearchParams(search);
  const index = indexOf(schema);
  let renamed = false;
  const out = new URLSearchParams();
  for (const [key, raw] of params) {
    const name = index.get(key);
    renamed ||= name !== undefined && name !== key;
    out.append(name ?? key, raw);
  }
  return renamed ? out : null;
}

/** Every key a schema's parameters are read from: canonical names and older ones. */
export function keysOf(schema: Schema): string[] {
  return [...indexOf(schema).keys()];
}
