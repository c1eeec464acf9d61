import { useT, type MessageKey } from '#app/i18n/index'

export type RejectedLine = { line: number; reason: string }

/** The lines an import refused, with why: one table for every kind of import. */
export function RejectedLines({
  rejects,
  title,
  lineHeader,
  reasonHeader,
}: {
  rejects: readonly RejectedLine[]
  title: MessageKey
  lineHeader: MessageKey
  reasonHeader: MessageKey
}) {
  const t = useT()
  return (
    <>
      <h2>{t(title)}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(lineHeader)}</th>
              <th scope="col">{t(reasonHeader)}</th>
            </tr>
          </thead>
          <tbody>
            {rejects.map(r => (
              <tr key={r.line}>
                <td>{r.line}</td>
                <td>{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
