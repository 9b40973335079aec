// The audit trail's filters: a time range on the clinic's clock, who made
// the call, which method, which patient; all combined (AND) by the server.

import { useState } from "preact/hooks";
import { fieldProblems, type Refusal } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { roleLabel } from "../../app/session";
import { Field } from "../../components/field";
import { kAuditMethods } from "./audit_methods";

export interface AuditFilter {
  from: string; // datetime-local values, on the clinic's clock
  until: string;
  staffMember: string;
  method: string;
  patient: string; // "patients/{id}"
}

export const kNoFilter: AuditFilter = { from: "", until: "", staffMember: "", method: "", patient: "" };

export interface AuditFiltersProps {
  refusal?: Refusal;
  busy: boolean;
  onApply(filter: AuditFilter): void;
}

export function AuditFilters({ refusal, busy, onApply }: AuditFiltersProps) {
  const { staff, zone } = useDirectory();
  const [filter, setFilter] = useState(kNoFilter);
  const set = (changed: Partial<AuditFilter>) => setFilter({ ...filter, ...changed });
  const submit = (event: Event) => {
    event.preventDefault();
    const patient = filter.patient.trim();
    onApply({
      ...filter,
      method: filter.method.trim(),
      patient: patient && !patient.startsWith("patients/") ? `patients/${patient}` : patient,
    });
  };
  const clear = () => {
    setFilter(kNoFilter);
    onApply(kNoFilter);
  };
  return (
    <form onSubmit={submit} aria-label="Filter the audit trail" class="audit-filters">
      <Field label="From" hint={`Clinic's clock (${zone}).`} problems={fieldProblems(refusal, "start_time")}>
        {(control) => (
          <input {...control} type="datetime-local" value={filter.from}
            onInput={(e) => set({ from: e.currentTarget.value })} />
        )}
      </Field>
      <Field label="Before" problems={fieldProblems(refusal, "end_time")}>
        {(control) => (
          <input {...control} type="datetime-local" value={filter.until}
            onInput={(e) => set({ until: e.currentTarget.value })} />
        )}
      </Field>
      <Field label="Staff member" problems={fieldProblems(refusal, "staff_member")}>
        {(control) => (
          <select {...control} value={filter.staffMember}
            onChange={(e) => set({ staffMember: e.currentTarget.value })}>
            <option value="">Anyone</option>
            {staff.map((member) => (
              <option key={member.name} value={member.name}>
                {member.displayName} ({roleLabel(member.role)}{member.active ? "" : ", deactivated"})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Method" hint="Pick one or type its full name." problems={fieldProblems(refusal, "method")}>
        {(control) => (
          <>
            <input {...control} list="audit-methods" value={filter.method}
              onInput={(e) => set({ method: e.currentTarget.value })} />
            <datalist id="audit-methods">
              {kAuditMethods.map((method) => (
                <option key={method} value={method} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field label="Patient" hint="The patient's id, as in their address." problems={fieldProblems(refusal, "patient")}>
        {(control) => (
          <input {...control} value={filter.patient} onInput={(e) => set({ patient: e.currentTarget.value })} />
        )}
      </Field>
      <div class="actions">
        <button type="submit" aria-busy={busy} disabled={busy}>Show</button>
        <button type="button" class="secondary" disabled={busy} onClick={clear}>Clear</button>
      </div>
    </form>
  );
}
