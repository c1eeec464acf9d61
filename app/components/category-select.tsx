/** A labelled list of taxonomy categories named `category`: the empty option means any, or none. */
export function CategorySelect({
  label,
  emptyLabel,
  categories,
  defaultValue,
}: {
  label: string
  emptyLabel: string
  categories: readonly { value: string; label: string }[]
  defaultValue: string
}) {
  return (
    <label>
      {label}
      <select name="category" defaultValue={defaultValue}>
        <option value="">{emptyLabel}</option>
        {categories.map(c => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  )
}
