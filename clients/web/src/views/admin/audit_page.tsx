// The audit trail: every authenticated call, oldest first, filtered and
// paged by the server (a page at a time, "Show more"), each record's
// details on demand; and the check of the hash chain.

import { useCallback, useEffect, useState } from "preact/hooks";
import { toTimestamp } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import { TableHead } from "../../components/table_head";
import { useAction } from "../../components/use_action";
import type { AuditEvent } from "../../gen/clinic/v1/audit_pb";
import { AuditChainCheck } from "./audit_chain_check";
import { AuditFilters, kNoFilter, type AuditFilter } from "./audit_filters";
import { AuditRecordRow, transportLabel } from "./audit_record_row";
import { instantOfLocalInput } from "./local_time_input";
import "./admin.css";

const kPageSize = 100;

export function AuditPage() {
  const { api } = useSession();
  const { zone } = useDirectory();
  const [filter, setFilter] = useState<AuditFilter>(kNoFilter);
  const [events, setEvents] = useState<AuditEvent[]>();
  const [nextPageToken, setNextPageToken] = useState("");
  const [transport, setTransport] = useState("");
  const load = useAction();

  const fetchPage = useCallback(
    async (pageToken: string) => {
      const from = instantOfLocalInput(filter.from, zone);
      const until = instantOfLocalInput(filter.until, zone);
      const answer = await load.run(() =>
        api.audit.listAuditEvents({
          pageSize: kPageSize,
          pageToken,
          staffMember: filter.staffMember,
          method: filter.method,
          patient: filter.patient,
          startTime: from && toTimestamp(from),
          endTime: until && toTimestamp(until),
        }),
      );
      if (!answer) return;
      setEvents((earlier) => [...(pageToken ? earlier ?? [] : []), ...answer.auditEvents]);
      setNextPageToken(answer.nextPageToken);
    },
    [api, filter, zone],
  );
  useEffect(() => {
    fetchPage("");
  }, [fetchPage]);

  const shown = events?.filter((event) => !transport || event.transport === transport);
  return (
    <section aria-labelledby="audit-title" class="admin">
      <h1 id="audit-title">Audit trail</h1>
      <AuditChainCheck />
      <h2>Records</h2>
      <AuditFilters refusal={load.refusal} busy={load.busy} onApply={setFilter} />
      <RefusalNotice refusal={load.refusal}
        placedFields={["start_time", "end_time", "staff_member", "method", "patient"]} />
      {events && (
        <div class="audit-shown">
          <label>
            Transport (of the records loaded)
            <select value={transport} onChange={(e) => setTransport(e.currentTarget.value)}>
              <option value="">Any</option>
              <option value="connect">{transportLabel("connect")}</option>
              <option value="grpc">{transportLabel("grpc")}</option>
            </select>
          </label>
          <p role="status">
            {shown!.length} of {events.length} records loaded
            {nextPageToken ? ", oldest first; more follow." : ", oldest first; no more."}
          </p>
        </div>
      )}
      {shown && shown.length > 0 && (
        <div class="table-scroll">
        <table class="audit-records">
          <TableHead columns={["#", "Time", "Staff member", "Method", "Resource", "Outcome", "Details"]} />
          <tbody>
            {shown.map((event) => (
              <AuditRecordRow key={String(event.sequence)} event={event} />
            ))}
          </tbody>
        </table>
        </div>
      )}
      {nextPageToken && (
        <button type="button" class="secondary" aria-busy={load.busy} disabled={load.busy}
          onClick={() => fetchPage(nextPageToken)}>
          Show {kPageSize} more
        </button>
      )}
    </section>
  );
}
