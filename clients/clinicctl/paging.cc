#include "clients/clinicctl/paging.h"

#include <google/protobuf/descriptor.h>

namespace mesoclinic::clinicctl {

void AddPagingFlags(CLI::App& command, PageFlags& flags) {
  Value(command, "--page-size", flags.page_size, "N",
        "at most N results per page (server default)");
  Value(command, "--page-token", flags.page_token, "TOKEN",
        "continue from a previous page");
  Switch(command, "--all", flags.all, "fetch every page");
}

int ItemCount(const google::protobuf::Message& response) {
  const google::protobuf::Descriptor* type = response.GetDescriptor();
  for (int i = 0; i < type->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = type->field(i);
    if (field->is_repeated() &&
        field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      return response.GetReflection()->FieldSize(response, field);
    }
  }
  return 0;
}

}  // namespace mesoclinic::clinicctl
