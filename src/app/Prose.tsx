// A notebook's text, with live components placed where the markdown asks:
//
//   <Prose source={svgpMd} live={{ lossStep: <LossChart /> }} />
//
// and in the markdown, on a line of its own:  ::: live lossStep

import 'katex/dist/katex.min.css';
import { useMemo, type ReactNode } from 'react';
import { renderMarkdown, splitLive } from './prose';

export interface ProseProps {
  /** Markdown with $…$ / $$…$$ mathematics, usually imported with `?raw`. */
  readonly source: string;
  /** The element for each `::: live name` marker. */
  readonly live?: Readonly<Record<string, ReactNode>>;
}

export function Prose({ source, live = {} }: ProseProps) {
  // Rendering maths is the costly part; do it once per text, not per render.
  const blocks = useMemo(
    () =>
      splitLive(source).map((b) => (b.kind === 'markdown' ? { kind: b.kind, html: renderMarkdown(b.text) } : b)),
    [source],
  );

  return (
    <>
      {blocks.map((b, i) =>
        b.kind === 'markdown' ? (
          // The HTML comes from the project's own bundled markdown, not from users.
          <div key={i} className="prose" dangerouslySetInnerHTML={{ __html: b.html }} />
        ) : Object.hasOwn(live, b.name) ? (
          <div key={i} className="live-part" data-live={b.name}>
            {live[b.name]}
          </div>
        ) : (
          // Visible on purpose: a marker with no component is a mistake to notice, not to hide.
          <p key={i} className="prose-missing">
            (Live part “{b.name}” is not available on this page.)
          </p>
        ),
      )}
    </>
  );
}
