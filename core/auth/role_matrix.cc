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
// No role: the caller has not signed in yet.
constexpr unsigned kPublic = 1u << 31;

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
    {"/clinic.v1.StaffService/SetStaffPassword", kAdmin},

    // Sign-in: anyone may try to sign in or finish a setup link; changing
    // a password checks the caller (and the current password) itself, away
    // from the storage writer, so it is bound public too.
    {"/clinic.v1.SignInService/SignIn", kPublic | kEveryone},
    {"/clinic.v1.SignInService/SignOut", kEveryone},
    {"/clinic.v1.SignInService/ChangePassword", kPublic | kEveryone},
    {"/clinic.v1.SignInService/CompletePasswordSetup", kPublic | kEveryone},

    // Treatment types: eligibility reasons are clinical information.
    {"/clinic.v1.TreatmentService/ListTreatmentTypes", kEveryone},
    {"/clinic.v1.TreatmentService/GetTreatmentProtocol", kEveryone},
    {"/clinic.v1.TreatmentService/CheckEligibility", kPractitioner},
    {"/clinic.v1.TreatmentService/PlanCourse", kFrontDesk | kPractitioner},

    // Consents: the practitioner who explains a treatment and its risks
    // takes the consent and records it; anyone who takes a patient's call
    // may record a withdrawal.
    {"/clinic.v1.ConsentService/RecordConsent", kPractitioner},
    {"/clinic.v1.ConsentService/GetConsent", kFrontDesk | kPractitioner},
    {"/clinic.v1.ConsentService/ListConsents", kFrontDesk | kPractitioner},
    {"/clinic.v1.ConsentService/WithdrawConsent", kFrontDesk | kPractitioner},

    // The calendar: admins run it; practitioners set their own hours and
    // leave (the service checks it is their own).
    {"/clinic.v1.ClinicService/GetClinicSettings", kEveryone},
    {"/clinic.v1.ClinicService/UpdateClinicSettings", kAdmin},
    {"/clinic.v1.ClinicService/CreateRoom", kAdmin},
    {"/clinic.v1.ClinicService/ListRooms", kEveryone},
    {"/clinic.v1.ClinicService/DeactivateRoom", kAdmin},
    {"/clinic.v1.ClinicService/SetWorkingHours", kPractitioner | kAdmin},
    {"/clinic.v1.ClinicService/GetWorkingHours", kEveryone},
    {"/clinic.v1.ClinicService/CreateClosure", kPractitioner | kAdmin},
    {"/clinic.v1.ClinicService/ListClosures", kEveryone},
    {"/clinic.v1.ClinicService/DeleteClosure", kPractitioner | kAdmin},

    // Scheduling: the front desk books, moves, cancels and checks in;
    // completing a session records clinical work. The front desk never
    // sees treatment records (the service leaves them out).
    {"/clinic.v1.SchedulingService/FindAvailableSlots", kFrontDesk | kPractitioner},
    {"/clinic.v1.SchedulingService/BookSession", kFrontDesk | kPractitioner},
    {"/clinic.v1.SchedulingService/BookCourse", kFrontDesk | kPractitioner},
    {"/clinic.v1.SchedulingService/RescheduleSession", kFrontDesk | kPractitioner},
    {"/clinic.v1.SchedulingService/CancelSession", kFrontDesk | kPractitioner},
    {"/clinic.v1.SchedulingService/CheckIn", kFrontDesk | kPractitioner},
    {"/clinic.v1.SchedulingService/CompleteSession", kPractitioner},
    {"/clinic.v1.SchedulingService/MarkNoShow", kFrontDesk | kPractitioner},
    {"/clinic.v1.SchedulingService/GetSession", kFrontDesk | kPractitioner},
    {"/clinic.v1.SchedulingService/ListSessions", kFrontDesk | kPractitioner},
    {"/clinic.v1.SchedulingService/GetCourse", kFrontDesk | kPractitioner},
    {"/clinic.v1.SchedulingService/WatchSchedule", kFrontDesk | kPractitioner},

    // Adverse events are clinical: practitioners only.
    {"/clinic.v1.AdverseEventService/ReportAdverseEvent", kPractitioner},
    {"/clinic.v1.AdverseEventService/AddFollowUp", kPractitioner},
    {"/clinic.v1.AdverseEventService/GetAdverseEvent", kPractitioner},
    {"/clinic.v1.AdverseEventService/ListAdverseEvents", kPractitioner},
    {"/clinic.v1.AdverseEventService/MarkExpeditedReportSubmitted",
     kPractitioner},
    {"/clinic.v1.AdverseEventService/ReviewSafetyHold", kPractitioner},
    {"/clinic.v1.AdverseEventService/RetryAdverseEventAssessment",
     kPractitioner},
    {"/clinic.v1.AdverseEventService/GetAdverseEventVocabulary",
     kPractitioner},
    {"/clinic.v1.AdverseEventService/TraceLot", kPractitioner},
    {"/clinic.v1.AdverseEventService/GetSafetySummary", kPractitioner},
    {"/clinic.v1.AdverseEventService/ExportAdverseEvent", kPractitioner},
    {"/clinic.v1.AdverseEventService/ListFollowUpTasks", kPractitioner},
    {"/clinic.v1.AdverseEventService/CompleteFollowUpTask", kPractitioner},

    {"/clinic.v1.AuditService/ListAuditEvents", kAdmin},
    {"/clinic.v1.AuditService/VerifyAuditChain", kAdmin},
    {"/clinic.v1.AuditService/CreateAuditCheckpoint", kAdmin},
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

bool RoleMatrix::IsPublic(absl::string_view method) const {
  const auto it = allowed_.find(method);
  return it != allowed_.end() && (it->second & kPublic) != 0;
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
