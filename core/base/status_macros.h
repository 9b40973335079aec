#ifndef MESOCLINIC_CORE_BASE_STATUS_MACROS_H_
#define MESOCLINIC_CORE_BASE_STATUS_MACROS_H_

// The two status macros Abseil 20220623 does not ship.

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Returns from the current function when `expr` (an absl::Status) is not OK.
#define RETURN_IF_ERROR(expr)                                 \
  do {                                                        \
    if (absl::Status mesoclinic_status_ = (expr);             \
        !mesoclinic_status_.ok()) {                           \
      return mesoclinic_status_;                              \
    }                                                         \
  } while (false)

#define MESOCLINIC_CONCAT_INNER_(a, b) a##b
#define MESOCLINIC_CONCAT_(a, b) MESOCLINIC_CONCAT_INNER_(a, b)

// ASSIGN_OR_RETURN(lhs, expr): evaluates `expr` (an absl::StatusOr<T>); on
// error returns its status, otherwise moves the value into `lhs`, which may
// be a declaration (`auto x`) or an existing variable.
#define ASSIGN_OR_RETURN(lhs, expr)                                       \
  MESOCLINIC_ASSIGN_OR_RETURN_IMPL_(                                      \
      MESOCLINIC_CONCAT_(mesoclinic_statusor_, __LINE__), lhs, expr)

#define MESOCLINIC_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                      \
  if (!statusor.ok()) return std::move(statusor).status();     \
  lhs = *std::move(statusor)

#endif  // MESOCLINIC_CORE_BASE_STATUS_MACROS_H_
