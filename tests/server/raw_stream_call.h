#ifndef MESOCLINIC_TESTS_SERVER_RAW_STREAM_CALL_H_
#define MESOCLINIC_TESTS_SERVER_RAW_STREAM_CALL_H_

// Calls a server-streaming method with request bytes as they are, as
// raw_call.h does for unary methods.

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "tests/support/raw_call.h"

namespace mesoclinic::testing {

// Sends `request_bytes` to `method` ("/clinic.v1.SchedulingService/
// WatchSchedule") and waits, at most `deadline_seconds`, for the first
// message or the end of the stream. A stream that sends a message was
// accepted: the answer is OK (with no bytes), and the call is then
// cancelled. Otherwise the answer is the status the stream ended with.
RawResponse RawServerStreamCall(const std::shared_ptr<grpc::Channel>& channel,
                                const std::string& method,
                                const std::string& request_bytes,
                                int deadline_seconds = 10);

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_SERVER_RAW_STREAM_CALL_H_
