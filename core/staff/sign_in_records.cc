#include "core/staff/sign_in_records.h"

namespace mesoclinic::staff {

const char* SessionEndReasonName(SessionEndReason reason) {
  switch (reason) {
    case SessionEndReason::kSignedOut:
      return "signed_out";
    case SessionEndReason::kPasswordSet:
      return "password_set";
    case SessionEndReason::kPasswordChanged:
      return "password_changed";
    case SessionEndReason::kDeactivated:
      return "deactivated";
  }
  return "ended";
}

}  // namespace mesoclinic::staff
