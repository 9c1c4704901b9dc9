// The frame every notebook page shares: what stops it from running (bad settings), the offer to
// rerun on the CPU when a run failed on the GPU, and the notebook's prose with its live parts.

import type { ReactNode } from 'react';
import { ErrorBanner } from './ErrorBanner';
import { GpuFailureBanner, type FailingRun } from './GpuFailureBanner';
import { Prose } from './Prose';

export interface NotebookArticleProps {
  /** One sentence per problem with the settings; the page refuses to run while there are any. */
  readonly problems: readonly string[];
  /** Offered as "Restore the default settings" when given (the problems come from the URL). */
  readonly onRestoreDefaults?: () => void;
  /** The page's runs, watched for a failure on the GPU. */
  readonly failing: readonly FailingRun[];
  /** The notebook's markdown and the element for each of its `::: live` markers. */
  readonly source: string;
  readonly live: Readonly<Record<string, ReactNode>>;
}

export function NotebookArticle({ problems, onRestoreDefaults, failing, source, live }: NotebookArticleProps) {
  return (
    <article>
      <ErrorBanner messages={problems} action={onRestoreDefaults ? { label: 'Restore the default settings', onClick: onRestoreDefaults } : undefined} />
      <GpuFailureBanner runs={failing} />
      <Prose source={source} live={live} />
    </article>
  );
}
