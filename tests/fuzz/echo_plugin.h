#ifndef MESOCLINIC_TESTS_FUZZ_ECHO_PLUGIN_H_
#define MESOCLINIC_TESTS_FUZZ_ECHO_PLUGIN_H_

// The echo plugin (echo_plugin.cc): a treatment plugin for the plugin fuzz
// targets that answers every hook with whatever it was last told to, so
// that a target can make the host handle any answer a plugin could give.
// Besides the ABI's entry symbol it exports the two functions below, which
// the target finds with dlsym on the same library the host loads.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FUZZ_ECHO_SET_IDENTITY_SYMBOL "fuzz_echo_plugin_set_identity"
#define FUZZ_ECHO_SET_ANSWER_SYMBOL "fuzz_echo_plugin_set_answer"

// The id and version the plugin's table states from now on (cut at 63
// bytes). The host refuses a plugin whose description disagrees with them.
typedef void (*fuzz_echo_set_identity_fn)(const char* id, const char* version);

// What every hook answers from now on: `code` as the hook's status, the
// result bytes through set_result when `send_result` (twice when
// `send_result` is 2, which the ABI forbids), and the message bytes through
// set_error_message when `send_message`. The bytes are copied.
typedef void (*fuzz_echo_set_answer_fn)(int32_t code, const uint8_t* result,
                                        size_t result_size, int send_result,
                                        const uint8_t* message,
                                        size_t message_size, int send_message);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // MESOCLINIC_TESTS_FUZZ_ECHO_PLUGIN_H_
