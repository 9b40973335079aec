#include "core/api/update_mask.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/base/field_rules.h"
#include "google/protobuf/util/field_mask_util.h"

namespace mesoclinic {

using google::protobuf::FieldMask;
using google::protobuf::util::FieldMaskUtil;

absl::StatusOr<FieldMask> ResolveUpdateMask(
    const FieldMask& requested, const google::protobuf::Message& values,
    absl::Span<const absl::string_view> updatable_fields) {
  // A resource has far fewer fields; more paths are not a mask.
  constexpr std::size_t kMaxPaths = 100;
  if (absl::Status count = CheckEntryCount("update_mask.paths",
                                           requested.paths_size(), kMaxPaths);
      !count.ok()) {
    return count;
  }
  FieldMask resolved;
  const google::protobuf::Descriptor* descriptor = values.GetDescriptor();
  if (requested.paths_size() == 1 && requested.paths(0) == "*") {
    for (absl::string_view field : updatable_fields) {
      resolved.add_paths(std::string(field));
    }
    return resolved;
  }
  if (requested.paths_size() == 0) {
    const google::protobuf::Reflection* reflection = values.GetReflection();
    for (absl::string_view name : updatable_fields) {
      const auto* field = descriptor->FindFieldByName(std::string(name));
      const bool set = field->is_repeated()
                           ? reflection->FieldSize(values, field) > 0
                           : reflection->HasField(values, field);
      if (set) resolved.add_paths(std::string(name));
    }
    if (resolved.paths_size() == 0) {
      return FieldError("update_mask",
                        "is empty and the request sets no updatable field");
    }
    return resolved;
  }
  for (const std::string& path : requested.paths()) {
    if (path == "*") {
      return FieldError("update_mask", "\"*\" must be the only path");
    }
    if (!FieldMaskUtil::GetFieldDescriptors(descriptor, path, nullptr)) {
      return FieldError("update_mask",
                        absl::StrCat(QuotedValue(path), " is not a field of ",
                                     descriptor->name()));
    }
    bool updatable = false;
    for (absl::string_view field : updatable_fields) {
      updatable |= path == field || absl::StartsWith(path, absl::StrCat(field, "."));
    }
    if (!updatable) {
      return FieldError("update_mask",
                        absl::StrCat(QuotedValue(path),
                                     " cannot be changed: it is output only "
                                     "or changed by its own method"));
    }
    resolved.add_paths(path);
  }
  return resolved;
}

void ApplyUpdateMask(const google::protobuf::Message& values,
                     const FieldMask& mask, google::protobuf::Message* target) {
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(values, mask, options, target);
}

}  // namespace mesoclinic
