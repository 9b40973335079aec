#ifndef MESOCLINIC_TESTS_RELIABILITY_SERVER_CONNECTIONS_H_
#define MESOCLINIC_TESTS_RELIABILITY_SERVER_CONNECTIONS_H_

// Connections to one life of clinicd: a channel per API key, each with a
// connection of its own, so that a crash test client breaks its own
// connections when the server dies. Calls carry raw request bytes, so that
// an operation can be resent exactly as it was first sent.

#include <map>
#include <memory>
#include <string>
#include <utility>

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "tests/support/raw_call.h"

namespace mesoclinic::reliability {

class ServerConnections {
 public:
  ServerConnections(std::string address, absl::Duration deadline)
      : address_(std::move(address)), deadline_(deadline) {}

  // `method` is the full name: "/clinic.v1.SchedulingService/BookSession".
  testing::RawResponse CallRaw(const std::string& api_key,
                               const std::string& method,
                               const std::string& request_bytes);

  // The same with messages. A response that does not parse is INTERNAL.
  grpc::Status Call(const std::string& api_key, const std::string& method,
                    const google::protobuf::Message& request,
                    google::protobuf::Message* response);

 private:
  std::shared_ptr<grpc::Channel> Channel(const std::string& api_key);

  const std::string address_;
  const absl::Duration deadline_;
  absl::Mutex mutex_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_
      ABSL_GUARDED_BY(mutex_);
};

}  // namespace mesoclinic::reliability

#endif  // MESOCLINIC_TESTS_RELIABILITY_SERVER_CONNECTIONS_H_
