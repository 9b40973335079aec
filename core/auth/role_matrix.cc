#include "core/auth/role_matrix.h"

#include <algorithm>

namespace mesoclinic::auth {
namespace {

using staff::Role;

constexpr unsigned Bit(Role role) { return 1u << static_cast<int>(role); }

constexpr unsigned kFrontDesk = Bit(Role::kFrontDesk);
constexpr unsigned kPractitioner = Bit(Role::kPractitioner);
constexpr unsigned kAdmin = Bit(Role::kAdmin);
constexpr unsigned kEveryone = kFrontDesk | kPractitioner | kAdmin;

struct Entry {
  const char* method;
  unsigned roles;
};

// Patient records: the front desk registers patients and keeps their
// details up to date but never sees clinical facts or notes (the service
// redacts them); admins manage the system, not patients.
constexpr Entry kEntries[] = {
    {"/clinic.v1.PatientService/CreatePatient", kFrontDesk | kPractitioner},
    {"/clinic.v1.PatientService/GetPatient", kFrontDesk | kPractitioner},
    {"/clinic.v1.PatientService/UpdatePatient", kFrontDesk | kPractitioner},
    {"/clinic.v1.PatientService/ListPatients", kFrontDesk | kPractitioner},
    {"/clinic.v1.PatientService/ArchivePatient", kFrontDesk | kPractitioner},

    {"/clinic.v1.StaffService/CreateStaffMember", kAdmin},
    {"/clinic.v1.StaffService/GetStaffMember", kEveryone},
    {"/clinic.v1.StaffService/ListStaffMembers", kEveryone},
    {"/clinic.v1.StaffService/DeactivateStaffMember", kAdmin},
    {"/clinic.v1.StaffService/IssueApiKey", kAdmin},
    {"/clinic.v1.StaffService/RevokeApiKey", kAdmin},
    {"/clinic.v1.StaffService/ListApiKeys", kAdmin},
    {"/clinic.v1.StaffService/GetCaller", kEveryone},

    // Treatment types: eligibility reasons are clinical information.
    {"/clinic.v1.TreatmentService/ListTreatmentTypes", kEveryone},
    {"/clinic.v1.TreatmentService/GetTreatmentProtocol", kEveryone},
    {"/clinic.v1.TreatmentService/CheckEligibility", kPractitioner},
    {"/clinic.v1.TreatmentService/PlanCourse", kFrontDesk | kPractitioner},

    {"/clinic.v1.AuditService/ListAuditEvents", kAdmin},
    {"/clinic.v1.AuditService/VerifyAuditChain", kAdmin},
};

}  // namespace

RoleMatrix RoleMatrix::Default() {
  RoleMatrix matrix;
  for (const Entry& entry : kEntries) {
    matrix.allowed_[entry.method] = entry.roles;
  }
  return matrix;
}

bool RoleMatrix::Allows(absl::string_view method, Role role) const {
  const auto it = allowed_.find(method);
  return it != allowed_.end() && role != Role::kUnspecified &&
         (it->second & Bit(role)) != 0;
}

bool RoleMatrix::Names(absl::string_view method) const {
  return allowed_.contains(method);
}

std::vector<std::string> RoleMatrix::Methods() const {
  std::vector<std::string> methods;
  for (const auto& [method, roles] : allowed_) methods.push_back(method);
  std::sort(methods.begin(), methods.end());
  return methods;
}

}  // namespace mesoclinic::auth
