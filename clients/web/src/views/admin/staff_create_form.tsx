// Adding a staff member: name, e-mail (what they sign in with), role, and
// for a practitioner the licence number the server requires.

import { useState } from "preact/hooks";
import { fieldProblems } from "../../api/refusal";
import { roleLabel, useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import { Role, type StaffMember } from "../../gen/clinic/v1/staff_pb";
import { useAttemptId } from "./use_attempt_id";

const kRoles = [Role.FRONT_DESK, Role.PRACTITIONER, Role.ADMIN];

export function StaffCreateForm({ onCreated }: { onCreated(member: StaffMember): void }) {
  const { api } = useSession();
  const [displayName, setDisplayName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState(Role.FRONT_DESK);
  const [licence, setLicence] = useState("");
  const [requestId, renewRequestId] = useAttemptId();
  const create = useAction();
  const practitioner = role === Role.PRACTITIONER;

  const submit = async (event: Event) => {
    event.preventDefault();
    const answer = await create.run(() =>
      api.staff.createStaffMember({
        staffMember: {
          displayName,
          email,
          role,
          licenceNumber: practitioner ? licence : "",
        },
        requestId,
      }),
    );
    if (answer?.staffMember) {
      renewRequestId();
      setDisplayName("");
      setEmail("");
      setLicence("");
      onCreated(answer.staffMember);
    }
  };

  const problems = (field: string) => fieldProblems(create.refusal, `staff_member.${field}`);
  return (
    <form onSubmit={submit} aria-labelledby="staff-create-title" class="admin-form">
      <h2 id="staff-create-title">Add a staff member</h2>
      <Field label="Display name" problems={problems("display_name")}>
        {(control) => (
          <input {...control} required maxLength={100} value={displayName}
            onInput={(e) => setDisplayName(e.currentTarget.value)} />
        )}
      </Field>
      <Field label="E-mail" hint="What they sign in with." problems={problems("email")}>
        {(control) => (
          <input {...control} type="email" value={email}
            onInput={(e) => setEmail(e.currentTarget.value)} />
        )}
      </Field>
      <Field label="Role" problems={problems("role")}>
        {(control) => (
          <select {...control} value={role}
            onChange={(e) => setRole(Number(e.currentTarget.value) as Role)}>
            {kRoles.map((option) => (
              <option key={option} value={option}>
                {roleLabel(option)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {practitioner && (
        <Field label="Licence number" hint="Required for practitioners." problems={problems("licence_number")}>
          {(control) => (
            <input {...control} maxLength={50} value={licence}
              onInput={(e) => setLicence(e.currentTarget.value)} />
          )}
        </Field>
      )}
      <RefusalNotice refusal={create.refusal} placedFields={["staff_member"]} />
      <button type="submit" aria-busy={create.busy} disabled={create.busy}>
        Add staff member
      </button>
    </form>
  );
}
