#include "tests/fuzz/method_ids.h"

#include <algorithm>
#include <set>
#include <string>

#include "clinic/v1/adverse_events.pb.h"
#include "clinic/v1/audit.pb.h"
#include "clinic/v1/clinic.pb.h"
#include "clinic/v1/consent.pb.h"
#include "clinic/v1/patients.pb.h"
#include "clinic/v1/scheduling.pb.h"
#include "clinic/v1/sign_in.pb.h"
#include "clinic/v1/staff.pb.h"
#include "clinic/v1/treatments.pb.h"
#include "tests/fuzz/fuzz_check.h"

namespace mesoclinic::fuzz {
namespace {

using google::protobuf::MethodDescriptor;

// One message of each API file: naming it links the file's generated code,
// which registers the file's services in the generated pool.
std::vector<const google::protobuf::FileDescriptor*> ApiFiles() {
  return {
      clinic::v1::ReportAdverseEventRequest::descriptor()->file(),
      clinic::v1::ListAuditEventsRequest::descriptor()->file(),
      clinic::v1::CreateRoomRequest::descriptor()->file(),
      clinic::v1::RecordConsentRequest::descriptor()->file(),
      clinic::v1::CreatePatientRequest::descriptor()->file(),
      clinic::v1::BookSessionRequest::descriptor()->file(),
      clinic::v1::SignInRequest::descriptor()->file(),
      clinic::v1::CreateStaffMemberRequest::descriptor()->file(),
      clinic::v1::PlanCourseRequest::descriptor()->file(),
  };
}

std::vector<const MethodDescriptor*> CollectMethods() {
  std::vector<const MethodDescriptor*> methods;
  for (const google::protobuf::FileDescriptor* file : ApiFiles()) {
    for (int s = 0; s < file->service_count(); ++s) {
      for (int m = 0; m < file->service(s)->method_count(); ++m) {
        methods.push_back(file->service(s)->method(m));
      }
    }
  }
  std::sort(methods.begin(), methods.end(),
            [](const MethodDescriptor* a, const MethodDescriptor* b) {
              return a->full_name() < b->full_name();
            });
  std::set<uint16_t> ids;
  for (const MethodDescriptor* method : methods) {
    FUZZ_CHECK(ids.insert(MethodId(*method)).second,
               "two methods share an id: change MethodId's hash");
  }
  return methods;
}

}  // namespace

const std::vector<const MethodDescriptor*>& ApiMethods() {
  static const auto* const methods =
      new std::vector<const MethodDescriptor*>(CollectMethods());
  return *methods;
}

uint16_t MethodId(const MethodDescriptor& method) {
  // 32-bit FNV-1a, folded to 16 bits.
  uint32_t hash = 2166136261u;
  for (const char c : method.full_name()) {
    hash = (hash ^ static_cast<uint8_t>(c)) * 16777619u;
  }
  return static_cast<uint16_t>(hash ^ (hash >> 16));
}

}  // namespace mesoclinic::fuzz
