// The patient's consents, every state: what each covers, who signed and
// how, withdrawal (front desk and practitioners: whoever takes the call),
// the exact text each was given to, and taking a new one (practitioners).

import { useCallback, useEffect, useState } from "preact/hooks";
import { newRequestId } from "../../api/clients";
import { formatDateTime } from "../../api/clinic_time";
import { allPages } from "../../api/paging";
import { fieldProblems, refusalOf, type Refusal } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useMember, useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import { ConsentSigner, ConsentState, type Consent } from "../../gen/clinic/v1/consent_pb";
import type { Patient } from "../../gen/clinic/v1/patients_pb";
import { Role } from "../../gen/clinic/v1/staff_pb";
import { consentMethodLabel, consentSignerLabel, consentStateLabel } from "./patient_labels";
import { RecordConsentForm } from "./record_consent_form";

function WithdrawConsent({ consent, onWithdrawn }: { consent: Consent; onWithdrawn(c: Consent): void }) {
  const { api } = useSession();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [requestId] = useState(newRequestId);
  const withdraw = useAction();
  if (!open) {
    return (
      <button type="button" class="secondary outline small" onClick={() => setOpen(true)}>
        Withdraw…
      </button>
    );
  }
  const submit = async (event: Event) => {
    event.preventDefault();
    const answer = await withdraw.run(() =>
      api.consents.withdrawConsent({ name: consent.name, reason, requestId }),
    );
    if (answer?.consent) onWithdrawn(answer.consent);
  };
  return (
    <form onSubmit={submit} aria-label="Withdraw the consent" class="withdraw-consent">
      <Field label="Why the patient withdraws" problems={fieldProblems(withdraw.refusal, "reason")}
        hint="Required, up to 500 characters">
        {(control) => (
          <textarea {...control} rows={2} required aria-required="true" value={reason}
            onInput={(e) => setReason(e.currentTarget.value)} />
        )}
      </Field>
      <RefusalNotice refusal={withdraw.refusal} placedFields={["reason"]} />
      <div class="button-row">
        <button type="submit" class="contrast small" aria-busy={withdraw.busy} disabled={withdraw.busy}>
          Withdraw the consent
        </button>
        <button type="button" class="secondary small" onClick={() => setOpen(false)}>
          Keep it
        </button>
      </div>
    </form>
  );
}

function ConsentRow({ consent, onChanged }: { consent: Consent; onChanged(c: Consent): void }) {
  const directory = useDirectory();
  const zone = directory.zone;
  const signer =
    consent.signer === ConsentSigner.GUARDIAN
      ? `${consentSignerLabel(consent.signer)}: ${consent.guardianName}${consent.guardianRelationship ? ` (${consent.guardianRelationship})` : ""}`
      : consentSignerLabel(consent.signer);
  return (
    <li class="consent">
      <p>
        <strong>{directory.treatmentTypeName(consent.treatmentType)}</strong>, consent version{" "}
        {consent.documentVersion} · <span class="tag">{consentStateLabel(consent.state)}</span>
      </p>
      <p class="muted">
        Signed {formatDateTime(consent.signTime, zone)} by {signer}, {consentMethodLabel(consent.method).toLowerCase()};
        taken by {directory.staffName(consent.practitioner)}
        {consent.expireTime && `; expires ${formatDateTime(consent.expireTime, zone)}`}
      </p>
      {consent.withdrawTime && (
        <p>
          Withdrawn {formatDateTime(consent.withdrawTime, zone)} (recorded by{" "}
          {directory.staffName(consent.withdrawnBy)}): {consent.withdrawReason}
        </p>
      )}
      <details>
        <summary>The text this consent was given to</summary>
        {consent.disclosureText ? (
          <pre class="consent-text" tabIndex={0}>
            {consent.disclosureText}
          </pre>
        ) : (
          <p class="muted">Recorded before the server kept the text; its fingerprint is {consent.disclosureSha256}.</p>
        )}
      </details>
      {!consent.withdrawTime && <WithdrawConsent consent={consent} onWithdrawn={onChanged} />}
    </li>
  );
}

export function ConsentsSection({ patient }: { patient: Patient }) {
  const { api } = useSession();
  const member = useMember();
  const [consents, setConsents] = useState<Consent[]>();
  const [failure, setFailure] = useState<Refusal>();
  const [taking, setTaking] = useState(false);
  const load = useCallback(() => {
    allPages(
      (pageToken) =>
        api.consents.listConsents({ parent: patient.name, includeInactive: true, pageSize: 500, pageToken }),
      (page) => page.consents,
    ).then(
      (list) => {
        setConsents(list);
        setFailure(undefined);
      },
      (error) => setFailure(refusalOf(error)),
    );
  }, [api, patient.name]);
  useEffect(load, [load]);

  const active = consents?.filter((c) => c.state === ConsentState.ACTIVE).length ?? 0;
  const practitioner = member.role === Role.PRACTITIONER;
  return (
    <section aria-labelledby="consents-title">
      <h2 id="consents-title">Consents</h2>
      <RefusalNotice refusal={failure} />
      {!consents && !failure && <p aria-busy="true">Loading consents…</p>}
      {consents && consents.length === 0 && <p>No consent recorded.</p>}
      {consents && consents.length > 0 && (
        <>
          <p class="muted">{active} active of {consents.length}.</p>
          <ul class="consents plain">
            {consents.map((consent) => (
              <ConsentRow key={consent.name} consent={consent} onChanged={load} />
            ))}
          </ul>
        </>
      )}
      {practitioner && !patient.archived && (
        taking ? (
          <article>
            <h3>Take a consent</h3>
            <RecordConsentForm patient={patient} onRecorded={() => { setTaking(false); load(); }} />
            <button type="button" class="secondary outline" onClick={() => setTaking(false)}>Close</button>
          </article>
        ) : (
          <button type="button" onClick={() => setTaking(true)}>Take a consent…</button>
        )
      )}
    </section>
  );
}
