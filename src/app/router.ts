// A hash router. Routes live after `#` (`#/svgp?b=200&seed=1`) because the
// built site must work from any sub-path of any static host with no server
// rewrites: the server only ever sees the page itself, never the route.

import { useMemo, useSyncExternalStore } from 'react';

export interface HashLocation {
  /** Normalised path: '/' for home, otherwise '/id' without a trailing slash. */
  readonly path: string;
  /** The query after '?', without the '?'. */
  readonly query: string;
}

/** Splits a location hash ('#/svgp?b=2', '#svgp', '', '#/') into path and query. */
export function parseHash(hash: string): HashLocation {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const q = raw.indexOf('?');
  let path = q === -1 ? raw : raw.slice(0, q);
  const query = q === -1 ? '' : raw.slice(q + 1);
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape is left as typed; the route will not match and the page says so.
  }
  if (!path.startsWith('/')) path = `/${path}`;
  if (path.length > 1) path = path.replace(/\/+$/, '') || '/';
  return { path, query };
}

/** The href ('#/path?query') for a path and an optional query string or params. */
export function hrefFor(path: string, query: string | URLSearchParams = ''): string {
  const q = typeof query === 'string' ? query.replace(/^\?/, '') : query.toString();
  return `#${path}${q ? `?${q}` : ''}`;
}

// history.replaceState does not fire 'hashchange', so replacements announce
// themselves with this event to keep subscribers in step.
const REPLACED = 'svi:hashreplaced';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  window.addEventListener(REPLACED, onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener(REPLACED, onChange);
  };
}

const getHash = (): string => window.location.hash;

/** The current route; re-renders the caller when it changes. */
export function useHashLocation(): HashLocation {
  const hash = useSyncExternalStore(subscribe, getHash, () => '');
  return useMemo(() => parseHash(hash), [hash]);
}

/**
 * Goes to a hash href ('#/svgp?b=3'). With `replace`, the current history
 * entry is rewritten instead of adding one: used when a control edits the
 * page's parameters, so that Back leaves the page rather than undoing every
 * slider movement.
 */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  const target = href.startsWith('#') ? href : `#${href}`;
  if (target === window.location.hash) return;
  if (options.replace) {
    const url = new URL(window.location.href);
    url.hash = target;
    window.history.replaceState(window.history.state, '', url);
    window.dispatchEvent(new Event(REPLACED));
  } else {
    window.location.hash = target;
  }
}
