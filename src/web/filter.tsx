/** An option of a filter: its value, or [value, text] when the text differs. */
export type FilterOption = string | [value: string, text: string];

/** A labelled drop-down of a GET filter form; `all` (value "") comes first when given. */
export function FilterSelect({ label, name, options, selected, all }: { label: string; name: string; options: FilterOption[]; selected: string | undefined; all?: string }) {
  return (
    <label>
      {label}
      <select name={name}>
        {all !== undefined && <option value="">{all}</option>}
        {options.map((o) => {
          const [value, text] = typeof o === 'string' ? [o, o] : o;
          return (
            <option value={value} selected={selected === value}>
              {text}
            </option>
          );
        })}
      </select>
    </label>
  );
}
