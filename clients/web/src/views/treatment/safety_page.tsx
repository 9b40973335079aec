// /safety: the safety officer's view. Holds awaiting review, reports due
// to the authority (overdue first), open events, follow-up checks due, the
// lot trace and the safety summary. Adverse events are practitioners'
// work: the server lets no other role read them, so an admin is told so
// instead of meeting refusals.

import { allPages } from "../../api/paging";
import { useDirectory } from "../../app/clinic_directory";
import { useMember, useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import type { AllowedProduct } from "../../gen/clinic/plugin/v1/plugin_pb";
import { Role } from "../../gen/clinic/v1/staff_pb";
import { isOpen } from "./adverse_event_labels";
import { ExpeditedDue, reportsDue } from "./expedited_due";
import { FollowUpTasks } from "./follow_up_tasks";
import { LotTrace } from "./lot_trace";
import { OpenEvents } from "./open_events";
import { SafetyHolds } from "./safety_holds";
import { findHolds } from "./safety_holds_query";
import { SafetySummary } from "./safety_summary";
import { useLoad } from "./use_load";
import "./treatment.css";

function PractitionerSafety() {
  const { api } = useSession();
  const directory = useDirectory();
  const loaded = useLoad(async () => {
    const [events, vocabulary, protocols] = await Promise.all([
      allPages(
        (pageToken) => api.adverseEvents.listAdverseEvents({ pageSize: 500, pageToken }),
        (page) => page.adverseEvents,
      ),
      api.adverseEvents.getAdverseEventVocabulary({}),
      Promise.all(directory.treatmentTypes.map((t) => api.treatments.getTreatmentProtocol({ name: t.name }))),
    ]);
    const products = new Map<string, AllowedProduct>();
    for (const answer of protocols) {
      for (const product of answer.protocol?.allowedProducts ?? []) products.set(product.name, product);
    }
    return { events, terms: vocabulary.terms, products: [...products.values()] };
  }, [api]);
  const value = loaded.value;
  const holds = useLoad(
    async () => (value ? findHolds(api, value.events) : undefined),
    [api, value],
  );
  const reviewed = () => loaded.reload();
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const due = value ? reportsDue(value.events) : [];
  const overdue = due.filter((d) => d.due.getTime() < Date.now()).length;
  const heldCount = holds.value && holds.value.courses.length + holds.value.patients.length;
  return (
    <>
      <RefusalNotice refusal={loaded.failure ?? holds.failure} />
      {!value && !loaded.failure && <p aria-busy="true">Loading the reports…</p>}
      {value && (
        <>
          <p class="at-a-glance" role="status">
            {heldCount === undefined ? "Looking for holds" : plural(heldCount, "hold", "holds")} awaiting review ·{" "}
            {plural(due.length, "report", "reports")} due to the authority
            {overdue > 0 && `, ${overdue} OVERDUE`} · {plural(value.events.filter(isOpen).length, "open event", "open events")}
          </p>
          <SafetyHolds holds={holds.value} terms={value.terms} onReviewed={reviewed} />
          <ExpeditedDue events={value.events} terms={value.terms} />
          <OpenEvents events={value.events} terms={value.terms} />
          <FollowUpTasks />
          <LotTrace products={value.products} />
          <SafetySummary terms={value.terms} />
        </>
      )}
    </>
  );
}

export function SafetyPage() {
  const member = useMember();
  return (
    <section aria-labelledby="safety-title" class="treatment">
      <h1 id="safety-title">Safety</h1>
      {member.role === Role.PRACTITIONER ? (
        <PractitionerSafety />
      ) : (
        <p>
          Adverse events, safety holds and lot traces hold patients' clinical information: the server shows them to
          practitioners only. Sign in as a practitioner (the clinic's safety officer is one) to review them.
        </p>
      )}
    </section>
  );
}
