// Bring your own data: upload a CSV file or paste its text. The page parses it and either trains
// on it or shows what is wrong, naming the line.

import { useId, useState } from 'react';
import './CsvInput.css';

export interface CsvInputProps {
  /** The header the file must have, e.g. "z" or "x1,x2,label". */
  readonly header: string;
  /** A few lines of a valid file, shown as the placeholder. */
  readonly example: string;
  /** The name of the data in use, when it is the learner's own. */
  readonly loaded: { name: string; rows: number } | null;
  readonly error: string | null;
  /** Called with the text and a name for it ("pasted data" or the file's name). */
  readonly onText: (text: string, name: string) => void;
  /** Back to the generated data. */
  readonly onClear: () => void;
  readonly disabled?: boolean;
}

export function CsvInput({ header, example, loaded, error, onText, onClear, disabled }: CsvInputProps) {
  const id = useId();
  const [text, setText] = useState('');
  return (
    <details className="csv-input" open={loaded !== null || error !== null}>
      <summary>
        Use your own data: a CSV file with the header <code>{header}</code>
      </summary>
      <div className="csv-body">
        <div className="field">
          <label htmlFor={`${id}-file`}>Upload a file</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv,text/plain"
            disabled={disabled}
            onChange={(e) => {
              const input = e.currentTarget;
              const file = input.files?.[0];
              if (!file) return;
              void file.text().then((t) => {
                onText(t, file.name);
                // Choosing the same file again should load it again.
                input.value = '';
              });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-text`}>or paste it here</label>
          <textarea id={`${id}-text`} rows={4} spellCheck={false} placeholder={example} value={text} disabled={disabled} onChange={(e) => setText(e.currentTarget.value)} />
        </div>
        <div className="csv-actions">
          <button type="button" className="button" disabled={disabled || text.trim() === ''} onClick={() => onText(text, 'pasted data')}>
            Use the pasted data
          </button>
          {loaded ? (
            <button type="button" className="button" disabled={disabled} onClick={onClear}>
              Back to generated data
            </button>
          ) : null}
        </div>
        {loaded ? (
          <p className="csv-loaded" data-testid="csv-loaded">
            In use: <strong>{loaded.name}</strong>, {loaded.rows.toLocaleString('en-US')} rows.
          </p>
        ) : null}
        {error ? (
          <p className="csv-error" role="alert" data-testid="csv-error">
            {error}
          </p>
        ) : null}
      </div>
    </details>
  );
}
