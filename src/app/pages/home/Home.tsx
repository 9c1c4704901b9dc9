import homeText from '../../../../notebooks/home.md?raw';
import { Link } from '../../Link';
import { NOTEBOOKS, PLANNED } from '../../notebooks';
import { Prose } from '../../Prose';
import './home.css';

export function Home() {
  return (
    <div className="home">
      <Prose source={homeText} />

      <section aria-labelledby="notebooks-heading">
        <h2 id="notebooks-heading">Notebooks</h2>
        {NOTEBOOKS.length > 0 ? (
          <ul className="cards">
            {NOTEBOOKS.map((n) => (
              <li key={n.id} className="card">
                <Link to={n.path} className="card-link">
                  <n.Thumbnail />
                  <span className="card-title">{n.title}</span>
                </Link>
                <p className="card-summary">{n.summary}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p>No notebook is published yet; the first ones are being built and will appear here.</p>
        )}
      </section>

      {PLANNED.length > 0 ? (
        <section aria-labelledby="planned-heading" className="planned">
          <h2 id="planned-heading">In preparation</h2>
          <ul className="cards">
            {PLANNED.map((n) => (
              <li key={n.id} className="card card-planned">
                <n.Thumbnail />
                <span className="card-title">{n.title}</span>
                <p className="card-summary">{n.summary}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
