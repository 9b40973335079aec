// A refused call in plain words: the headline its reason code picks, the
// server's particulars, and the field problems no field on screen shows
// (those the form places beside its fields are listed in `placedFields`).

import { headline, type Refusal } from "../api/refusal";

export interface RefusalNoticeProps {
  refusal: Refusal | undefined;
  placedFields?: string[];
}

function placed(path: string, placedFields: string[]): boolean {
  return placedFields.some(
    (field) => path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`),
  );
}

export function RefusalNotice({ refusal, placedFields = [] }: RefusalNoticeProps) {
  if (!refusal) return null;
  const elsewhere = [...refusal.fields].filter(([path]) => !placed(path, placedFields));
  const title = headline(refusal);
  // The particulars, unless they only repeat the headline, or only list
  // the field problems already shown beside their fields.
  const particulars =
    refusal.fields.size > 0 && elsewhere.length === 0
      ? "Each problem is shown beside its field."
      : refusal.message.toLowerCase() === title.toLowerCase()
        ? ""
        : refusal.message;
  return (
    <div class="refusal" role="alert" data-reason={refusal.reason || undefined}>
      <strong>{title}</strong>
      {particulars && <p>{particulars}</p>}
      {elsewhere.length > 0 && (
        <ul>
          {elsewhere.map(([path, descriptions]) => (
            <li key={path}>
              <code>{path}</code>: {descriptions.join(" ")}
            </li>
          ))}
        </ul>
      )}
      {refusal.retryAfterMs !== undefined && (
        <p>Try again in {Math.max(1, Math.ceil(refusal.retryAfterMs / 1000))} s.</p>
      )}
    </div>
  );
}
