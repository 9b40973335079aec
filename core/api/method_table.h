#ifndef MESOCLINIC_CORE_API_METHOD_TABLE_H_
#define MESOCLINIC_CORE_API_METHOD_TABLE_H_

// Every method the services bound, by full name: what a transport looks up
// to serve a call. The gRPC server and the Connect listener reach the same
// entries, so a method bound once is served by both.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "core/api/incoming_call.h"
#include "core/api/outgoing_stream.h"
#include "google/protobuf/descriptor.h"

namespace mesoclinic {

struct BoundMethod {
  // "/clinic.v1.PatientService/GetPatient".
  std::string name;
  const google::protobuf::MethodDescriptor* descriptor = nullptr;
  // A unary method: runs `call` and answers it, now or later.
  std::function<void(std::unique_ptr<UnaryCall> call)> run_unary;
  // A server-streaming method: admits `call` and then sends its messages
  // into `stream`, which the transport delivers.
  std::function<void(std::unique_ptr<IncomingCall> call,
                     std::shared_ptr<OutgoingStream> stream)>
      run_stream;
  // For a server-streaming method: how far a caller may fall behind.
  std::size_t max_queued_messages = 0;
  // For a server-streaming method: the message a transport without
  // keep-alives of its own (HTTP/1.1) sends on a quiet stream, so that a
  // caller that vanished is noticed; null for none.
  std::function<std::unique_ptr<google::protobuf::Message>()> keep_alive;

  bool server_streaming() const { return run_stream != nullptr; }
};

class MethodTable {
 public:
  // Adds `method`; aborts when its name is already bound (a programming
  // error found at start).
  void Add(BoundMethod method);

  // The method named `name`, or null.
  const BoundMethod* Find(absl::string_view name) const;

  // Every method, sorted by name.
  std::vector<const BoundMethod*> All() const;

 private:
  absl::flat_hash_map<std::string, std::unique_ptr<BoundMethod>> methods_;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_API_METHOD_TABLE_H_
