// Chooses the page for the current route.

import { Suspense, useEffect, useState } from 'react';
import { ErrorBoundary } from './ErrorBoundary';
import { COURSE_TITLE, Layout } from './Layout';
import { findNotebook } from './notebooks';
import { Home } from './pages/home/Home';
import { NotFound } from './pages/notFound/NotFound';
import { useHashLocation } from './router';

export function App() {
  const { path } = useHashLocation();
  const notebook = path === '/' ? undefined : findNotebook(path);
  // Bumped to load a page again after its code failed to arrive.
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    document.title = path === '/' ? COURSE_TITLE : `${notebook?.title ?? 'Page not found'} · ${COURSE_TITLE}`;
  }, [path, notebook]);

  // A new page starts at its top, as after following a link on any site.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [path]);

  let content;
  if (path === '/') content = <Home />;
  else if (notebook) content = <notebook.Page key={attempt} />;
  else content = <NotFound path={path} />;

  return (
    <Layout>
      <ErrorBoundary resetKey={`${path}#${attempt}`} onRetry={() => setAttempt((a) => a + 1)}>
        <Suspense fallback={<p className="loading">Loading the notebook…</p>}>{content}</Suspense>
      </ErrorBoundary>
    </Layout>
  );
}
