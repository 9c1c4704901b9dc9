// Copies the address of the page as it is now (including its parameters),
// so that a run can be shared or put on a slide.

import { useEffect, useId, useRef, useState } from 'react';

export interface CopyLinkButtonProps {
  /** The link to copy; by default the current address. */
  readonly href?: string;
  readonly label?: string;
}

type CopyState = { kind: 'idle' } | { kind: 'copied' } | { kind: 'manual'; url: string };

export function CopyLinkButton({ href, label = 'Copy link' }: CopyLinkButtonProps) {
  const [state, setState] = useState<CopyState>({ kind: 'idle' });
  const statusId = useId();
  const manualRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (state.kind !== 'copied') return;
    const t = setTimeout(() => setState({ kind: 'idle' }), 2000);
    return () => clearTimeout(t);
  }, [state]);

  useEffect(() => {
    if (state.kind === 'manual') manualRef.current?.select();
  }, [state]);

  const copy = async (): Promise<void> => {
    const url = href ?? window.location.href;
    try {
      // The clipboard API needs a secure context and permission; where it is refused, show the link to copy by hand.
      await navigator.clipboard.writeText(url);
      setState({ kind: 'copied' });
    } catch {
      setState({ kind: 'manual', url });
    }
  };

  return (
    <span className="copy-link">
      <button type="button" className="button" onClick={() => void copy()} aria-describedby={statusId}>
        {label}
      </button>
      <span id={statusId} className="copy-status" aria-live="polite">
        {state.kind === 'copied' ? 'Link copied' : ''}
      </span>
      {state.kind === 'manual' ? (
        <input
          ref={manualRef}
          className="copy-manual"
          readOnly
          value={state.url}
          aria-label="Link to this page; copy it with Ctrl+C or Cmd+C"
          onBlur={() => setState({ kind: 'idle' })}
        />
      ) : null}
    </span>
  );
}
