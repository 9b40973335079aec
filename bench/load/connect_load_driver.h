#ifndef MESOCLINIC_BENCH_LOAD_CONNECT_LOAD_DRIVER_H_
#define MESOCLINIC_BENCH_LOAD_CONNECT_LOAD_DRIVER_H_

// The load of a step sent through clinicd's Connect transport (its HTTP
// listener) instead of gRPC: the same scenarios, the same requests, counted
// by the same rules (StepWindow), so that a run can set the two transports'
// figures side by side.
//
// Each call in flight is a thread of its own with one keep-alive HTTP/1.1
// connection (a libcurl easy handle), as a browser's or a script's client
// would hold: it sends the scenario's request as protobuf's canonical JSON
// (application/json, Connect-Protocol-Version 1, the deadline as
// Connect-Timeout-Ms) and reads a refusal's code from the Connect error
// JSON. The JSON encoding of each request is part of the client's work.

#include <memory>
#include <string>

#include "bench/load/load_driver.h"
#include "bench/load/scenario.h"

namespace mesoclinic::bench {

class ConnectLoadDriver {
 public:
  // `http_target`: the listener's host:port; `api_key` is sent as a bearer
  // token with every call.
  ConnectLoadDriver(std::string http_target, std::string api_key);

  // Runs one step of `scenario` and waits for every call it started.
  StepResult Run(Scenario& scenario, const StepOptions& options);

 private:
  std::string base_url_;
  std::string api_key_;
};

// `scenario` sent over Connect with JSON: named "connect_" + its name.
std::unique_ptr<Scenario> OverConnect(std::unique_ptr<Scenario> scenario);

// The gRPC code a Connect error names ("not_found"); UNKNOWN for a name
// the protocol does not have.
grpc::StatusCode StatusCodeOfConnectCode(const std::string& connect_code);

}  // namespace mesoclinic::bench

#endif  // MESOCLINIC_BENCH_LOAD_CONNECT_LOAD_DRIVER_H_
