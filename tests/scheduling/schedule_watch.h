#ifndef MESOCLINIC_TESTS_SCHEDULING_SCHEDULE_WATCH_H_
#define MESOCLINIC_TESTS_SCHEDULING_SCHEDULE_WATCH_H_

// A WatchSchedule stream held open by a test, read one message at a time.

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/time/civil_time.h"
#include "clinic/v1/scheduling.grpc.pb.h"
#include "core/api/proto_time.h"

namespace mesoclinic::testing {

// One open WatchSchedule stream.
class ScheduleWatch {
 public:
  using Change = ::clinic::v1::WatchScheduleResponse;

  ScheduleWatch(std::shared_ptr<grpc::Channel> channel, absl::CivilDay day)
      : stub_(::clinic::v1::SchedulingService::NewStub(std::move(channel))) {
    context_.set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(20));
    ::clinic::v1::WatchScheduleRequest request;
    *request.mutable_day() = DateToProto(day);
    reader_ = stub_->WatchSchedule(&context_, request);
  }

  ~ScheduleWatch() {
    if (reader_ != nullptr) Stop();
  }

  // The next message about `session`, skipping messages about other
  // sessions of the day (from other tests sharing the server); false when
  // the stream ended first. Every skipped message is kept in `skipped`.
  bool NextAbout(const std::string& session, Change* change) {
    while (reader_->Read(change)) {
      if (change->session().name() == session) return true;
      skipped.push_back(*change);
    }
    return false;
  }

  // Cancels the stream and returns how it ended.
  grpc::Status Stop() {
    context_.TryCancel();
    return Finish();
  }

  // Reads what is left and returns how the stream ended.
  grpc::Status Finish() {
    Change ignored;
    while (reader_->Read(&ignored)) {
    }
    grpc::Status status = reader_->Finish();
    reader_.reset();
    return status;
  }

  std::vector<Change> skipped;

 private:
  std::unique_ptr<::clinic::v1::SchedulingService::Stub> stub_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<Change>> reader_;
};

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_SCHEDULING_SCHEDULE_WATCH_H_
