// Markdown tables for the README: a header row, an alignment row and one row per item, with
// cells escaped so no value can break the table.

export interface Column<T> {
  header: string;
  align: 'left' | 'right';
  cell(item: T): string;
}

/** The table, ending in a newline. */
export function markdownTable<T>(columns: readonly Column<T>[], items: readonly T[]): string {
  const lines = [
    row(columns.map((c) => c.header)),
    row(columns.map((c) => (c.align === 'right' ? '---:' : ':---'))),
    ...items.map((item) => row(columns.map((c) => escapeCell(c.cell(item))))),
  ];
  return `${lines.join('\n')}\n`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Pipes would end the cell and newlines the row; backslash-escape the one, flatten the other. */
function escapeCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}
