// A page's parameters, read from and written to the hash query, so that the
// address bar always holds a link that reproduces what is on screen.

import { useCallback, useEffect, useMemo } from 'react';
import { hrefFor, navigate, useHashLocation } from './router';
import {
  GLOBAL_SCHEMA,
  canonicalParams,
  globalQuery,
  keysOf,
  parseParams,
  writeParams,
  type ParamError,
  type Schema,
  type Values,
} from './urlState';

export interface UrlParams<S extends Schema> {
  /** Current values; defaults stand in for missing or invalid ones. */
  readonly values: Values<S>;
  /** Problems with the URL, one per bad parameter; the page must not run while there are any. */
  readonly errors: readonly ParamError[];
  /** True when there are no errors. */
  readonly valid: boolean;
  /** Changes the given parameters (others are left as they are); defaults are removed from the URL. */
  setParams(patch: Partial<Values<S>>): void;
  /** Removes every parameter of the schema from the URL, restoring the defaults (and clearing errors). */
  resetParams(): void;
}

const GLOBAL_KEYS = Object.keys(GLOBAL_SCHEMA);

/**
 * Reads `schema` from the current hash query. The schema object should be
 * a module-level constant, so that parsing is not redone on every render.
 * Edits replace the history entry rather than adding one. An old link that
 * uses older names of parameters is rewritten with the canonical names once
 * it has been read without errors (with errors it is left as typed, so that
 * the messages match the address bar).
 */
export function useUrlParams<S extends Schema>(schema: S): UrlParams<S> {
  const { path, query } = useHashLocation();
  const parsed = useMemo(() => parseParams(schema, query, { ignore: GLOBAL_KEYS }), [schema, query]);
  const valid = parsed.errors.length === 0;

  useEffect(() => {
    const canonical = valid ? canonicalParams(schema, query) : null;
    if (canonical) navigate(hrefFor(path, canonical), { replace: true });
  }, [schema, path, query, valid]);

  const setParams = useCallback(
    (patch: Partial<Values<S>>) => {
      navigate(hrefFor(path, writeParams(schema, patch, query)), { replace: true });
    },
    [schema, path, query],
  );

  const resetParams = useCallback(() => {
    const params = new URLSearchParams(query);
    for (const key of keysOf(schema)) params.delete(key);
    navigate(hrefFor(path, params), { replace: true });
  }, [schema, path, query]);

  return { values: parsed.values, errors: parsed.errors, valid, setParams, resetParams };
}

/**
 * The parameters shared by all pages (the backend preference), from the hash query or the page's
 * own query string (see globalQuery), read leniently: bad values are reported, not fatal.
 */
export function useGlobalParams(): { values: Values<typeof GLOBAL_SCHEMA>; errors: readonly ParamError[] } {
  const { query } = useHashLocation();
  // The page query changes only by loading a new page, which renders everything afresh.
  const search = typeof window === 'undefined' ? '' : window.location.search;
  return useMemo(() => parseParams(GLOBAL_SCHEMA, globalQuery(search, query), { reportUnknown: false }), [search, query]);
}
