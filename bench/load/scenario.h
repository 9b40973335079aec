#ifndef MESOCLINIC_BENCH_LOAD_SCENARIO_H_
#define MESOCLINIC_BENCH_LOAD_SCENARIO_H_

// One kind of call the load generator measures: which method, what each
// request holds, and what each answer counts as.

#include <optional>
#include <string>

#include <grpcpp/grpcpp.h>

#include "google/protobuf/message.h"

namespace mesoclinic::bench {

// What an answer counts as in the figures.
enum class Verdict {
  kOk,
  // A refusal the scenario provokes on purpose (two bookings of one slot).
  kExpectedRefusal,
  kError,
};

// What carries a scenario's calls: clinicd's gRPC listener (LoadDriver) or
// its Connect listener with JSON bodies (ConnectLoadDriver).
enum class Transport {
  kGrpc,
  kConnectJson,
};

class Scenario {
 public:
  virtual ~Scenario() = default;

  // Short and stable, for tables, JSON and --scenarios: "get_patient".
  virtual std::string name() const = 0;
  // The full method name: "/clinic.v1.PatientService/GetPatient".
  virtual std::string method() const = 0;

  // The next request, serialized; nullopt once the scenario has used up what
  // it prepared (free slots to book). Called from several threads at once.
  virtual std::optional<grpc::ByteBuffer> NextRequest() = 0;

  // OK is kOk and anything else kError, unless the scenario expects some
  // refusals.
  virtual Verdict Judge(const grpc::Status& status) const {
    return status.ok() ? Verdict::kOk : Verdict::kError;
  }

  virtual Transport transport() const { return Transport::kGrpc; }
};

// `message` serialized, as the generic stub sends it.
grpc::ByteBuffer Serialize(const google::protobuf::Message& message);

}  // namespace mesoclinic::bench

#endif  // MESOCLINIC_BENCH_LOAD_SCENARIO_H_
