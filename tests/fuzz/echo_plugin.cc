// See echo_plugin.h. The ABI gives hooks no context pointer, so what the
// plugin answers is the library's own state, set before each call. The
// fuzz targets run one hook at a time.

#include "tests/fuzz/echo_plugin.h"

#include <cstring>
#include <string>

#include "mesoclinic/plugin_abi.h"

namespace {

struct Answer {
  int32_t code = MESOCLINIC_STATUS_OK;
  std::string result;
  int send_result = 0;
  std::string message;
  int send_message = 0;
};

Answer& CurrentAnswer() {
  static Answer* const answer = new Answer;
  return *answer;
}

// Fixed arrays: the host keeps the table's id and version pointers.
char id_storage[64] = "fuzz_echo";
char version_storage[64] = "0.0.0";

int32_t AnswerHook(mesoclinic_bytes, const mesoclinic_reply* reply) {
  const Answer& answer = CurrentAnswer();
  if (answer.send_message) {
    reply->set_error_message(
        reply->host_ctx,
        reinterpret_cast<const uint8_t*>(answer.message.data()),
        answer.message.size());
  }
  for (int i = 0; i < answer.send_result; ++i) {
    reply->set_result(reply->host_ctx,
                      reinterpret_cast<const uint8_t*>(answer.result.data()),
                      answer.result.size());
  }
  return answer.code;
}

const mesoclinic_plugin_table kTable = {
    .abi_major = MESOCLINIC_PLUGIN_ABI_MAJOR,
    .abi_minor = MESOCLINIC_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(mesoclinic_plugin_table),
    .reserved = 0,
    .id = id_storage,
    .version = version_storage,
    .describe = &AnswerHook,
    .check_eligibility = &AnswerHook,
    .plan_course = &AnswerHook,
    .validate_treatment_record = &AnswerHook,
    .assess_adverse_event = &AnswerHook,
};

void CopyCut(const char* text, char (&storage)[64]) {
  std::strncpy(storage, text, sizeof(storage) - 1);
  storage[sizeof(storage) - 1] = '\0';
}

}  // namespace

extern "C" {

MESOCLINIC_PLUGIN_EXPORT const mesoclinic_plugin_table* mesoclinic_plugin_v1(
    void) {
  return &kTable;
}

MESOCLINIC_PLUGIN_EXPORT void fuzz_echo_plugin_set_identity(
    const char* id, const char* version) {
  CopyCut(id, id_storage);
  CopyCut(version, version_storage);
}

MESOCLINIC_PLUGIN_EXPORT void fuzz_echo_plugin_set_answer(
    int32_t code, const uint8_t* result, size_t result_size, int send_result,
    const uint8_t* message, size_t message_size, int send_message) {
  Answer& answer = CurrentAnswer();
  answer.code = code;
  answer.result.assign(reinterpret_cast<const char*>(result), result_size);
  answer.send_result = send_result;
  answer.message.assign(reinterpret_cast<const char*>(message), message_size);
  answer.send_message = send_message;
}

}  // extern "C"
