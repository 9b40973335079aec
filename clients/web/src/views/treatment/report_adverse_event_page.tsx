// /adverse-events/new?session=:id: a practitioner reports an adverse event
// after a session; the form is prefilled from what was recorded at it.

import { useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import type { ReportAdverseEventResponse } from "../../gen/clinic/v1/adverse_events_pb";
import { SessionKind } from "../../gen/clinic/v1/scheduling_pb";
import { AdverseEventReportForm } from "./adverse_event_report_form";
import { ReportOutcome } from "./report_outcome";
import { sessionName } from "./resource_names";
import { SessionSummary } from "./session_summary";
import { useLoad } from "./use_load";
import "./treatment.css";

export function ReportAdverseEventPage() {
  const { api } = useSession();
  const { query } = useRoute();
  const id = query.session ?? "";
  const [answer, setAnswer] = useState<ReportAdverseEventResponse>();
  const loaded = useLoad(async () => {
    if (!id) return undefined;
    const session = (await api.scheduling.getSession({ name: sessionName(id) })).session!;
    const [protocol, vocabulary] = await Promise.all([
      session.treatmentType
        ? api.treatments.getTreatmentProtocol({ name: session.treatmentType }).then((r) => r.protocol)
        : Promise.resolve(undefined),
      api.adverseEvents.getAdverseEventVocabulary({}),
    ]);
    return { session, protocol, terms: vocabulary.terms };
  }, [api, id]);
  const value = loaded.value;
  return (
    <section aria-labelledby="report-title" class="treatment">
      <h1 id="report-title">Report an adverse event</h1>
      {!id && <p>Open this screen from a session: the report names the session after which it happened.</p>}
      <RefusalNotice refusal={loaded.failure} />
      {id && !value && !loaded.failure && <p aria-busy="true">Loading the session…</p>}
      {value && (
        <>
          <SessionSummary session={value.session} />
          {value.session.kind === SessionKind.CONSULTATION ? (
            <p class="refusal">Nothing is injected at a consultation: an adverse event is never reported against one.</p>
          ) : answer ? (
            <ReportOutcome answer={answer} />
          ) : (
            <AdverseEventReportForm session={value.session} protocol={value.protocol} terms={value.terms}
              onReported={setAnswer} />
          )}
        </>
      )}
    </section>
  );
}
