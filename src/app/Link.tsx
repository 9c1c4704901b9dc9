// Links between pages. A forced backend (?backend=cpu) travels with the
// learner from page to page, so that one choice holds for the whole visit.

import type { ReactNode } from 'react';
import { hrefFor, useHashLocation } from './router';

export interface LinkProps {
  /** A route path such as '/' or '/svgp'. */
  readonly to: string;
  readonly children: ReactNode;
  readonly className?: string;
  /** Marks the link as the current page. */
  readonly current?: boolean;
  readonly title?: string;
}

/** The query to carry to another page: only the global parameters. */
export function carriedQuery(query: string): string {
  const from = new URLSearchParams(query);
  const out = new URLSearchParams();
  const backend = from.get('backend');
  if (backend !== null) out.set('backend', backend);
  return out.toString();
}

export function Link({ to, children, className, current, title }: LinkProps) {
  const { query } = useHashLocation();
  return (
    <a href={hrefFor(to, carriedQuery(query))} className={className} aria-current={current ? 'page' : undefined} title={title}>
      {children}
    </a>
  );
}
