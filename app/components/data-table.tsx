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
  className?: string
  testId?: string
}

function cellClass(column: Column<unknown>) {
  return [column.numeric && 'num', column.wide && 'wide'].filter(Boolean).join(' ') || undefined
}

/**
 * A table of rows: a caption, column headers with scope, figures aligned right,
 * and a wrapper that scrolls sideways on phones instead of squeezing Chinese
 * text to one character a line (keyboard users can scroll it: it takes focus).
 */
export function DataTable<Row>({ caption, captionHidden, columns, rows, rowKey, rowProps, empty, footer, className, testId }: Props<Row>) {
  const captionId = useId()
  if (rows.length === 0 && empty != null) return <>{empty}</>
  const renderRow = (row: Row, index: number) => (
    <tr key={rowKey(row)} {...rowProps?.(row)}>
      {columns.map(c =>
        c.rowHeader ? (
          <th key={c.key} scope="row" className={cellClass(c as Column<unknown>)}>
            {c.cell(row, index)}
          </th>
        ) : (
          <td key={c.key} className={cellClass(c as Column<unknown>)}>
            {c.cell(row, index)}
          </td>
        ),
      )}
    </tr>
  )
  return (
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className={className} data-testid={testId}>
        <caption id={captionId} className={captionHidden ? 'visually-hidden' : undefined}>
          {caption}
        </caption>
        <thead>
          <tr>
            {columns.map(c => (
              <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{rows.map(renderRow)}</tbody>
        {footer?.length ? <tfoot>{footer.map(renderRow)}</tfoot> : null}
      </table>
    </div>
  )
}
