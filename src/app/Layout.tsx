// The frame of every page: course title, navigation, backend indicator,
// and problems with the address that concern the whole site.

import type { ReactNode } from 'react';
import { BackendIndicator } from './BackendIndicator';
import { fallbackNote, useBackendStore } from './backendInfo';
import { UpdateNotice } from './components/UpdateNotice';
import { ErrorBanner } from './ErrorBanner';
import { Link } from './Link';
import { NOTEBOOKS } from './notebooks';
import { useOfflineStore } from './offline';
import { useHashLocation } from './router';
import { useGlobalParams } from './useUrlParams';

export const COURSE_TITLE = 'Scalable variational inference, live';

export function Layout({ children }: { children: ReactNode }) {
  const { path } = useHashLocation();
  const { errors } = useGlobalParams();
  const probe = useBackendStore((s) => s.probe);
  const actual = useBackendStore((s) => s.actual);
  // A backend the page cannot read is not fatal: say what it uses instead.
  const messages = errors.map((e) => (e.param === 'backend' ? `${e.message}. ${fallbackNote(probe, actual)}` : e.message));
  const saved = useOfflineStore((s) => s.saved);

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => {
        // The hash is the router's; move focus without navigating.
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="site-title" current={path === '/'}>
            {COURSE_TITLE}
          </Link>
          <nav aria-label="Notebooks" className="site-nav">
            <ul>
              <li>
                <Link to="/" current={path === '/'}>
                  Home
                </Link>
              </li>
              {NOTEBOOKS.map((n) => (
                <li key={n.id}>
                  <Link to={n.path} current={path === n.path} title={n.summary}>
                    {n.title}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <BackendIndicator />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="site-main">
        <UpdateNotice />
        <ErrorBanner title="The address has a problem" messages={messages} />
        {children}
      </main>
      <footer className="site-footer">
        <p>Everything runs in this browser tab. No data leaves your computer.</p>
        {saved ? <p data-testid="offline-saved">The whole site is saved on this device: it works offline too.</p> : null}
      </footer>
    </div>
  );
}
