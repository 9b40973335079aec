#ifndef MESOCLINIC_CORE_API_UPDATE_MASK_H_
#define MESOCLINIC_CORE_API_UPDATE_MASK_H_

// Update masks for Update methods (AIP-134).

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"

namespace mesoclinic {

// Resolves the mask a client sent against the resource's updatable fields
// (top-level names such as "contact"; their sub-fields may be named too, as
// "contact.phone"):
//   - "*" alone means every updatable top-level field;
//   - an empty mask means every updatable top-level field set in `values`;
//   - otherwise each path must name a field of the resource that is, or lies
//     under, an updatable field.
// INVALID_ARGUMENT naming update_mask and the offending path otherwise.
absl::StatusOr<google::protobuf::FieldMask> ResolveUpdateMask(
    const google::protobuf::FieldMask& requested,
    const google::protobuf::Message& values,
    absl::Span<const absl::string_view> updatable_fields);

// Copies the fields named in `mask` from `values` into `target`, replacing
// (not merging) messages and lists, so that a named field that is unset in
// `values` is cleared.
void ApplyUpdateMask(const google::protobuf::Message& values,
                     const google::protobuf::FieldMask& mask,
                     google::protobuf::Message* target);

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_API_UPDATE_MASK_H_
