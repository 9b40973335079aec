// A temporary password must be replaced before anything else; the server
// refuses every other call until it is.

import { useState } from "preact/hooks";
import { newRequestId } from "../api/clients";
import { fieldProblems } from "../api/refusal";
import { Field } from "../components/field";
import { NewPasswordFields, useNewPassword } from "../components/new_password_fields";
import { RefusalNotice } from "../components/refusal_notice";
import { useAction } from "../components/use_action";
import type { StaffMember } from "../gen/clinic/v1/staff_pb";
import { useSession } from "./session";

export function ChangePasswordPage({ member }: { member: StaffMember }) {
  const session = useSession();
  const [current, setCurrent] = useState("");
  const choice = useNewPassword();
  const [requestId] = useState(newRequestId);
  const change = useAction();
  const mismatch = choice.mismatch;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (mismatch) return;
    const answer = await change.run(() =>
      session.api.signIn.changePassword({
        currentPassword: current,
        newPassword: choice.password,
        requestId,
      }),
    );
    if (answer?.staffMember) session.passwordChanged(answer.staffMember);
  };
  return (
    <main class="container narrow">
      <h1>Choose your password</h1>
      <p>
        {member.displayName}, you signed in with a temporary password. Choose your own: 12 to 128
        characters, not your e-mail address, not a common password.
      </p>
      <form onSubmit={submit} aria-label="Choose your password">
        <Field label="Temporary password" problems={fieldProblems(change.refusal, "current_password")}>
          {(control) => (
            <input {...control} type="password" autocomplete="current-password" required
              value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
          )}
        </Field>
        <NewPasswordFields choice={choice} problems={fieldProblems(change.refusal, "new_password")} />
        <RefusalNotice refusal={change.refusal} placedFields={["current_password", "new_password"]} />
        <button type="submit" aria-busy={change.busy} disabled={change.busy || !!mismatch}>
          Save and continue
        </button>
        <button type="button" class="secondary" onClick={() => session.signOut()}>
          Sign out
        </button>
      </form>
    </main>
  );
}
