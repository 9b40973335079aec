// /adverse-events/:id: one report with its history, where a practitioner
// adds a follow-up, marks the expedited report submitted and downloads the
// FHIR export.

import { useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import type { AdverseEvent } from "../../gen/clinic/v1/adverse_events_pb";
import { AdverseEventDetails, termName } from "./adverse_event_details";
import { ExpeditedReportForm } from "./expedited_report_form";
import { FhirExportButton } from "./fhir_export_button";
import { FollowUpForm } from "./follow_up_form";
import { adverseEventName } from "./resource_names";
import { useLoad } from "./use_load";
import "./treatment.css";

export function AdverseEventPage({ id }: { id: string }) {
  const { api } = useSession();
  const loaded = useLoad(async () => {
    const [event, vocabulary] = await Promise.all([
      api.adverseEvents.getAdverseEvent({ name: adverseEventName(id) }),
      api.adverseEvents.getAdverseEventVocabulary({}),
    ]);
    return { event: event.adverseEvent!, terms: vocabulary.terms };
  }, [api, id]);
  const value = loaded.value;
  const changed = (event: AdverseEvent) => loaded.set({ ...value!, event });
  return (
    <section aria-labelledby="event-title" class="treatment">
      <h1 id="event-title">
        Adverse event{value && `: ${termName(value.terms, value.event.term)}`}
      </h1>
      <RefusalNotice refusal={loaded.failure} />
      {!value && !loaded.failure && <p aria-busy="true">Loading the report…</p>}
      {value && (
        <>
          <AdverseEventDetails event={value.event} terms={value.terms} />
          <p>
            <FhirExportButton name={value.event.name} />
          </p>
          <ExpeditedReportForm key={value.event.expeditedReportSubmitTime ? "follow-up" : "first"}
            event={value.event} onMarked={changed} />
          <FollowUpForm event={value.event} onAdded={changed} />
        </>
      )}
    </section>
  );
}
