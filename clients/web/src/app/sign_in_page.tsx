// Signing in with e-mail and password; and, behind the screen lock, signing
// the same member in again without losing what was on screen.

import { useState } from "preact/hooks";
import { fieldProblems } from "../api/refusal";
import { Field } from "../components/field";
import { RefusalNotice } from "../components/refusal_notice";
import { useAction } from "../components/use_action";
import type { StaffMember } from "../gen/clinic/v1/staff_pb";
import { useSession } from "./session";

export function SignInForm({ member, notice }: { member?: StaffMember; notice?: string }) {
  const session = useSession();
  const [email, setEmail] = useState(member?.email ?? "");
  const [password, setPassword] = useState("");
  const signIn = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const answer = await signIn.run(() => session.api.signIn.signIn({ email, password }));
    setPassword("");
    if (answer?.staffMember) {
      if (member && answer.staffMember.name !== member.name) {
        // Someone else at a locked screen: start afresh, nothing of the
        // previous member's screen is kept for them.
        location.assign("/");
        return;
      }
      session.signedIn(answer.staffMember, answer.mustChangePassword, answer.idleTimeout);
    }
  };
  return (
    <form onSubmit={submit} aria-label="Sign in">
      {notice && <p role="status">{notice}</p>}
      <Field label="E-mail" problems={fieldProblems(signIn.refusal, "email")}>
        {(control) => (
          <input
            {...control}
            type="email"
            autocomplete="username"
            required
            readOnly={!!member}
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        )}
      </Field>
      <Field label="Password" problems={fieldProblems(signIn.refusal, "password")}>
        {(control) => (
          <input
            {...control}
            type="password"
            autocomplete="current-password"
            required
            autoFocus
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        )}
      </Field>
      <RefusalNotice refusal={signIn.refusal} placedFields={["email", "password"]} />
      <button type="submit" aria-busy={signIn.busy} disabled={signIn.busy}>
        {member ? "Unlock" : "Sign in"}
      </button>
    </form>
  );
}

export function SignInPage({ notice }: { notice?: string }) {
  return (
    <main class="container narrow">
      <h1>Mesoclinic</h1>
      <SignInForm notice={notice} />
    </main>
  );
}

export function LockScreen({ member }: { member: StaffMember }) {
  return (
    <div class="lock-screen" role="dialog" aria-modal="true" aria-labelledby="lock-title">
      <article>
        <h2 id="lock-title">Locked</h2>
        <p>
          The screen locked after a while without use. {member.displayName}, enter your password
          to carry on where you left off.
        </p>
        <SignInForm member={member} />
        <button class="secondary" type="button" onClick={() => location.assign("/")}>
          Sign in as someone else
        </button>
      </article>
    </div>
  );
}
