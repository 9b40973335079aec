#ifndef MESOCLINIC_CORE_ADVERSE_EVENTS_FHIR_EXPORT_H_
#define MESOCLINIC_CORE_ADVERSE_EVENTS_FHIR_EXPORT_H_

// HL7 FHIR R4 AdverseEvent documents, for pharmacovigilance systems.

#include <string>

#include "core/adverse_events/adverse_event.h"

namespace mesoclinic::adverse_events {

// `event` as a FHIR R4 AdverseEvent resource (JSON): actuality "actual",
// the subject and recorder as references, the term as the event code, the
// seriousness, severity (from the CTCAE grade: 1 mild, 2 moderate, 3 and
// above severe) and outcome with the HL7 terminology codes, and each
// suspected product and lot as a suspect entity with its causality.
std::string ToFhirAdverseEvent(const AdverseEvent& event);

}  // namespace mesoclinic::adverse_events

#endif  // MESOCLINIC_CORE_ADVERSE_EVENTS_FHIR_EXPORT_H_
