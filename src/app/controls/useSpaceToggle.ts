// Space starts or pauses a run, as in a video player, so that a teacher can
// drive the page from the keyboard while talking.

import { useEffect, useRef } from 'react';

/**
 * Elements that already give Space a meaning: typing, pressing a focused
 * button, ticking a box, moving a slider. Space there keeps its usual job;
 * otherwise a focused Run button would be pressed twice.
 */
export function spaceBelongsTo(target: EventTarget | null): boolean {
  if (typeof Element === 'undefined' || !(target instanceof Element)) return false;
  if (target.closest('[contenteditable=""], [contenteditable="true"]')) return true;
  return (
    target.closest(
      'input, textarea, select, button, a[href], summary, [role="button"], [role="checkbox"], [role="switch"], ' +
        '[role="slider"], [role="spinbutton"], [role="textbox"], [role="combobox"], [role="menuitem"], ' +
        '[role="option"], [role="tab"], [role="radio"]',
    ) !== null
  );
}

/** Calls `onToggle` when Space is pressed and focus is not on something that uses Space itself. */
export function useSpaceToggle(onToggle: () => void, enabled = true): void {
  const latest = useRef(onToggle);
  useEffect(() => {
    latest.current = onToggle;
  });

  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== ' ' && e.code !== 'Space') return;
      if (e.repeat || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (spaceBelongsTo(e.target)) return;
      // Space would otherwise scroll the page.
      e.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
