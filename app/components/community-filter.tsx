/** A labelled community filter for GET forms: the empty option means every community. */
export function CommunityFilter({
  label,
  anyLabel,
  communities,
  defaultValue,
}: {
  label: string
  anyLabel: string
  communities: readonly { id: number; name: string }[]
  defaultValue: string | number
}) {
  return (
    <label>
      {label}
      <select name="community" defaultValue={defaultValue}>
        <option value="">{anyLabel}</option>
        {communities.map(c => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  )
}
