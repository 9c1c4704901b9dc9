// Problems the learner must fix before the page can run (a bad link, a
// missing feature), listed one per line, in a box screen readers announce.

export interface ErrorBannerProps {
  /** One sentence per problem; nothing is rendered when the list is empty. */
  readonly messages: readonly string[];
  readonly title?: string;
  /** An optional way out, e.g. a button that restores the defaults. */
  readonly action?: { readonly label: string; readonly onClick: () => void };
}

export function ErrorBanner({ messages, title = 'This page cannot run with these settings', action }: ErrorBannerProps) {
  if (messages.length === 0) return null;
  return (
    <div className="error-banner" role="alert">
      <p className="error-title">{title}</p>
      <ul>
        {messages.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
      {action ? (
        <button type="button" className="button" onClick={action.onClick}>
          {action.label}
        </button>
      ) : null}
    </div>
  );
}
