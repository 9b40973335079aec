// Registering a patient (/patients/new) and editing one
// (/patients/:id/edit): details for everyone, medical facts for
// practitioners, who also record which groups they asked today. An edit
// names only what changed (update_mask) and carries the etag read, so a
// record someone else changed meanwhile is refused, not overwritten.

import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { useLocation, useRoute } from "preact-iso";
import { useMemo, useRef, useState } from "preact/hooks";
import { newRequestId } from "../../api/clients";
import { formatDateTime } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { useMember, useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import { PatientSchema, type FactGroup, type Patient } from "../../gen/clinic/v1/patients_pb";
import { Role } from "../../gen/clinic/v1/staff_pb";
import { ArchivePatient } from "./archive_patient";
import { ClinicalFactsFields, kFactsPaths } from "./clinical_facts_fields";
import { strictestNeeds } from "./fact_freshness";
import { changed, changedPaths, newPatientDraft } from "./patient_draft";
import { kDetailsPaths, PatientDetailsFields } from "./patient_details_fields";
import { bareId, patientName } from "./patient_labels";
import { useProtocols } from "./treatment_protocols";
import { usePatient } from "./use_patient";
import "./patients.css";

interface FormProps {
  // The record being edited, as last read; none when registering.
  original?: Patient;
  onSaved(patient: Patient): void;
  onReload(): Promise<Patient | undefined>;
}

function PatientForm({ original, onSaved, onReload }: FormProps) {
  const { api } = useSession();
  const member = useMember();
  const directory = useDirectory();
  const clinical = member.role === Role.PRACTITIONER;
  const [draft, setDraft] = useState<Patient>(() => original ?? newPatientDraft(clinical));
  const [confirmed, setConfirmed] = useState(new Set<FactGroup>());
  const [notice, setNotice] = useState("");
  const save = useAction();
  // One request id per attempt: kept while the same details are retried,
  // new once they change or were saved.
  const requestId = useRef(newRequestId());
  const { protocols } = useProtocols(directory.treatmentTypes.map((type) => type.name));
  const needs = useMemo(() => strictestNeeds(protocols?.values() ?? []), [protocols]);

  const change = (edit: (copy: Patient) => void) => {
    setDraft((current) => changed(current, edit));
    requestId.current = newRequestId();
    setNotice("");
  };
  const onConfirm = (group: FactGroup, asked: boolean) => {
    const next = new Set(confirmed);
    if (asked) next.add(group);
    else next.delete(group);
    setConfirmed(next);
    requestId.current = newRequestId();
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const confirmFacts = clinical ? [...confirmed] : [];
    if (!original) {
      const patient = clinical ? draft : changed(draft, (copy) => (copy.clinicalFacts = undefined));
      const answer = await save.run(() =>
        api.patients.createPatient({ patient, confirmFacts, requestId: requestId.current }),
      );
      if (answer?.patient) onSaved(answer.patient);
      return;
    }
    const paths = changedPaths(original, draft, clinical);
    if (paths.length === 0 && confirmFacts.length === 0) {
      setNotice("Nothing changed: there is nothing to save.");
      return;
    }
    // With only confirmations, the patient carries its name alone and the
    // mask stays empty: the server then changes nothing but the dates.
    const patient = paths.length ? draft : create(PatientSchema, { name: original.name });
    const answer = await save.run(() =>
      api.patients.updatePatient({
        patient,
        updateMask: paths.length ? create(FieldMaskSchema, { paths }) : undefined,
        etag: original.etag,
        confirmFacts,
        requestId: requestId.current,
      }),
    );
    if (answer?.patient) {
      requestId.current = newRequestId();
      setConfirmed(new Set());
      setDraft(answer.patient);
      setNotice(`Saved at ${formatDateTime(answer.patient.updateTime, directory.zone)}.`);
      onSaved(answer.patient);
    }
  };

  const reloadAfterConflict = async () => {
    const fresh = await onReload();
    if (fresh) {
      setDraft(fresh);
      save.clear();
      requestId.current = newRequestId();
      setNotice("Reloaded: the form now shows the record as it is. Make your change again.");
    }
  };

  const stale = save.refusal?.reason === "ETAG_MISMATCH";
  return (
    <form onSubmit={submit} noValidate aria-label={original ? "Edit the patient" : "Register a patient"}>
      <PatientDetailsFields draft={draft} change={change} refusal={save.refusal} />
      {clinical ? (
        <ClinicalFactsFields
          draft={draft}
          change={change}
          refusal={save.refusal}
          stored={original?.clinicalFacts}
          needs={needs}
          confirmed={confirmed}
          onConfirm={onConfirm}
        />
      ) : (
        <p class="muted">
          Medical facts (pregnancy, medications, allergies, conditions, height and weight) are
          recorded by a practitioner.
        </p>
      )}
      <RefusalNotice refusal={save.refusal} placedFields={[...kDetailsPaths, ...(clinical ? kFactsPaths : [])]} />
      {stale && (
        <button type="button" class="secondary" onClick={reloadAfterConflict}>
          Reload the record (your unsaved changes are dropped)
        </button>
      )}
      <p role="status" class="form-status">
        {notice}
      </p>
      <div class="button-row">
        <button type="submit" aria-busy={save.busy} disabled={save.busy}>
          {original ? "Save changes" : "Register the patient"}
        </button>
        <a href={original ? `/patients/${bareId(original.name)}` : "/patients"} role="button" class="secondary outline">
          {original ? "Back to the chart" : "Cancel"}
        </a>
      </div>
    </form>
  );
}

export function NewPatientPage() {
  const { route } = useLocation();
  return (
    <section aria-labelledby="new-patient-title" class="patients-page patient-form">
      <h1 id="new-patient-title">Register a patient</h1>
      <PatientForm
        onSaved={(patient) => route(`/patients/${bareId(patient.name)}`)}
        onReload={async () => undefined}
      />
    </section>
  );
}

export function EditPatientPage() {
  const { params } = useRoute();
  const loaded = usePatient(params.id);
  const patient = loaded.patient;
  return (
    <section aria-labelledby="edit-patient-title" class="patients-page patient-form">
      <h1 id="edit-patient-title">{patient ? `Edit ${patientName(patient)}` : "Edit a patient"}</h1>
      <RefusalNotice refusal={loaded.failure} />
      {!patient && !loaded.failure && <p aria-busy="true">Loading the patient…</p>}
      {patient?.archived && (
        <p class="tag-line">
          <span class="tag">Archived</span> This record is archived and can no longer be changed.{" "}
          <a href={`/patients/${params.id}`}>Back to the chart</a>
        </p>
      )}
      {patient && !patient.archived && (
        <>
          {/* One form per patient; a save or a reload hands it the new record. */}
          <PatientForm
            key={patient.name}
            original={patient}
            onSaved={loaded.replace}
            onReload={loaded.reload}
          />
          <ArchivePatient patient={patient} onArchived={loaded.replace} />
        </>
      )}
    </section>
  );
}
