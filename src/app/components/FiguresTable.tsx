// A table of printed figures in the pages' shared look: one header row naming the columns over
// the rows the page gives.

import type { ReactNode } from 'react';

export interface FiguresTableProps {
  /** Describes the table for screen readers. */
  readonly label?: string;
  /** The header of each column, in order; an empty string for a column without one. */
  readonly columns: readonly ReactNode[];
  /** The table's body rows. */
  readonly children: ReactNode;
}

export function FiguresTable({ label, columns, children }: FiguresTableProps) {
  return (
    <table className="figures-table" aria-label={label}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
