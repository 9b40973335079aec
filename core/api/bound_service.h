#ifndef MESOCLINIC_CORE_API_BOUND_SERVICE_H_
#define MESOCLINIC_CORE_API_BOUND_SERVICE_H_

// A gRPC service whose methods are typed handlers run by the CallRunner.
//
//   class PatientService : public BoundService<clinic::v1::PatientService> {
//    public:
//     explicit PatientService(CallRunner& calls) : BoundService(calls) {
//       BindRead("GetPatient", &PatientService::GetPatient);
//       BindWrite("CreatePatient", &PatientService::CreatePatient);
//     }
//    private:
//     absl::Status GetPatient(const GetPatientRequest& request,
//                             GetPatientResponse& response,
//                             storage::Transaction& transaction,
//                             const CallContext& call) const;
//     ...
//   };
//
// Each method is entered in the runner's method table, which the Connect
// transport serves, and registered with gRPC as a raw callback method: the
// runner receives the request bytes and decodes them itself (see
// request_decoding.h). Reflection and health checking see the service
// exactly as generated.

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "core/api/call_runner.h"
#include "core/api/grpc_calls.h"
#include "google/protobuf/descriptor.h"

namespace mesoclinic {

// `GeneratedService` is the outer class protoc generates for a service, such
// as clinic::v1::PatientService.
template <typename GeneratedService>
class BoundService : public GeneratedService::Service {
 public:
  // "clinic.v1.PatientService".
  static constexpr const char* ServiceName() {
    return GeneratedService::service_full_name();
  }

 protected:
  // A const member function of the derived service that handles a method.
  template <typename Self, typename Request, typename Response>
  using MemberHandler = absl::Status (Self::*)(const Request&, Response&,
                                               storage::Transaction&,
                                               const CallContext&) const;

  explicit BoundService(CallRunner& calls) : calls_(calls) {}

  // Binds a method that only reads.
  template <typename Self, typename Request, typename Response>
  void BindRead(const char* method, MemberHandler<Self, Request, Response> fn) {
    Bind<Request, Response>(method, FromMember(fn), /*writes=*/false);
  }

  // Binds a method that changes data; its request must have a request_id.
  template <typename Self, typename Request, typename Response>
  void BindWrite(const char* method,
                 MemberHandler<Self, Request, Response> fn) {
    if (Request::descriptor()->FindFieldByName("request_id") == nullptr) {
      Abort(method, "changes data but its request has no request_id");
    }
    Bind<Request, Response>(method, FromMember(fn), /*writes=*/true);
  }

  // A const member function of the derived service that handles a method
  // anyone may call without signing in (see CallRunner::Public).
  template <typename Self, typename Request, typename Response>
  using PublicMemberHandler = void (Self::*)(const Request&, Response&,
                                             const CallContext&,
                                             CallRunner::Done) const;

  // Binds a method anyone may call without signing in; the role matrix
  // must mark it public.
  template <typename Self, typename Request, typename Response>
  void BindPublic(const char* method,
                  PublicMemberHandler<Self, Request, Response> fn) {
    const Self* self = static_cast<const Self*>(this);
    auto holder = std::make_unique<PublicHandlerHolder<Request, Response>>();
    holder->handler = [self, fn](const Request& request, Response& response,
                                 const CallContext& call,
                                 CallRunner::Done done) {
      (self->*fn)(request, response, call, std::move(done));
    };
    const CallRunner::PublicHandler<Request, Response>& stored =
        holder->handler;
    handlers_.push_back(std::move(holder));
    BindUnary<Request, Response>(
        method, [this, &stored](std::unique_ptr<UnaryCall> call,
                                const std::string& name) {
          calls_.Public(std::move(call), name, stored);
        });
  }

  // Binds a server-streaming method: `start` admits the call (see
  // CallRunner::StartStream) and sends its messages into the stream, which
  // the transport delivers. A caller that falls `max_queued_messages`
  // behind has its stream ended. `keep_alive` makes the message sent on a
  // quiet stream over HTTP/1.1 (see BoundMethod).
  using StreamStarter = std::function<void(
      std::unique_ptr<IncomingCall> call,
      std::shared_ptr<OutgoingStream> stream)>;
  void BindServerStream(
      const char* method, StreamStarter start,
      std::size_t max_queued_messages,
      std::function<std::unique_ptr<google::protobuf::Message>()> keep_alive) {
    const google::protobuf::MethodDescriptor* descriptor = Method(method);
    if (descriptor == nullptr || !descriptor->server_streaming() ||
        descriptor->client_streaming()) {
      Abort(method, "is not a server-streaming method");
    }
    calls_.methods().Add(BoundMethod{
        .name = FullName(method),
        .descriptor = descriptor,
        .run_unary = nullptr,
        .run_stream = start,
        .max_queued_messages = max_queued_messages,
        .keep_alive = std::move(keep_alive),
    });
    this->MarkMethodRawCallback(
        descriptor->index(),
        new grpc::internal::CallbackServerStreamingHandler<grpc::ByteBuffer,
                                                           grpc::ByteBuffer>(
            [start, max_queued_messages](grpc::CallbackServerContext* context,
                                         const grpc::ByteBuffer* request) {
              auto stream =
                  std::make_shared<OutgoingStream>(max_queued_messages);
              start(std::make_unique<GrpcCall>(context, request, nullptr,
                                               nullptr),
                    stream);
              // Messages flow once the stream's admission lets them.
              return GrpcStreamWriter::Start(std::move(stream));
            }));
  }

 private:
  static const google::protobuf::MethodDescriptor* Method(const char* method) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            ServiceName());
    return service == nullptr ? nullptr : service->FindMethodByName(method);
  }

  struct AnyHandlerHolder {
    virtual ~AnyHandlerHolder() = default;
  };
  template <typename Request, typename Response>
  struct HandlerHolder : AnyHandlerHolder {
    UnaryHandler<Request, Response> handler;
  };
  template <typename Request, typename Response>
  struct PublicHandlerHolder : AnyHandlerHolder {
    CallRunner::PublicHandler<Request, Response> handler;
  };

  static std::string FullName(const char* method) {
    return absl::StrCat("/", ServiceName(), "/", method);
  }

  // The unary method `method`, which must take Request and answer Response.
  template <typename Request, typename Response>
  static const google::protobuf::MethodDescriptor* CheckedUnaryMethod(
      const char* method) {
    const google::protobuf::MethodDescriptor* descriptor = Method(method);
    if (descriptor == nullptr || descriptor->server_streaming() ||
        descriptor->input_type() != Request::descriptor() ||
        descriptor->output_type() != Response::descriptor()) {
      Abort(method, "is not a method with these request and response types");
    }
    return descriptor;
  }

  [[noreturn]] static void Abort(const char* method, const char* reason) {
    spdlog::critical("{}.{} {}", ServiceName(), method, reason);
    std::abort();
  }

  template <typename Self, typename Request, typename Response>
  UnaryHandler<Request, Response> FromMember(
      MemberHandler<Self, Request, Response> fn) {
    const Self* self = static_cast<const Self*>(this);
    return [self, fn](const Request& request, Response& response,
                      storage::Transaction& transaction,
                      const CallContext& call) {
      return (self->*fn)(request, response, transaction, call);
    };
  }

  template <typename Request, typename Response>
  void Bind(const char* method, UnaryHandler<Request, Response> handler,
            bool writes) {
    auto holder = std::make_unique<HandlerHolder<Request, Response>>();
    holder->handler = std::move(handler);
    // Held by unique_ptr, so its address stays valid for the runner.
    const UnaryHandler<Request, Response>& stored = holder->handler;
    handlers_.push_back(std::move(holder));
    BindUnary<Request, Response>(
        method, [this, writes, &stored](std::unique_ptr<UnaryCall> call,
                                        const std::string& name) {
          if (writes) {
            calls_.Write(std::move(call), name, stored);
          } else {
            calls_.Read(std::move(call), name, stored);
          }
        });
  }

  // Serves the unary method `method` with `run`, for every transport: in
  // the method table, and as a raw gRPC callback method.
  template <typename Request, typename Response>
  void BindUnary(const char* method,
                 std::function<void(std::unique_ptr<UnaryCall>,
                                    const std::string& name)>
                     run) {
    const google::protobuf::MethodDescriptor* descriptor =
        CheckedUnaryMethod<Request, Response>(method);
    const std::string name = FullName(method);
    auto run_unary = [run = std::move(run), name](
                         std::unique_ptr<UnaryCall> call) {
      run(std::move(call), name);
    };
    calls_.methods().Add(BoundMethod{
        .name = name,
        .descriptor = descriptor,
        .run_unary = run_unary,
        .run_stream = nullptr,
    });
    this->MarkMethodRawCallback(
        descriptor->index(),
        new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer,
                                                 grpc::ByteBuffer>(
            [run_unary](grpc::CallbackServerContext* context,
                        const grpc::ByteBuffer* request,
                        grpc::ByteBuffer* response) {
              grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
              run_unary(std::make_unique<GrpcCall>(context, request, response,
                                                   reactor));
              return reactor;
            }));
  }

  CallRunner& calls_;
  std::vector<std::unique_ptr<AnyHandlerHolder>> handlers_;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_API_BOUND_SERVICE_H_
