// Where a new member lands from their setup link (/setup-password?token=…):
// they choose their password, then sign in with it. Public: it is shown
// before the sign-in gate, whoever is (or is not) signed in at this
// browser, and makes only the one call anyone may make
// (SignInService.CompletePasswordSetup).

import { useState } from "preact/hooks";
import { fieldProblems } from "../../api/refusal";
import { useSession } from "../../app/session";
import { NewPasswordFields, useNewPassword } from "../../components/new_password_fields";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import type { StaffMember } from "../../gen/clinic/v1/staff_pb";
import { useAttemptId } from "./use_attempt_id";

export const kSetupPasswordPath = "/setup-password";

export function SetupPasswordPage() {
  const { api } = useSession();
  const token = new URLSearchParams(location.search).get("token") ?? "";
  const choice = useNewPassword();
  const [requestId] = useAttemptId();
  const [done, setDone] = useState<StaffMember>();
  const complete = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    if (choice.mismatch) return;
    const answer = await complete.run(() =>
      api.signIn.completePasswordSetup({ token, newPassword: choice.password, requestId }),
    );
    if (answer?.staffMember) setDone(answer.staffMember);
  };

  if (done) {
    return (
      <main class="container narrow">
        <h1>Password set</h1>
        <p role="status">
          {done.displayName}, your password is set. Sign in with your e-mail address ({done.email})
          and the password you chose.
        </p>
        {/* A full load: the app starts afresh at its sign-in gate. */}
        <button type="button" onClick={() => location.assign("/")}>
          Go to sign in
        </button>
      </main>
    );
  }
  return (
    <main class="container narrow">
      <h1>Choose your password</h1>
      {!token ? (
        <p role="alert">
          This address has no setup token. Open the whole link you were sent, or ask the clinic's
          administrator for a new one.
        </p>
      ) : (
        <form onSubmit={submit} aria-label="Choose your password">
          <p>
            12 to 128 characters, not your e-mail address, not a common password. A few unrelated
            words make a strong one.
          </p>
          <NewPasswordFields choice={choice} problems={fieldProblems(complete.refusal, "new_password")} />
          <RefusalNotice refusal={complete.refusal} placedFields={["new_password"]} />
          {complete.refusal && !fieldProblems(complete.refusal, "new_password") && (
            <p>A setup link works once, for 72 hours: ask the clinic's administrator for a new one.</p>
          )}
          <button type="submit" aria-busy={complete.busy} disabled={complete.busy || !!choice.mismatch}>
            Set my password
          </button>
        </form>
      )}
    </main>
  );
}
