#ifndef MESOCLINIC_TESTS_SERVER_HOSTILE_REQUEST_MAKER_H_
#define MESOCLINIC_TESTS_SERVER_HOSTILE_REQUEST_MAKER_H_

// Makes, from one plausible request, the hostile requests a careless or
// malicious client could send instead: each is the plausible request with
// one thing made hostile, found by protobuf reflection, so that a field
// added to a request is attacked without anyone writing a case for it.
//
// What is attacked, for every field set in the plausible request (and the
// page_token of a List method, set or not):
//   - the whole request: empty, or bytes that are not a protobuf message;
//   - strings: 1 MiB, one character over the documented limit, SQL
//     fragments ("'; DROP TABLE patients; --", "%", "_"), a NUL byte,
//     invalid UTF-8 (sent as raw bytes: protobuf will not serialize it);
//   - resource names ("patients/abc"): no id, "..", another collection, an
//     unknown id, an upper-case or over-long id, an extra segment, SQL in
//     the id;
//   - page tokens: not base64, another method's or filters' token, and
//     tokens forged with this request's fingerprint around a malformed
//     position;
//   - enums: numbers no value has; integers: their type's extremes and -1;
//     doubles: NaN, infinities, -1, 1e308;
//   - google.protobuf.Timestamp: the epoch, before it, years 1 and 9999
//     and past them, int64 extremes, nanos -1 and 1e9;
//   - clinic.v1.Date: year 0 and 10000, month 13, day 32, February 30,
//     negative and int32 extremes, a year alone;
//   - repeated fields: 10,000 copies of the first entry; and the first
//     entry is attacked as above.

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "google/protobuf/message.h"

namespace mesoclinic::testing {

struct HostileRequest {
  // The attacked field's path in the request, as the API's errors name it
  // ("patient.clinical_facts.medications[0].name"); empty when the whole
  // request is.
  std::string field;
  // What is hostile about it: "1 MiB", "SQL: '; DROP TABLE patients; --".
  std::string variant;
  // The request as sent.
  std::string bytes;
  // For resource-name variants, the name sent: an error may name it rather
  // than the field ("patients/zzzzzzzzzzzzzzzz does not exist").
  std::string sent_name;
};

// Documented maximum lengths in characters, by full field name
// ("clinic.v1.Patient.given_name").
using MaxLengths = absl::flat_hash_map<std::string, int>;

// Every hostile variant of `plausible`. When the request has a request_id,
// each variant that does not attack it carries its own (the plausible one
// with a suffix), so that a variant wrongly accepted is not answered as a
// retry of another.
std::vector<HostileRequest> MakeHostileRequests(
    const google::protobuf::Message& plausible, const MaxLengths& max_lengths);

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_SERVER_HOSTILE_REQUEST_MAKER_H_
