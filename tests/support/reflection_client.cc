#include "tests/support/reflection_client.h"

#include <chrono>
#include <iostream>

#include <grpcpp/generic/generic_stub.h>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"

namespace mesoclinic::testing {
namespace {

// grpc++_reflection registers the reflection messages in the generated
// pool; dynamic messages read them without a second copy of the .proto.
struct ReflectionTypes {
  const google::protobuf::Descriptor* request;
  const google::protobuf::Descriptor* response;
};

ReflectionTypes FindTypes() {
  const google::protobuf::DescriptorPool* pool =
      google::protobuf::DescriptorPool::generated_pool();
  return {pool->FindMessageTypeByName(
              "grpc.reflection.v1alpha.ServerReflectionRequest"),
          pool->FindMessageTypeByName(
              "grpc.reflection.v1alpha.ServerReflectionResponse")};
}

// One request, one answer on the bidirectional stream.
bool Exchange(const std::shared_ptr<grpc::Channel>& channel,
              const std::string& request, std::string* response) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  grpc::CompletionQueue queue;
  auto call = stub.PrepareCall(
      &context, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      &queue);
  void* tag = nullptr;
  bool ok = false;
  const auto await = [&] { return queue.Next(&tag, &ok) && ok; };
  grpc::Slice slice(request);
  grpc::ByteBuffer outgoing(&slice, 1);
  grpc::ByteBuffer incoming;
  grpc::Status status;
  call->StartCall(reinterpret_cast<void*>(1));
  bool exchanged = await();
  if (exchanged) {
    call->Write(outgoing, reinterpret_cast<void*>(2));
    exchanged = await();
  }
  if (exchanged) {
    call->Read(&incoming, reinterpret_cast<void*>(3));
    exchanged = await();
  }
  if (exchanged) {
    call->WritesDone(reinterpret_cast<void*>(4));
    exchanged = await();
  }
  call->Finish(&status, reinterpret_cast<void*>(5));
  await();
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  if (!exchanged || !status.ok()) {
    std::cerr << "reflection failed: " << status.error_message() << "\n";
    return false;
  }
  std::vector<grpc::Slice> slices;
  if (!incoming.Dump(&slices).ok()) return false;
  for (const grpc::Slice& part : slices) {
    response->append(reinterpret_cast<const char*>(part.begin()), part.size());
  }
  return true;
}

}  // namespace

std::vector<std::string> ReflectedServices(
    const std::shared_ptr<grpc::Channel>& channel) {
  const ReflectionTypes types = FindTypes();
  if (types.request == nullptr || types.response == nullptr) {
    std::cerr << "the reflection messages are not linked in\n";
    return {};
  }
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> request(
      factory.GetPrototype(types.request)->New());
  request->GetReflection()->SetString(
      request.get(), types.request->FindFieldByName("list_services"), "*");
  std::string bytes;
  if (!Exchange(channel, request->SerializeAsString(), &bytes)) return {};
  std::unique_ptr<google::protobuf::Message> response(
      factory.GetPrototype(types.response)->New());
  if (!response->ParseFromString(bytes)) return {};
  const google::protobuf::Message& list = response->GetReflection()->GetMessage(
      *response, types.response->FindFieldByName("list_services_response"));
  const auto* service_field = list.GetDescriptor()->FindFieldByName("service");
  std::vector<std::string> names;
  for (int i = 0; i < list.GetReflection()->FieldSize(list, service_field); ++i) {
    const google::protobuf::Message& service =
        list.GetReflection()->GetRepeatedMessage(list, service_field, i);
    names.push_back(service.GetReflection()->GetString(
        service, service.GetDescriptor()->FindFieldByName("name")));
  }
  return names;
}

}  // namespace mesoclinic::testing
