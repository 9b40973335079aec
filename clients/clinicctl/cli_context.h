#ifndef MESOCLINIC_CLIENTS_CLINICCTL_CLI_CONTEXT_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_CLI_CONTEXT_H_

// What a command runs with: the connection (made on first use), the output
// streams and mode, the clinic's time zone (fetched on first use), and the
// one wrapper every call goes through.

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include "absl/strings/string_view.h"

#include <grpcpp/grpcpp.h>

#include "absl/time/time.h"
#include "clients/clinicctl/connection.h"
#include "clients/clinicctl/progress.h"
#include "clinic/v1/common.pb.h"

namespace mesoclinic::clinicctl {

struct CliOptions {
  ConnectionOptions connection;
  // Print responses in the protobuf JSON mapping instead of tables.
  bool json = false;
  // Show progress even when stderr is not a terminal.
  bool progress = false;
  // The deadline of each call.
  absl::Duration timeout = absl::Seconds(30);
};

class CliContext {
 public:
  CliContext(CliOptions options, std::ostream& out, std::ostream& err,
             bool stderr_is_terminal);

  const CliOptions& options() const { return options_; }
  bool json() const { return options_.json; }
  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }

  // A stub of `Service` on the shared channel.
  template <typename Service>
  std::unique_ptr<typename Service::Stub> Stub() {
    return Service::NewStub(channel());
  }

  // Calls a unary method, with a deadline of --timeout. UNAVAILABLE is
  // retried twice, with the same request (so the same request_id): the
  // server answers a repeated change with its first answer. Throws RpcError.
  template <typename Stub, typename Request, typename Response>
  Response Unary(Stub& stub,
                 grpc::Status (Stub::*method)(grpc::ClientContext*,
                                              const Request&, Response*),
                 const Request& request) {
    Response response;
    Call([&](grpc::ClientContext& context) {
      response.Clear();
      return (stub.*method)(&context, request, &response);
    });
    return response;
  }
  void Call(const std::function<grpc::Status(grpc::ClientContext&)>& attempt);

  // The clinic's time zone, from ClinicService.GetClinicSettings.
  const absl::TimeZone& zone();
  absl::Time now() const { return absl::Now(); }
  // Dates and times typed by the user, read in the clinic's zone.
  clinic::v1::Date ParseDate(absl::string_view text, absl::string_view what);
  absl::Time ParseTime(absl::string_view text, absl::string_view what);

  // Progress for a long job (see Progress).
  std::unique_ptr<Progress> StartProgress();

 private:
  std::shared_ptr<grpc::Channel> channel();

  CliOptions options_;
  std::ostream& out_;
  std::ostream& err_;
  const bool stderr_is_terminal_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<absl::TimeZone> zone_;
};

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_CLI_CONTEXT_H_
