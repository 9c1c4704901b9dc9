import { Link } from '../../Link';
import { findPlanned } from '../../notebooks';
import './notFound.css';

export function NotFound({ path }: { path: string }) {
  const planned = findPlanned(path);
  return (
    <section className="not-found">
      <h1>Page not found</h1>
      {planned ? (
        <p>
          The notebook “{planned.title}” is planned but not published yet.
        </p>
      ) : (
        <p>
          There is no page at <code>{path}</code>.
        </p>
      )}
      <p>
        <Link to="/">Back to the list of notebooks</Link>
      </p>
    </section>
  );
}
