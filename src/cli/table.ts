import { visibleWidth } from './output';

/** A column of {@link formatTable}. */
export interface Column {
  header: string;
  /** Numbers read best right-aligned. Default left. */
  align?: 'left' | 'right';
}

/**
 * Rows as aligned text lines, header first, columns two spaces apart. Widths ignore colour
 * codes, so cells may be styled. The last column is not padded, so lines carry no trailing
 * blanks; empty columns (every cell and the header blank) are dropped.
 */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[], styleHeader: (text: string) => string = (t) => t): string[] {
  const keep = columns.map((c, i) => c.header !== '' || rows.some((r) => (r[i] ?? '') !== ''));
  const cols = columns.filter((_, i) => keep[i]);
  const body = rows.map((r) => r.filter((_, i) => keep[i]));
  const widths = cols.map((c, i) => Math.max(visibleWidth(c.header), ...body.map((r) => visibleWidth(r[i] ?? ''))));
  const render = (cells: readonly string[], header: boolean): string =>
    cols
      .map((col, i) => {
        const cell = cells[i] ?? '';
        const pad = ' '.repeat(widths[i]! - visibleWidth(cell));
        const text = header ? styleHeader(cell) : cell;
        if (col.align === 'right') return pad + text;
        return i === cols.length - 1 ? text : text + pad;
      })
      .join('  ')
      .trimEnd();
  return [render(cols.map((c) => c.header), true), ...body.map((r) => render(r, false))];
}
