/* The binary contract between Mesoclinic (the host) and a treatment plugin.
 *
 * A plugin is a shared library exporting ONE symbol, the entry function
 * MESOCLINIC_PLUGIN_ENTRY_SYMBOL. The host dlopen()s the library with
 * RTLD_NOW | RTLD_LOCAL, calls the entry function once, and keeps the table
 * it returns for as long as the library stays loaded.
 *
 * Only plain C data crosses this boundary: integers, NUL-terminated strings
 * with static storage, and {pointer, size} byte buffers holding serialized
 * clinic.plugin.v1 messages (proto/clinic/plugin/v1/plugin.proto). No C++
 * type, no exception and no heap block changes hands: results travel back
 * through callbacks the host provides, which copy the bytes before returning,
 * so each side frees only what it allocated.
 *
 * Ownership is written on every type with the two markers below.
 *
 * Versioning
 *   The entry symbol carries the ABI major version (mesoclinic_plugin_v1), and
 *   the table repeats it. The host refuses a plugin whose major differs from
 *   its own, whose minor is newer than its own, or whose table is smaller
 *   than the major's first table. Within a major, tables only grow at their
 *   end; a host reading an older plugin's smaller table treats the missing
 *   trailing hooks as absent.
 *
 * Threading
 *   The host calls hooks from many threads at once, on the same plugin.
 *   Hooks must be thread-safe and should be pure functions of their input:
 *   the same request bytes give the same answer (the conformance checker,
 *   clinic-plugin-check, verifies this). Hooks must not block on I/O; a
 *   plugin never sees the database or the network.
 *
 * Most authors never touch this file: mesoclinic/plugin.h wraps it in a C++
 * class and one export macro.
 */
#ifndef MESOCLINIC_PLUGIN_ABI_H_
#define MESOCLINIC_PLUGIN_ABI_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Memory the host allocates and frees; the plugin may read it only for the
 * duration of the call it was passed to. */
#define MESOCLINIC_OWNED_BY_HOST
/* Memory the plugin allocates and frees; it must stay valid while the
 * library is loaded. */
#define MESOCLINIC_OWNED_BY_PLUGIN

#define MESOCLINIC_PLUGIN_ABI_MAJOR 1
#define MESOCLINIC_PLUGIN_ABI_MINOR 0

/* The name of the entry function for ABI major 1. */
#define MESOCLINIC_PLUGIN_ENTRY_SYMBOL "mesoclinic_plugin_v1"

/* Status codes a hook returns. The values are those of absl::StatusCode (and
 * of google.rpc.Code), so the host maps them one to one. Any other value is
 * read as UNKNOWN. */
typedef enum mesoclinic_status_code {
  MESOCLINIC_STATUS_OK = 0,
  MESOCLINIC_STATUS_CANCELLED = 1,
  MESOCLINIC_STATUS_UNKNOWN = 2,
  MESOCLINIC_STATUS_INVALID_ARGUMENT = 3,
  MESOCLINIC_STATUS_DEADLINE_EXCEEDED = 4,
  MESOCLINIC_STATUS_NOT_FOUND = 5,
  MESOCLINIC_STATUS_ALREADY_EXISTS = 6,
  MESOCLINIC_STATUS_PERMISSION_DENIED = 7,
  MESOCLINIC_STATUS_RESOURCE_EXHAUSTED = 8,
  MESOCLINIC_STATUS_FAILED_PRECONDITION = 9,
  MESOCLINIC_STATUS_ABORTED = 10,
  MESOCLINIC_STATUS_OUT_OF_RANGE = 11,
  MESOCLINIC_STATUS_UNIMPLEMENTED = 12,
  MESOCLINIC_STATUS_INTERNAL = 13,
  MESOCLINIC_STATUS_UNAVAILABLE = 14,
  MESOCLINIC_STATUS_DATA_LOSS = 15,
  MESOCLINIC_STATUS_UNAUTHENTICATED = 16
} mesoclinic_status_code;

/* A read-only byte buffer. `data` may be NULL when `size` is 0. */
typedef struct mesoclinic_bytes {
  const uint8_t* data MESOCLINIC_OWNED_BY_HOST;
  size_t size;
} mesoclinic_bytes;

/* A callback into the host that copies `size` bytes from `data` (owned by
 * the caller, the plugin) before returning. `host_ctx` is the value the host
 * put in mesoclinic_reply. Never throws; may be called only during the hook
 * call that received it, on the same thread. */
typedef void (*mesoclinic_write_fn)(void* host_ctx, const uint8_t* data,
                                    size_t size);

/* Where a hook sends its answer. Built by the host for one call; the plugin
 * must not keep any of it after the hook returns.
 *
 * On success (MESOCLINIC_STATUS_OK) the hook calls set_result exactly once,
 * with the serialized result message. On failure it may call
 * set_error_message once, with a UTF-8 explanation naming the field and the
 * rule ("plan.session_count: 12 is above the protocol's 10"). */
typedef struct mesoclinic_reply {
  void* host_ctx MESOCLINIC_OWNED_BY_HOST;
  mesoclinic_write_fn set_result;
  mesoclinic_write_fn set_error_message;
} mesoclinic_reply;

/* A hook: reads one serialized request, answers through `reply`, returns a
 * mesoclinic_status_code. Must not let an exception escape, must not keep
 * `request` or `reply`, and must be safe to call concurrently.
 *
 * Requests and results, all in package clinic.plugin.v1:
 *   describe                   (empty request)      -> PluginDescription
 *   check_eligibility          EligibilityRequest   -> EligibilityResult
 *   plan_course                PlanCourseRequest    -> CoursePlan
 *   validate_treatment_record  TreatmentRecord      -> TreatmentRecordValidation
 *   assess_adverse_event       AdverseEventReport   -> AdverseEventAssessment
 * A request that does not parse is INVALID_ARGUMENT. */
typedef int32_t (*mesoclinic_hook_fn)(mesoclinic_bytes request,
                                      const mesoclinic_reply* reply);

/* The table a plugin returns from its entry function. Owned by the plugin,
 * immutable, valid while the library is loaded.
 *
 * Grows only at its end within a major version: never reorder or remove a
 * field. A newer host reading an older plugin uses struct_size to see which
 * trailing fields the plugin knows. */
typedef struct mesoclinic_plugin_table {
  /* MESOCLINIC_PLUGIN_ABI_MAJOR and _MINOR as the plugin was compiled. */
  uint32_t abi_major;
  uint32_t abi_minor;
  /* sizeof(mesoclinic_plugin_table) as the plugin was compiled. */
  uint32_t struct_size;
  uint32_t reserved; /* 0; keeps the pointers below 8-byte aligned. */

  /* The plugin's id and version; must equal PluginDescription.id and
   * .version. NUL-terminated, static storage. */
  const char* id MESOCLINIC_OWNED_BY_PLUGIN;
  const char* version MESOCLINIC_OWNED_BY_PLUGIN;

  /* ABI 1.0 hooks; none may be NULL. */
  mesoclinic_hook_fn describe;
  mesoclinic_hook_fn check_eligibility;
  mesoclinic_hook_fn plan_course;
  mesoclinic_hook_fn validate_treatment_record;
  mesoclinic_hook_fn assess_adverse_event;

  /* ABI 1.1 and later add fields here. */
} mesoclinic_plugin_table;

/* The smallest table the host accepts for major 1: everything up to and
 * including assess_adverse_event. */
#define MESOCLINIC_PLUGIN_TABLE_V1_0_SIZE \
  (offsetof(mesoclinic_plugin_table, assess_adverse_event) + \
   sizeof(mesoclinic_hook_fn))

/* The entry function every plugin exports under MESOCLINIC_PLUGIN_ENTRY_SYMBOL.
 * Returns the plugin's table, or NULL when the plugin cannot initialise (the
 * host then refuses it). Called once, before any hook; must not throw. */
typedef const mesoclinic_plugin_table* (*mesoclinic_plugin_entry_fn)(void);

/* Marks the entry function as the one symbol a plugin exports. */
#if defined(__GNUC__) || defined(__clang__)
#define MESOCLINIC_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define MESOCLINIC_PLUGIN_EXPORT
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* MESOCLINIC_PLUGIN_ABI_H_ */
