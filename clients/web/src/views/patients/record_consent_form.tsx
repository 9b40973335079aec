// Taking a consent (practitioners): the treatment type's consent document
// shown word for word as GetTreatmentProtocol serves it for the clinic's
// jurisdiction, the patient's agreement, then RecordConsent with that
// document's version and the SHA-256 of that very text.

import { useEffect, useState } from "preact/hooks";
import { newRequestId } from "../../api/clients";
import { toTimestamp } from "../../api/clinic_time";
import { fieldProblems } from "../../api/refusal";
import { useMember, useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import { ConsentMethod, ConsentSigner, type Consent } from "../../gen/clinic/v1/consent_pb";
import type { Patient } from "../../gen/clinic/v1/patients_pb";
import { patientName } from "./patient_labels";
import { TextField } from "./text_field";
import { useProtocol } from "./treatment_protocols";
import { TreatmentTypeSelect } from "./treatment_type_select";

// The hash of the text on screen, where the browser can compute it (only
// on HTTPS and loopback pages): a mismatch means the text shown is not the
// one the server will record.
async function sha256Hex(text: string): Promise<string | undefined> {
  if (!globalThis.crypto?.subtle) return undefined;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function RecordConsentForm({ patient, onRecorded }: { patient: Patient; onRecorded(c: Consent): void }) {
  const { api } = useSession();
  const member = useMember();
  const [treatmentType, setTreatmentType] = useState("");
  const { protocol, failure } = useProtocol(treatmentType);
  const [signer, setSigner] = useState(ConsentSigner.PATIENT);
  const [guardianName, setGuardianName] = useState("");
  const [guardianRelationship, setGuardianRelationship] = useState("");
  const [method, setMethod] = useState(ConsentMethod.PAPER);
  const [agreed, setAgreed] = useState(false);
  const [hashMismatch, setHashMismatch] = useState(false);
  const record = useAction();
  const [requestId, setRequestId] = useState(newRequestId);

  const document = protocol?.protocol?.consent;
  const type = protocol?.treatmentType;
  useEffect(() => {
    setAgreed(false);
    setHashMismatch(false);
    if (!document || !type) return;
    sha256Hex(document.fullText).then((hash) => setHashMismatch(!!hash && hash !== type.consentTextSha256));
  }, [document, type]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!type || !document) return;
    const answer = await record.run(() =>
      api.consents.recordConsent({
        consent: {
          patient: patient.name,
          treatmentType: type.name,
          documentVersion: type.consentVersion,
          disclosureSha256: type.consentTextSha256,
          signTime: toTimestamp(new Date()),
          signer,
          guardianName: signer === ConsentSigner.GUARDIAN ? guardianName : "",
          guardianRelationship: signer === ConsentSigner.GUARDIAN ? guardianRelationship : "",
          practitioner: member.name,
          method,
        },
        requestId,
      }),
    );
    if (answer?.consent) {
      setRequestId(newRequestId());
      setTreatmentType("");
      onRecorded(answer.consent);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Record a consent" class="record-consent">
      <TreatmentTypeSelect
        value={treatmentType}
        onValue={(name) => {
          setTreatmentType(name);
          setRequestId(newRequestId());
        }}
        problems={fieldProblems(record.refusal, "consent.treatment_type")}
      />
      <RefusalNotice refusal={failure} />
      {treatmentType && !document && !failure && <p aria-busy="true">Loading the consent document…</p>}
      {document && type && (
        <>
          <h3>
            {document.title} <small>(version {type.consentVersion})</small>
          </h3>
          <p class="muted">Show the patient this exact text; it is recorded with their consent.</p>
          <pre class="consent-text" tabIndex={0} role="region" aria-label={`Consent text: ${document.title}`}>
            {document.fullText}
          </pre>
          {hashMismatch && (
            <p class="refusal" role="alert">
              The text shown does not match the treatment type's consent fingerprint: reload the page
              before taking consent.
            </p>
          )}
          <div class="grid">
            <Field label="Signed by" problems={fieldProblems(record.refusal, "consent.signer")}>
              {(control) => (
                <select {...control} value={String(signer)}
                  onChange={(e) => setSigner(Number(e.currentTarget.value) as ConsentSigner)}>
                  <option value={String(ConsentSigner.PATIENT)}>The patient</option>
                  <option value={String(ConsentSigner.GUARDIAN)}>A parent or legal guardian</option>
                </select>
              )}
            </Field>
            <Field label="How" problems={fieldProblems(record.refusal, "consent.method")}>
              {(control) => (
                <select {...control} value={String(method)}
                  onChange={(e) => setMethod(Number(e.currentTarget.value) as ConsentMethod)}>
                  <option value={String(ConsentMethod.PAPER)}>Signed paper form</option>
                  <option value={String(ConsentMethod.ELECTRONIC)}>Signed on screen</option>
                </select>
              )}
            </Field>
          </div>
          {signer === ConsentSigner.GUARDIAN && (
            <div class="grid">
              <TextField label="Guardian's name" path="consent.guardian_name" refusal={record.refusal}
                value={guardianName} onValue={setGuardianName} required />
              <TextField label="Guardian's relationship" path="consent.guardian_relationship"
                refusal={record.refusal} value={guardianRelationship} onValue={setGuardianRelationship}
                hint="Such as mother, legal guardian" />
            </div>
          )}
          <label>
            <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.currentTarget.checked)} />
            {signer === ConsentSigner.GUARDIAN ? "The guardian" : patientName(patient)} read this text and
            agrees to it
          </label>
          <RefusalNotice
            refusal={record.refusal}
            placedFields={["consent.treatment_type", "consent.signer", "consent.method", "consent.guardian_name", "consent.guardian_relationship"]}
          />
          <button type="submit" aria-busy={record.busy} disabled={!agreed || record.busy || hashMismatch}>
            Record the consent
          </button>
        </>
      )}
    </form>
  );
}
