// One staff member: who they are, their sign-in password, their API keys,
// and deactivation (their sessions and keys end at once; never undone).

import { useState } from "preact/hooks";
import { formatDateTime } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { roleLabel, useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import type { StaffMember } from "../../gen/clinic/v1/staff_pb";
import { ApiKeysSection } from "./api_keys_section";
import { ConfirmStep } from "./confirm_step";
import { StaffPasswordSection } from "./staff_password_section";
import { useAttemptId } from "./use_attempt_id";
import { useLoaded } from "./use_loaded";
import "./admin.css";

function DeactivateSection({ member, onDone }: { member: StaffMember; onDone(m: StaffMember): void }) {
  const { api } = useSession();
  const [requestId] = useAttemptId();
  const deactivate = useAction();
  const run = async () => {
    const answer = await deactivate.run(() =>
      api.staff.deactivateStaffMember({ name: member.name, requestId }),
    );
    if (answer?.staffMember) onDone(answer.staffMember);
  };
  return (
    <section aria-labelledby="deactivate-title">
      <h2 id="deactivate-title">Deactivate</h2>
      <ConfirmStep start="Deactivate…" confirm={`Deactivate ${member.displayName}`}
        busy={deactivate.busy} onConfirm={run}>
        <p>
          {member.displayName} will no longer be able to sign in: their browser sessions and API
          keys end at once. Staff members are never deleted (the audit trail keeps naming them) and
          cannot be reactivated.
        </p>
      </ConfirmStep>
      <RefusalNotice refusal={deactivate.refusal} />
    </section>
  );
}

export function StaffMemberPage({ id }: { id: string }) {
  const { api } = useSession();
  const directory = useDirectory();
  const loaded = useLoaded(() => api.staff.getStaffMember({ name: `staff/${id}` }), [api, id]);
  // As deactivation left them, or as loaded.
  const [changed, setMember] = useState<StaffMember>();
  const member = changed ?? loaded.value?.staffMember;
  const failure = loaded.failure;

  const deactivated = (updated: StaffMember) => {
    setMember(updated);
    directory.reload();
  };

  return (
    <section aria-labelledby="member-title" class="admin">
      <p>
        <a href="/admin/staff">← Staff</a>
      </p>
      <RefusalNotice refusal={failure} />
      {!member && !failure && <p aria-busy="true">Loading…</p>}
      {member && (
        <>
          <h1 id="member-title">{member.displayName}</h1>
          <dl class="facts">
            <dt>Role</dt>
            <dd>{roleLabel(member.role)}</dd>
            <dt>E-mail</dt>
            <dd>{member.email || "None"}</dd>
            {member.licenceNumber && (
              <>
                <dt>Licence number</dt>
                <dd>{member.licenceNumber}</dd>
              </>
            )}
            <dt>State</dt>
            <dd>
              {member.active
                ? `Active since ${formatDateTime(member.createTime, directory.zone)}`
                : `Deactivated ${formatDateTime(member.deactivateTime, directory.zone)}`}
            </dd>
          </dl>
          {member.active && <StaffPasswordSection member={member} />}
          <ApiKeysSection member={member} />
          {member.active && <DeactivateSection member={member} onDone={deactivated} />}
        </>
      )}
    </section>
  );
}
