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
// Methods are registered as raw callback methods: the runner receives the
// request bytes and decodes them itself (see request_decoding.h). Reflection
// and health checking see the service exactly as generated.

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "core/api/call_runner.h"
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
    const google::protobuf::MethodDescriptor* descriptor =
        CheckedUnaryMethod<Request, Response>(method);
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
    const std::string full_name = FullName(method);
    this->MarkMethodRawCallback(
        descriptor->index(),
        new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer,
                                                 grpc::ByteBuffer>(
            [this, full_name, &stored](grpc::CallbackServerContext* context,
                                       const grpc::ByteBuffer* request,
                                       grpc::ByteBuffer* response) {
              return calls_.Public(context, full_name, request, response,
                                   stored);
            }));
  }

  // Binds a server-streaming method: `start` returns the reactor that
  // writes the stream (see CallRunner::StartStream for admission).
  using StreamStarter =
      std::function<grpc::ServerWriteReactor<grpc::ByteBuffer>*(
          grpc::CallbackServerContext*, const grpc::ByteBuffer*)>;
  void BindServerStream(const char* method, StreamStarter start) {
    const google::protobuf::MethodDescriptor* descriptor = Method(method);
    if (descriptor == nullptr || !descriptor->server_streaming() ||
        descriptor->client_streaming()) {
      Abort(method, "is not a server-streaming method");
    }
    this->MarkMethodRawCallback(
        descriptor->index(),
        new grpc::internal::CallbackServerStreamingHandler<grpc::ByteBuffer,
                                                           grpc::ByteBuffer>(
            std::move(start)));
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
    const google::protobuf::MethodDescriptor* descriptor =
        CheckedUnaryMethod<Request, Response>(method);
    auto holder = std::make_unique<HandlerHolder<Request, Response>>();
    holder->handler = std::move(handler);
    // Held by unique_ptr, so its address stays valid for the runner.
    const UnaryHandler<Request, Response>& stored = holder->handler;
    handlers_.push_back(std::move(holder));
    const std::string full_name = FullName(method);
    this->MarkMethodRawCallback(
        descriptor->index(),
        new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer,
                                                 grpc::ByteBuffer>(
            [this, full_name, writes, &stored](
                grpc::CallbackServerContext* context,
                const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
              return writes ? calls_.Write(context, full_name, request,
                                           response, stored)
                            : calls_.Read(context, full_name, request,
                                          response, stored);
            }));
  }

  CallRunner& calls_;
  std::vector<std::unique_ptr<AnyHandlerHolder>> handlers_;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_API_BOUND_SERVICE_H_
