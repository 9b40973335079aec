// A member's API keys, for programs (clinicctl, integrations): the list
// (revoked ones too, never their secrets), issuing one (its secret shown
// once) and revoking one (it stops working at once).

import { useState } from "preact/hooks";
import { formatDateTime } from "../../api/clinic_time";
import { allPages } from "../../api/paging";
import { fieldProblems } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { TableHead } from "../../components/table_head";
import { useAction } from "../../components/use_action";
import type { ApiKey, StaffMember } from "../../gen/clinic/v1/staff_pb";
import { ConfirmStep } from "./confirm_step";
import { ShownOnce } from "./shown_once";
import { useAttemptId } from "./use_attempt_id";
import { useLoaded } from "./use_loaded";

function RevokeKey({ apiKey, onRevoked }: { apiKey: ApiKey; onRevoked(): void }) {
  const { api } = useSession();
  const [requestId] = useAttemptId();
  const revoke = useAction();
  const run = async () => {
    const answer = await revoke.run(() => api.staff.revokeApiKey({ name: apiKey.name, requestId }));
    if (answer) onRevoked();
  };
  const what = apiKey.description || "this key";
  return (
    <>
      <ConfirmStep start="Revoke…" confirm={`Revoke ${what}`} busy={revoke.busy} onConfirm={run}>
        Programs using {what} are refused from their next call.
      </ConfirmStep>
      <RefusalNotice refusal={revoke.refusal} />
    </>
  );
}

export function ApiKeysSection({ member }: { member: StaffMember }) {
  const { api } = useSession();
  const { zone } = useDirectory();
  const [description, setDescription] = useState("");
  const [secret, setSecret] = useState<string>();
  const [requestId, renewRequestId] = useAttemptId();
  const issue = useAction();

  const loaded = useLoaded(
    () =>
      allPages(
        (pageToken) => api.staff.listApiKeys({ parent: member.name, pageSize: 500, pageToken }),
        (page) => page.apiKeys,
      ),
    [api, member.name],
  );
  const keys = loaded.value;
  const load = loaded.reload;

  const submit = async (event: Event) => {
    event.preventDefault();
    const answer = await issue.run(() =>
      api.staff.issueApiKey({ parent: member.name, description, requestId }),
    );
    if (!answer) return;
    renewRequestId();
    setDescription("");
    setSecret(answer.secret);
    load();
  };

  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <RefusalNotice refusal={loaded.failure} />
      {keys && keys.length === 0 && <p>{member.displayName} has no API key.</p>}
      {keys && keys.length > 0 && (
        <table>
          <TableHead columns={["Key", "Issued", "State", "Actions"]} />
          <tbody>
            {keys.map((key) => (
              <tr key={key.name}>
                <td>{key.description || <em>No description</em>}</td>
                <td>{formatDateTime(key.createTime, zone)}</td>
                <td>{key.revokeTime ? `Revoked ${formatDateTime(key.revokeTime, zone)}` : "Active"}</td>
                <td>{!key.revokeTime && member.active && <RevokeKey apiKey={key} onRevoked={load} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {secret && (
        <ShownOnce label="API key" secret={secret} onDone={() => setSecret(undefined)}>
          <p>Programs send it as <code>authorization: Bearer …</code>. Keep it secret.</p>
        </ShownOnce>
      )}
      {member.active && (
        <form onSubmit={submit} aria-label="Issue an API key" class="inline-form">
          <Field label="What the key is for" hint="Such as “front desk tablet”; up to 100 characters."
            problems={fieldProblems(issue.refusal, "description")}>
            {(control) => (
              <input {...control} maxLength={100} value={description}
                onInput={(e) => setDescription(e.currentTarget.value)} />
            )}
          </Field>
          <RefusalNotice refusal={issue.refusal} placedFields={["description"]} />
          <button type="submit" aria-busy={issue.busy} disabled={issue.busy}>
            Issue an API key
          </button>
        </form>
      )}
    </section>
  );
}
