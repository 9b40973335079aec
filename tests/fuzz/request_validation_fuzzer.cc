// Fuzz target: what the server does with the bytes of a request before it
// touches storage.
//
// Input: a 16-bit method id (MethodId below: a hash of the method's full
// name, so that ids stay stable as the API grows; an id that names no
// method picks one by index), then the request bytes. The bytes go through
// the server's own decoding (DecodeRequest), and the decoded request through
// the conversions and rules the services apply to it: every clinic.v1
// message with a FromProto conversion (Patient, Consent, AdverseEvent,
// FollowUp, StaffMember, WeeklyHours, ClinicSettings, TreatmentRecord),
// every Date and Timestamp, update masks, page sizes and tokens, resource
// names, request ids, phone numbers, e-mail addresses and free text.
//
// Besides crashes and sanitizer findings it checks properties: what a
// conversion accepts converts back to the same message, a page token
// decodes to what was encoded, a patient the rules accept is one the
// plugin SDK accepts facts about, and an exported FHIR document is JSON.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/slice.h>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "clinic/v1/adverse_events.pb.h"
#include "clinic/v1/audit.pb.h"
#include "clinic/v1/clinic.pb.h"
#include "clinic/v1/consent.pb.h"
#include "clinic/v1/patients.pb.h"
#include "clinic/v1/scheduling.pb.h"
#include "clinic/v1/staff.pb.h"
#include "clinic/v1/treatments.pb.h"
#include "core/adverse_events/adverse_event.h"
#include "core/adverse_events/adverse_event_proto.h"
#include "core/adverse_events/fhir_export.h"
#include "core/api/page_token.h"
#include "core/api/proto_time.h"
#include "core/api/request_decoding.h"
#include "core/api/update_mask.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/consent/consent.h"
#include "core/consent/consent_proto.h"
#include "core/patients/patient.h"
#include "core/patients/patient_proto.h"
#include "core/patients/patient_rules.h"
#include "core/plugin_host/adverse_event_terms.h"
#include "core/scheduling/calendar.h"
#include "core/scheduling/scheduling_proto.h"
#include "core/staff/staff_member.h"
#include "core/staff/staff_proto.h"
#include "core/treatments/patient_facts.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "mesoclinic/standard_rules.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_protocol.h"
#include "tests/fuzz/method_ids.h"
#include "tests/fuzz/paris_time_zone.h"
#include "tests/fuzz/quiet_logs.h"

namespace mesoclinic::fuzz {
namespace {

namespace v1 = ::clinic::v1;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// The server's clock during the run: the night Europe/Paris springs forward,
// so that local-time conversions meet a gap.
const absl::Time kNow = absl::FromUnixSeconds(1774746000);  // 2026-03-29T01:00Z
const absl::CivilDay kToday(2026, 3, 29);

std::string Serialized(const Message& message) {
  std::string bytes;
  message.SerializeToString(&bytes);
  return bytes;
}

// --- Resources with a FromProto conversion ---------------------------------

void CheckPatient(const v1::Patient& proto) {
  absl::StatusOr<patients::Patient> patient = patients::PatientFromProto(proto);
  if (!patient.ok() || !patients::ValidatePatient(*patient, kToday).ok()) {
    return;
  }
  // What the server stores and answers reads back as the same patient.
  const v1::Patient answered = patients::PatientToProto(*patient);
  absl::StatusOr<patients::Patient> again =
      patients::PatientFromProto(answered);
  FUZZ_CHECK(again.ok(), again.status().ToString());
  FUZZ_CHECK(patients::ValidatePatient(*again, kToday).ok(),
             "a stored patient fails validation when read back");
  FUZZ_CHECK(Serialized(patients::PatientToProto(*again)) ==
                 Serialized(answered),
             "a patient changes when converted back and forth");
  patients::NameSearchKey(patient->family_name);

  // What a plugin is told about an accepted patient is valid for the SDK:
  // otherwise every eligibility check of that patient fails.
  clinic::plugin::v1::EligibilityRequest eligibility;
  *eligibility.mutable_facts() =
      treatments::PatientFactsFor(*patient, kToday, kToday + 30);
  const plugin::Status facts = plugin::standard::CheckFacts(eligibility.facts());
  FUZZ_CHECK(facts.ok(), facts.message());
  plugin::standard::CheckEligibility(FuzzProtocolDescription(), eligibility);
}

void CheckConsent(const v1::Consent& proto) {
  absl::StatusOr<consent::Consent> recorded = consent::ConsentFromProto(proto);
  if (!recorded.ok() || !consent::ValidateNewConsent(*recorded, kNow).ok()) {
    return;
  }
  const consent::ConsentState state =
      consent::StateAt(*recorded, recorded->document_version, kNow);
  const v1::Consent answered = consent::ConsentToProto(*recorded, state);
  absl::StatusOr<consent::Consent> again = consent::ConsentFromProto(answered);
  FUZZ_CHECK(again.ok(), again.status().ToString());
  FUZZ_CHECK(Serialized(consent::ConsentToProto(*again, state)) ==
                 Serialized(answered),
             "a consent changes when converted back and forth");
}

// The event a follow-up is checked against when the request holds none.
adverse_events::AdverseEvent ReferenceEvent() {
  adverse_events::AdverseEvent event;
  event.term = "bruising";
  event.onset_time = kNow - absl::Hours(72);
  event.awareness_time = kNow - absl::Hours(48);
  event.severity_grade = 2;
  event.outcome = adverse_events::Outcome::kRecovering;
  return event;
}

void CheckAdverseEvent(const v1::AdverseEvent& proto) {
  absl::StatusOr<adverse_events::AdverseEvent> event =
      adverse_events::ReportFromProto(proto);
  if (!event.ok() ||
      !plugin_host::CheckAdverseEventTerm("adverse_event.term", event->term)
           .ok() ||
      !adverse_events::ValidateReport(*event, kNow).ok()) {
    return;
  }
  adverse_events::NeedsSafetyHold(*event);
  event->expedited_due_time = adverse_events::ExpeditedReportDue(*event);
  event->id = "e1";
  event->patient_id = "p1";
  event->treatment_type = "fuzz_protocol";
  event->reporter_id = "s1";
  event->create_time = kNow;

  // The FHIR export of an accepted report is a JSON document.
  google::protobuf::Struct fhir;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      adverse_events::ToFhirAdverseEvent(*event), &fhir);
  FUZZ_CHECK(parsed.ok(), parsed.ToString());

  const v1::AdverseEvent answered = adverse_events::AdverseEventToProto(*event);
  absl::StatusOr<adverse_events::AdverseEvent> again =
      adverse_events::ReportFromProto(answered);
  FUZZ_CHECK(again.ok(), again.status().ToString());
}

void CheckFollowUp(const v1::FollowUp& proto) {
  absl::StatusOr<adverse_events::FollowUp> follow_up =
      adverse_events::FollowUpFromProto(proto);
  if (!follow_up.ok()) return;
  adverse_events::AdverseEvent event = ReferenceEvent();
  if (!adverse_events::ValidateFollowUp(event, *follow_up, kNow).ok()) return;
  event.follow_ups.push_back(*follow_up);
  event.CurrentOutcome();
  event.CurrentGrade();
}

void CheckStaffMember(const v1::StaffMember& proto) {
  absl::StatusOr<staff::StaffMember> member =
      staff::StaffMemberFromProto(proto);
  if (!member.ok() || !staff::ValidateStaffMember(*member).ok()) return;
  absl::StatusOr<staff::StaffMember> again =
      staff::StaffMemberFromProto(staff::StaffMemberToProto(*member));
  FUZZ_CHECK(again.ok(), again.status().ToString());
  FUZZ_CHECK(staff::ValidateStaffMember(*again).ok(),
             "a staff member fails validation when read back");
}

void CheckWeeklyHours(const v1::WeeklyHours& proto) {
  absl::StatusOr<scheduling::WeeklyHours> hours =
      scheduling::WeeklyHoursFromProto("hours", proto);
  if (!hours.ok() || !hours->Validate("hours").ok()) return;
  const v1::WeeklyHours answered = scheduling::WeeklyHoursToProto(*hours);
  absl::StatusOr<scheduling::WeeklyHours> again =
      scheduling::WeeklyHoursFromProto("hours", answered);
  FUZZ_CHECK(again.ok(), again.status().ToString());
  FUZZ_CHECK(Serialized(scheduling::WeeklyHoursToProto(*again)) ==
                 Serialized(answered),
             "weekly hours change when converted back and forth");
  // A week around the spring-forward night.
  for (absl::CivilDay day = kToday - 3; day <= kToday + 3; ++day) {
    for (const scheduling::Interval& open : hours->IntervalsOn(day, Paris())) {
      FUZZ_CHECK(open.start <= open.end, "an opening interval ends early");
      hours->Contains(open, Paris());
    }
  }
}

// Whether a time zone name could name a file outside the zone database:
// absl::LoadTimeZone opens whatever a name leads to ("/dev/stdin" blocks).
bool NamesAFile(absl::string_view zone) {
  return zone.empty() || zone.front() == '/' ||
         absl::StrContains(zone, "..") || absl::StrContains(zone, ":") ||
         absl::StrContains(zone, absl::string_view("\0", 1));
}

void CheckClinicSettings(const v1::ClinicSettings& proto) {
  // UpdateClinicSettings refuses such names before ValidateSettings, which
  // would load them (the fuzzer would then read /dev files).
  if (NamesAFile(proto.time_zone())) return;
  scheduling::ClinicSettings settings;
  settings.time_zone_name = proto.time_zone();
  settings.slot_granularity_minutes = proto.slot_granularity_minutes();
  absl::StatusOr<scheduling::WeeklyHours> hours =
      scheduling::WeeklyHoursFromProto("settings.opening_hours",
                                       proto.opening_hours());
  if (!hours.ok()) return;
  settings.opening_hours = *hours;
  if (!scheduling::ValidateSettings(settings).ok()) return;
  scheduling::SettingsToProto(settings);
}

void CheckTreatmentRecord(const v1::TreatmentRecord& proto) {
  scheduling::TreatmentRecordFromProto(proto);
}

// --- Values every service reads the same way -------------------------------

void CheckDate(const std::string& field, const v1::Date& proto) {
  absl::StatusOr<std::optional<absl::CivilDay>> day =
      OptionalDateFromProto(field, proto);
  if (!day.ok() || !day->has_value()) return;
  FUZZ_CHECK(Serialized(DateToProto(**day)) == Serialized(proto),
             "a date changes when converted back and forth");
  absl::CivilDay parsed;
  FUZZ_CHECK(ParseIsoDate(FormatIsoDate(**day), &parsed) && parsed == **day,
             FormatIsoDate(**day));
}

void CheckTimestamp(const std::string& field,
                    const google::protobuf::Timestamp& proto) {
  absl::StatusOr<absl::Time> time = TimeFromProto(field, proto);
  absl::StatusOr<std::optional<absl::Time>> stored =
      consent::StoredTimeFromProto(field, true, proto);
  if (!time.ok()) return;
  FUZZ_CHECK(stored.ok() && stored->has_value() && **stored == *time,
             "the two timestamp conversions disagree");
  // Kept to the microsecond: converting back loses only the nanoseconds.
  const google::protobuf::Timestamp answered = TimestampToProto(*time);
  FUZZ_CHECK(answered.seconds() == proto.seconds() &&
                 answered.nanos() == proto.nanos() / 1000 * 1000,
             absl::StrCat(proto.seconds(), "s ", proto.nanos(), "ns"));
}

void CheckPageToken(const Message& request, absl::string_view token) {
  const std::string fingerprint = ListRequestFingerprint(request);
  DecodePageToken(token, fingerprint).IgnoreError();
  // Also as if the token had been issued for this request, so that the
  // position decoding runs: whatever decodes encodes back to itself.
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw) || raw.size() < 8) return;
  absl::StatusOr<std::vector<std::string>> position =
      DecodePageToken(token, raw.substr(0, 8));
  if (!position.ok()) return;
  absl::StatusOr<std::vector<std::string>> again =
      DecodePageToken(EncodePageToken(raw.substr(0, 8), *position),
                      raw.substr(0, 8));
  FUZZ_CHECK(again.ok() && *again == *position,
             "a page token does not decode to what was encoded");
}

// A string field named `name`, at `field`.
void CheckString(const std::string& field, absl::string_view name,
                 const std::string& value) {
  if (name == "request_id") {
    CheckRequestId(field, value).IgnoreError();
  } else if (name == "phone") {
    CheckPhone(field, value).IgnoreError();
  } else if (name == "email") {
    CheckEmail(field, value).IgnoreError();
  } else if (name == "term") {
    plugin_host::CheckAdverseEventTerm(field, value).IgnoreError();
  } else if (name == "substance") {
    treatments::SubstanceCode(value);
  }
  // Resource names: "patients/abc", "patients/abc/consents/def", ...
  if (const size_t slash = value.find('/'); slash != std::string::npos) {
    absl::StatusOr<std::string> id =
        ParseResourceName(field, value, value.substr(0, slash));
    if (id.ok()) {
      FUZZ_CHECK(ResourceName(value.substr(0, slash), *id) == value, value);
    }
    if (absl::StrContains(value, "/consents/")) {
      absl::StatusOr<consent::ConsentKey> key =
          consent::ParseConsentName(field, value);
      if (key.ok()) {
        FUZZ_CHECK(consent::ConsentName(key->patient_id, key->consent_id) ==
                       value,
                   value);
      }
    }
  }
  const bool valid = IsValidUtf8(value);
  const absl::Status text =
      CheckText(field, value, {.max_length = 200, .multiline = true});
  FUZZ_CHECK(valid || !text.ok(), "CheckText accepted invalid UTF-8");
  if (valid) CodePointCount(value);
}

// --- The walk over a decoded request ---------------------------------------

class RequestWalker {
 public:
  explicit RequestWalker(const Message& request) : request_(request) {}

  void Walk() { WalkMessage("", request_); }

 private:
  void WalkMessage(const std::string& path, const Message& message) {
    CheckResource(path, message);
    const Reflection& reflection = *message.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    reflection.ListFields(message, &fields);
    for (const FieldDescriptor* field : fields) {
      const std::string field_path = FieldPath(path, field->name());
      if (field->is_repeated()) {
        for (int i = 0; i < reflection.FieldSize(message, field); ++i) {
          WalkValue(absl::StrCat(field_path, "[", i, "]"), message, *field, i);
        }
      } else {
        WalkValue(field_path, message, *field, -1);
      }
    }
    if (const FieldDescriptor* mask = message.GetDescriptor()->FindFieldByName(
            "update_mask")) {
      CheckUpdateMask(message, *mask);
    }
  }

  // One value of `field` in `message`; `index` -1 for a singular field.
  void WalkValue(const std::string& path, const Message& message,
                 const FieldDescriptor& field, int index) {
    const Reflection& reflection = *message.GetReflection();
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_MESSAGE:
        WalkMessage(path, index < 0
                              ? reflection.GetMessage(message, &field)
                              : reflection.GetRepeatedMessage(message, &field,
                                                              index));
        break;
      case FieldDescriptor::CPPTYPE_STRING: {
        const std::string value =
            index < 0 ? reflection.GetString(message, &field)
                      : reflection.GetRepeatedString(message, &field, index);
        if (field.name() == "page_token") {
          CheckPageToken(message, value);
        }
        CheckString(path, field.name(), value);
        break;
      }
      case FieldDescriptor::CPPTYPE_INT32:
        if (field.name() == "page_size") {
          absl::StatusOr<int> size = EffectivePageSize(
              reflection.GetInt32(message, &field), 50, 1000);
          FUZZ_CHECK(!size.ok() || (*size >= 1 && *size <= 1000),
                     "a page size outside 1 to the maximum");
        }
        break;
      default:
        break;
    }
  }

  // The conversion of the message's type, when it has one.
  void CheckResource(const std::string& path, const Message& message) {
    const std::string& type = message.GetDescriptor()->full_name();
    if (type == "clinic.v1.Patient") {
      CheckPatient(static_cast<const v1::Patient&>(message));
    } else if (type == "clinic.v1.Consent") {
      CheckConsent(static_cast<const v1::Consent&>(message));
    } else if (type == "clinic.v1.AdverseEvent") {
      CheckAdverseEvent(static_cast<const v1::AdverseEvent&>(message));
    } else if (type == "clinic.v1.FollowUp") {
      CheckFollowUp(static_cast<const v1::FollowUp&>(message));
    } else if (type == "clinic.v1.StaffMember") {
      CheckStaffMember(static_cast<const v1::StaffMember&>(message));
    } else if (type == "clinic.v1.WeeklyHours") {
      CheckWeeklyHours(static_cast<const v1::WeeklyHours&>(message));
    } else if (type == "clinic.v1.ClinicSettings") {
      CheckClinicSettings(static_cast<const v1::ClinicSettings&>(message));
    } else if (type == "clinic.v1.TreatmentRecord") {
      CheckTreatmentRecord(static_cast<const v1::TreatmentRecord&>(message));
    } else if (type == "clinic.v1.Date") {
      CheckDate(path, static_cast<const v1::Date&>(message));
    } else if (type == "google.protobuf.Timestamp") {
      CheckTimestamp(path,
                     static_cast<const google::protobuf::Timestamp&>(message));
    }
  }

  // An Update request: its mask against the resource it carries, each of
  // whose top-level fields is taken as updatable (the services allow a
  // subset), then the masked copy as the service builds it.
  void CheckUpdateMask(const Message& request, const FieldDescriptor& mask) {
    const Descriptor& type = *request.GetDescriptor();
    for (int i = 0; i < type.field_count(); ++i) {
      const FieldDescriptor* resource = type.field(i);
      if (resource == &mask || resource->is_repeated() ||
          resource->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
        continue;
      }
      const Message& values =
          request.GetReflection()->GetMessage(request, resource);
      std::vector<std::string> names;
      for (int f = 0; f < values.GetDescriptor()->field_count(); ++f) {
        names.push_back(values.GetDescriptor()->field(f)->name());
      }
      const std::vector<absl::string_view> updatable(names.begin(),
                                                     names.end());
      absl::StatusOr<google::protobuf::FieldMask> resolved = ResolveUpdateMask(
          static_cast<const google::protobuf::FieldMask&>(
              request.GetReflection()->GetMessage(request, &mask)),
          values, updatable);
      if (!resolved.ok()) continue;
      std::unique_ptr<Message> merged(values.New());
      ApplyUpdateMask(values, *resolved, merged.get());
      WalkMessage(resource->name(), *merged);
    }
  }

  const Message& request_;
};

// The method an input's first two bytes name.
const google::protobuf::MethodDescriptor& MethodFor(uint16_t id) {
  const std::vector<const google::protobuf::MethodDescriptor*>& methods =
      ApiMethods();
  for (const google::protobuf::MethodDescriptor* method : methods) {
    if (MethodId(*method) == id) return *method;
  }
  return *methods[id % methods.size()];
}

void TestOneInput(const uint8_t* data, size_t size) {
  QuietLibraryLogs();
  FuzzInput input(data, size);
  const google::protobuf::MethodDescriptor& method =
      MethodFor(input.TakeUint16());
  const absl::string_view bytes = input.TakeRest();

  const google::protobuf::Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(
          method.input_type());
  std::unique_ptr<google::protobuf::Message> request(prototype->New());
  grpc::Slice slice(bytes.data(), bytes.size());
  const grpc::ByteBuffer buffer(&slice, 1);
  const absl::Status decoded = DecodeRequest(buffer, *request);

  // The field-naming search agrees with the parser: a message that parses
  // has no invalid UTF-8 to name.
  const std::optional<std::string> invalid =
      FindInvalidUtf8Field(*method.input_type(), bytes);
  FUZZ_CHECK(!decoded.ok() || !invalid.has_value(), *invalid);
  if (decoded.ok()) RequestWalker(*request).Walk();
}

}  // namespace
}  // namespace mesoclinic::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mesoclinic::fuzz::TestOneInput(data, size);
  return 0;
}
