#ifndef MESOCLINIC_CORE_ADVERSE_EVENTS_ADVERSE_EVENT_PROTO_H_
#define MESOCLINIC_CORE_ADVERSE_EVENTS_ADVERSE_EVENT_PROTO_H_

// Conversions between clinic.v1 adverse-event messages and the domain.

#include "absl/status/statusor.h"
#include "clinic/v1/adverse_events.pb.h"
#include "core/adverse_events/adverse_event.h"
#include "core/adverse_events/adverse_event_repository.h"

namespace mesoclinic::adverse_events {

// The client-set fields of a report (ids are resolved by the service).
// INVALID_ARGUMENT naming the field for undefined enum values and bad
// timestamps.
absl::StatusOr<AdverseEvent> ReportFromProto(
    const clinic::v1::AdverseEvent& proto);
clinic::v1::AdverseEvent AdverseEventToProto(const AdverseEvent& event);

absl::StatusOr<FollowUp> FollowUpFromProto(const clinic::v1::FollowUp& proto);

clinic::v1::FollowUpTask TaskToProto(const FollowUpTask& task);

}  // namespace mesoclinic::adverse_events

#endif  // MESOCLINIC_CORE_ADVERSE_EVENTS_ADVERSE_EVENT_PROTO_H_
