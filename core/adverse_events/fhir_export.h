#ifndef MESOCLINIC_CORE_ADVERSE_EVENTS_FHIR_EXPORT_H_
#define MESOCLINIC_CORE_ADVERSE_EVENTS_FHIR_EXPORT_H_

// HL7 FHIR R4 (4.0.1) AdverseEvent documents, for pharmacovigilance systems.
//
// The document is the event's current state (after its follow-ups), coded
// with the R4 code systems exactly as R4 spells them
// (http://terminology.hl7.org/CodeSystem/adverse-event-*):
//
//   actuality     "actual".
//   event         the term, in urn:mesoclinic:adverse-event-term, with its
//                 name; the text is the description, or the name.
//   subject       Patient/{patient}; recorder: Practitioner/{reporter}.
//   date          onset; detected: awareness; recordedDate: when reported.
//   seriousness   "Serious" or "Non-serious", and for a serious event one
//                 more coding per ICH E2A criterion that R4 codes
//                 (SeriousResultsInDeath, SeriousIsLifeThreatening,
//                 SeriousResultsInHospitalization, SeriousResultsInDisability,
//                 SeriousIsBirthDefect). R4 has no code for "other medically
//                 important": the text names every criterion.
//   severity      R4's three levels from the CTCAE grade: 1 mild, 2 moderate,
//                 3, 4 and 5 severe. R4 has nothing above "severe", so the
//                 text keeps the exact grade ("CTCAE grade 4:
//                 life-threatening"); a grade 5 event also says so by its
//                 fatal outcome and its death criterion.
//   outcome       resolved, recovering, ongoing, resolvedWithSequelae, fatal
//                 or unknown.
//   suspectEntity one per suspected product: the instance references a
//                 contained Medication naming the product and carrying the
//                 lot (Medication.batch.lotNumber); the causality is the
//                 product's own WHO-UMC category or, when it has none, the
//                 event's, in adverse-event-causality-assess, by the
//                 practitioner who assessed it. R4's causality methods
//                 (ProbabilityScale, Bayesian, Checklist) do not include
//                 WHO-UMC, an expert-judgement method, so the method is given
//                 as text. A product nobody assessed has no causality.

#include <string>

#include "core/adverse_events/adverse_event.h"

namespace mesoclinic::adverse_events {

// `event` as a FHIR R4 AdverseEvent resource (JSON), as described above.
std::string ToFhirAdverseEvent(const AdverseEvent& event);

}  // namespace mesoclinic::adverse_events

#endif  // MESOCLINIC_CORE_ADVERSE_EVENTS_FHIR_EXPORT_H_
