// /sessions/:id/complete: the practitioner records the session. A
// treatment is completed with the checklist and its treatment record, a
// consultation with its notes; a completed session shows what was stored,
// with the way to report an adverse event after it.

import { useState } from "preact/hooks";
import { useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import { SessionKind, SessionState, type Session } from "../../gen/clinic/v1/scheduling_pb";
import { ConsultationNotesForm } from "./consultation_notes_form";
import { bareId, sessionLink, sessionName } from "./resource_names";
import { SessionSummary } from "./session_summary";
import { TreatmentRecordForm } from "./treatment_record_form";
import { TreatmentRecordView } from "./treatment_record_view";
import { useLoad } from "./use_load";
import "./treatment.css";

export function CompleteSessionPage({ id }: { id: string }) {
  const { api } = useSession();
  const [justCompleted, setJustCompleted] = useState(false);
  const loaded = useLoad(async () => {
    const session = (await api.scheduling.getSession({ name: sessionName(id) })).session!;
    const protocol =
      session.kind === SessionKind.CONSULTATION
        ? undefined
        : (await api.treatments.getTreatmentProtocol({ name: session.treatmentType })).protocol;
    return { session, protocol };
  }, [api, id]);
  const completed = (session: Session) => {
    setJustCompleted(true);
    loaded.set({ ...loaded.value!, session });
  };

  const value = loaded.value;
  const consultation = value?.session.kind === SessionKind.CONSULTATION;
  return (
    <section aria-labelledby="complete-title" class="treatment">
      <h1 id="complete-title">{consultation ? "Complete the consultation" : "Complete the session"}</h1>
      <RefusalNotice refusal={loaded.failure} />
      {!value && !loaded.failure && <p aria-busy="true">Loading the session…</p>}
      {value && (
        <>
          <SessionSummary session={value.session} />
          {justCompleted && (
            <p class="done" role="status">
              Completed: the {consultation ? "consultation notes are" : "treatment record is"} stored.
            </p>
          )}
          {value.session.state === SessionState.COMPLETED ? (
            <>
              {value.session.treatmentRecord && (
                <TreatmentRecordView record={value.session.treatmentRecord} protocol={value.protocol} />
              )}
              {consultation ? (
                <p class="notes">{value.session.consultationNotes}</p>
              ) : (
                <p>
                  <a href={`/adverse-events/new?session=${bareId(value.session.name)}`}>
                    Report an adverse event after this session
                  </a>
                </p>
              )}
            </>
          ) : value.session.state !== SessionState.CHECKED_IN ? (
            <p class="refusal">
              Only a checked-in session is completed: this one is not.{" "}
              <a href={sessionLink(value.session.name)}>Open the session</a> to check the patient in.
            </p>
          ) : consultation ? (
            <ConsultationNotesForm session={value.session} onCompleted={completed} />
          ) : (
            value.protocol && (
              <TreatmentRecordForm session={value.session} protocol={value.protocol} onCompleted={completed} />
            )
          )}
        </>
      )}
    </section>
  );
}
