import { useId, type HTMLAttributes, type ReactNode } from 'react'

export type Column<Row> = {
  key: string
  header: ReactNode
  cell: (row: Row, index: number) => ReactNode
  /** Figures: right-aligned and kept on one line. */
  numeric?: boolean
  /** The cell that names the row (a community, a unit): a row header for screen readers. */
  rowHeader?: boolean
  /** A title or free text that keeps a readable width on phones. */
  wide?: boolean
}

type RowAttributes = HTMLAttributes<HTMLTableRowElement> & { [data: `data-${string}`]: string | number | undefined }

type Props<Row> = {
  caption: ReactNode
  /** Say what the table is to screen readers only, where a heading above already says it. */
  captionHidden?: boolean
  columns: readonly Column<Row>[]
  rows: readonly Row[]
  rowKey: (row: Row) => string | number
  rowProps?: (row: Row) => RowAttributes
  /** Shown instead of the table when there are no rows; without it an empty table is shown. */
  empty?: ReactNode
  /** Rows of a <tfoot>, such as a total with the same columns. */
  footer?: readonly Row[]
  /**
   * On phones each row becomes a card: the row header is its title and every other value
   * is named by its column, so nothing needs scrolling sideways (public tables, staff lists).
   */
  stackOnPhone?: boolean
  className?: string
  testId?: string
}

function cellClass(column: Column<unknown>) {
  return [column.numeric && 'num', column.wide && 'wide'].filter(Boolean).join(' ') || undefined
}

/** Roles said outright for a stacked table: a browser may drop a table's own once CSS lays it out as blocks. */
function rolesFor(stacked: boolean | undefined) {
  const role = (name: string) => (stacked ? { role: name } : {})
  return {
    table: role('table'),
    group: role('rowgroup'),
    row: role('row'),
    columnHeader: role('columnheader'),
    rowHeader: role('rowheader'),
    cell: role('cell'),
  }
}

/**
 * A table of rows: a caption, column headers with scope, figures aligned right,
 * and a wrapper that scrolls sideways on phones instead of squeezing Chinese
 * text to one character a line (keyboard users can scroll it: it takes focus).
 * With `stackOnPhone` the rows become labelled cards on phones instead.
 */
export function DataTable<Row>({ caption, captionHidden, columns, rows, rowKey, rowProps, empty, footer, stackOnPhone, className, testId }: Props<Row>) {
  const captionId = useId()
  if (rows.length === 0 && empty != null) return <>{empty}</>
  const roles = rolesFor(stackOnPhone)
  const renderRow = (row: Row, index: number) => (
    <tr key={rowKey(row)} {...roles.row} {...rowProps?.(row)}>
      {columns.map(c =>
        c.rowHeader ? (
          <th key={c.key} scope="row" className={cellClass(c as Column<unknown>)} {...roles.rowHeader}>
            {c.cell(row, index)}
          </th>
        ) : (
          <td key={c.key} className={cellClass(c as Column<unknown>)} {...roles.cell}>
            {stackOnPhone ? (
              <>
                {/* Shown on phones only; screen readers already hear the column header. */}
                <span className="cell-label" aria-hidden="true">
                  {c.header}
                </span>
                <span className="cell-value">{c.cell(row, index)}</span>
              </>
            ) : (
              c.cell(row, index)
            )}
          </td>
        ),
      )}
    </tr>
  )
  const tableClass = [className, stackOnPhone && 'stack-on-phone'].filter(Boolean).join(' ') || undefined
  return (
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className={tableClass} data-testid={testId} {...roles.table}>
        <caption id={captionId} className={captionHidden ? 'visually-hidden' : undefined}>
          {caption}
        </caption>
        <thead {...roles.group}>
          <tr {...roles.row}>
            {columns.map(c => (
              <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} {...roles.columnHeader}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody {...roles.group}>{rows.map(renderRow)}</tbody>
        {footer?.length ? <tfoot {...roles.group}>{footer.map(renderRow)}</tfoot> : null}
      </table>
    </div>
  )
}
