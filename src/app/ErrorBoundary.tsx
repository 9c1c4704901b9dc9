// A page that fails (a chunk that will not load, a bug) shows its error in place; the header and
// navigation keep working so the learner can go on. A page whose code could not be fetched (the
// network dropped before the site was saved for offline use) offers to try again, and tries again
// by itself when the network comes back.

import { Component, type ErrorInfo, type ReactNode } from 'react';
import { PageLoadError } from './notebooks';

interface Props {
  readonly children: ReactNode;
  /** Changing this key clears the error, e.g. when the route changes or a retry is asked for. */
  readonly resetKey: string;
  /** Asks for the page to be loaded again (the owner changes resetKey). */
  readonly onRetry?: () => void;
}

interface State {
  readonly error: Error | null;
  readonly key: string;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  private readonly retryWhenOnline = (): void => this.props.onRetry?.();

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Page failed', error, info.componentStack);
  }

  override componentDidUpdate(): void {
    window.removeEventListener('online', this.retryWhenOnline);
    if (this.state.error instanceof PageLoadError && this.props.onRetry) window.addEventListener('online', this.retryWhenOnline);
  }

  override componentWillUnmount(): void {
    window.removeEventListener('online', this.retryWhenOnline);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error instanceof PageLoadError) {
      return (
        <div className="error-banner" role="alert">
          <p className="error-title">This page could not be loaded</p>
          <p>
            Its code did not arrive: the network may be down. Pages already saved on this device still open. This page tries
            again by itself when the network is back.
          </p>
          <p className="error-detail">{error.message}</p>
          <div className="error-actions">
            {this.props.onRetry ? (
              <button type="button" className="button primary" onClick={this.props.onRetry}>
                Try again
              </button>
            ) : null}
            <button type="button" className="button" onClick={() => window.location.reload()}>
              Reload the page
            </button>
          </div>
        </div>
      );
    }
    if (error) {
      return (
        <div className="error-banner" role="alert">
          <p className="error-title">This page stopped with an error</p>
          <p>{error.message}</p>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Reload the page
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
