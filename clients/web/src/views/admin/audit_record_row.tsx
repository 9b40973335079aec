// One audit record: a line of the table, and its details under it when
// asked for.

import { useState } from "preact/hooks";
import { formatDateTime } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { roleLabel } from "../../app/session";
import type { AuditEvent } from "../../gen/clinic/v1/audit_pb";
import { shortMethod } from "./audit_methods";

const kColumns = 7;

export function transportLabel(transport: string): string {
  if (transport === "grpc") return "gRPC";
  if (transport === "connect") return "Connect (HTTP)";
  return transport || "Not recorded";
}

export function AuditRecordRow({ event }: { event: AuditEvent }) {
  const directory = useDirectory();
  const [open, setOpen] = useState(false);
  const sequence = String(event.sequence);
  const detailsId = `audit-record-${sequence}`;
  return (
    <>
      <tr class={event.outcome === "OK" ? undefined : "refused"}>
        <td>{sequence}</td>
        <td>{formatDateTime(event.time, directory.zone)}</td>
        <td>{event.staffMember ? directory.staffName(event.staffMember) : "—"}</td>
        <td>{shortMethod(event.method)}</td>
        <td>{event.resource}</td>
        <td>{event.outcome}</td>
        <td>
          <button type="button" class="secondary outline small" aria-expanded={open}
            aria-controls={detailsId} aria-label={`Details of record ${sequence}`}
            onClick={() => setOpen(!open)}>
            {/* The same words open or shut (aria-expanded tells which), so that
                the visible text stays part of the button's name. */}
            Details
          </button>
        </td>
      </tr>
      {open && (
        <tr id={detailsId} class="audit-details">
          <td colSpan={kColumns}>
            <dl class="facts">
              <dt>Record</dt>
              <dd>{sequence}</dd>
              <dt>Time</dt>
              <dd>{formatDateTime(event.time, directory.zone)} ({directory.zone})</dd>
              <dt>Staff member</dt>
              <dd>
                {directory.staffName(event.staffMember)} ({roleLabel(event.role)}), <code>{event.staffMember}</code>
              </dd>
              <dt>Method</dt>
              <dd><code>{event.method}</code></dd>
              <dt>Resource</dt>
              <dd>{event.resource ? <code>{event.resource}</code> : "None"}</dd>
              <dt>Patients</dt>
              <dd>{event.patients.length ? event.patients.map((p) => <code key={p}>{p} </code>) : "None"}</dd>
              <dt>Outcome</dt>
              <dd>{event.outcome}</dd>
              <dt>Transport</dt>
              <dd>{transportLabel(event.transport)}</dd>
            </dl>
          </td>
        </tr>
      )}
    </>
  );
}

