// Giving a member a way to sign in at a browser: a one-time setup link with
// which they choose their own password (72 hours), or a temporary password
// they must change at their first sign-in. Either ends their sessions and
// replaces an earlier link; the secret is shown once.

import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { useState } from "preact/hooks";
import { formatDateTime } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import type { StaffMember } from "../../gen/clinic/v1/staff_pb";
import { ShownOnce } from "./shown_once";
import { useAttemptId } from "./use_attempt_id";

type Mode = "setupLink" | "temporaryPassword";

type Given =
  | { mode: "setupLink"; link: string; expires?: Timestamp }
  | { mode: "temporaryPassword"; password: string };

export function setupLinkFor(token: string): string {
  return `${location.origin}/setup-password?token=${encodeURIComponent(token)}`;
}

export function StaffPasswordSection({ member }: { member: StaffMember }) {
  const { api } = useSession();
  const { zone } = useDirectory();
  const [requestId, renewRequestId] = useAttemptId();
  const [given, setGiven] = useState<Given>();
  const set = useAction();

  const give = async (mode: Mode) => {
    const answer = await set.run(() =>
      api.staff.setStaffPassword({
        name: member.name,
        mode: { case: mode, value: true },
        requestId,
      }),
    );
    if (!answer) return;
    // The secret came in this answer only: a new request next time.
    renewRequestId();
    setGiven(
      mode === "setupLink"
        ? { mode, link: setupLinkFor(answer.setupToken), expires: answer.setupTokenExpireTime }
        : { mode, password: answer.temporaryPassword },
    );
  };

  return (
    <section aria-labelledby="password-title">
      <h2 id="password-title">Signing in at a browser</h2>
      {!member.email && (
        <p>{member.displayName} has no e-mail address, which is what staff sign in with.</p>
      )}
      <p>
        Either gives {member.displayName} a new way in: it ends their current sessions, replaces an
        earlier setup link and lifts a sign-in lock.
      </p>
      {given?.mode === "setupLink" && (
        <ShownOnce label="Setup link" secret={given.link} onDone={() => setGiven(undefined)}>
          <p>
            Send it to {member.displayName}: they open it and choose their password. It works once,
            until {formatDateTime(given.expires, zone)}.
          </p>
        </ShownOnce>
      )}
      {given?.mode === "temporaryPassword" && (
        <ShownOnce label="Temporary password" secret={given.password} onDone={() => setGiven(undefined)}>
          <p>{member.displayName} signs in with it once and must then choose their own.</p>
        </ShownOnce>
      )}
      <RefusalNotice refusal={set.refusal} />
      <div class="actions">
        <button type="button" aria-busy={set.busy} disabled={set.busy || !member.email}
          onClick={() => give("setupLink")}>
          Create a setup link
        </button>
        <button type="button" class="secondary" disabled={set.busy || !member.email}
          onClick={() => give("temporaryPassword")}>
          Create a temporary password
        </button>
      </div>
    </section>
  );
}
