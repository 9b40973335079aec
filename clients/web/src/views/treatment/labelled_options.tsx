// <option>s of a labelled enum list (adverse_event_labels.ts).

export function LabelledOptions<T extends number>({ list }: { list: [T, string][] }) {
  return (
    <>
      {list.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </>
  );
}
