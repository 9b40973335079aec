#include "bench/load/scenarios.h"

#include <atomic>
#include <cstdint>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/clinicctl/request_id.h"
#include "clinic/v1/patients.pb.h"
#include "clinic/v1/scheduling.pb.h"
#include "core/api/proto_time.h"

namespace mesoclinic::bench {

namespace {

namespace v1 = ::clinic::v1;

// A well-mixed 64-bit value of `n` (SplitMix64's finaliser): spreads a call
// counter over the requests without a shared random generator.
uint64_t Mix(uint64_t n) {
  n += 0x9e3779b97f4a7c15ULL;
  n = (n ^ (n >> 30)) * 0xbf58476d1ce4e5b9ULL;
  n = (n ^ (n >> 27)) * 0x94d049bb133111ebULL;
  return n ^ (n >> 31);
}

// Sends one of a fixed set of requests, picked pseudo-randomly.
class FixedRequestsScenario : public Scenario {
 public:
  FixedRequestsScenario(std::string name, std::string method,
                        std::vector<grpc::ByteBuffer> requests)
      : name_(std::move(name)),
        method_(std::move(method)),
        requests_(std::move(requests)) {}

  std::string name() const override { return name_; }
  std::string method() const override { return method_; }

  std::optional<grpc::ByteBuffer> NextRequest() override {
    if (requests_.empty()) return std::nullopt;
    const uint64_t n = calls_.fetch_add(1, std::memory_order_relaxed);
    return requests_[Mix(n) % requests_.size()];
  }

 private:
  const std::string name_;
  const std::string method_;
  const std::vector<grpc::ByteBuffer> requests_;
  std::atomic<uint64_t> calls_{0};
};

v1::BookSessionRequest BookingRequest(const std::string& treatment_type,
                                      const BookingTarget& target,
                                      const std::string& patient,
                                      std::string request_id) {
  v1::BookSessionRequest request;
  request.set_patient(patient);
  request.set_treatment_type(treatment_type);
  request.set_practitioner(target.practitioner);
  request.set_room(target.room);
  *request.mutable_start_time() = TimestampToProto(target.start);
  request.set_request_id(std::move(request_id));
  return request;
}

class BookDistinct : public Scenario {
 public:
  BookDistinct(std::string treatment_type, std::vector<BookingTarget> targets)
      : treatment_type_(std::move(treatment_type)),
        targets_(std::move(targets)) {}

  std::string name() const override { return "book_distinct"; }
  std::string method() const override {
    return "/clinic.v1.SchedulingService/BookSession";
  }

  std::optional<grpc::ByteBuffer> NextRequest() override {
    const uint64_t n = next_.fetch_add(1, std::memory_order_relaxed);
    if (n >= targets_.size()) return std::nullopt;
    const BookingTarget& target = targets_[n];
    return Serialize(BookingRequest(treatment_type_, target, target.patient,
                                    absl::StrCat(run_, "-", n)));
  }

 private:
  const std::string treatment_type_;
  const std::vector<BookingTarget> targets_;
  const std::string run_ = clinicctl::NewRequestId();
  std::atomic<uint64_t> next_{0};
};

class BookContended : public Scenario {
 public:
  BookContended(std::string treatment_type, std::vector<BookingTarget> slots,
                std::vector<std::string> patients)
      : treatment_type_(std::move(treatment_type)),
        slots_(std::move(slots)),
        patients_(std::move(patients)) {}

  std::string name() const override { return "book_contended"; }
  std::string method() const override {
    return "/clinic.v1.SchedulingService/BookSession";
  }

  std::optional<grpc::ByteBuffer> NextRequest() override {
    if (slots_.empty() || patients_.empty()) return std::nullopt;
    const uint64_t n = next_.fetch_add(1, std::memory_order_relaxed);
    const BookingTarget& slot = slots_[n % slots_.size()];
    const std::string& patient =
        patients_[(n / slots_.size()) % patients_.size()];
    return Serialize(BookingRequest(treatment_type_, slot, patient,
                                    absl::StrCat(run_, "-", n)));
  }

  Verdict Judge(const grpc::Status& status) const override {
    switch (status.error_code()) {
      case grpc::StatusCode::OK:
        return Verdict::kOk;
      case grpc::StatusCode::FAILED_PRECONDITION:
      case grpc::StatusCode::ALREADY_EXISTS:
        return Verdict::kExpectedRefusal;
      default:
        return Verdict::kError;
    }
  }

 private:
  const std::string treatment_type_;
  const std::vector<BookingTarget> slots_;
  const std::vector<std::string> patients_;
  const std::string run_ = clinicctl::NewRequestId();
  std::atomic<uint64_t> next_{0};
};

}  // namespace

std::unique_ptr<Scenario> HealthCheckScenario() {
  // An empty grpc.health.v1.HealthCheckRequest: service "" is the server as
  // a whole.
  std::vector<grpc::ByteBuffer> requests(1);
  grpc::Slice empty("");
  requests[0] = grpc::ByteBuffer(&empty, 1);
  return std::make_unique<FixedRequestsScenario>(
      "health", "/grpc.health.v1.Health/Check", std::move(requests));
}

std::unique_ptr<Scenario> GetPatientScenario(
    std::vector<std::string> patients) {
  std::vector<grpc::ByteBuffer> requests;
  for (std::string& name : patients) {
    v1::GetPatientRequest request;
    request.set_name(std::move(name));
    requests.push_back(Serialize(request));
  }
  return std::make_unique<FixedRequestsScenario>(
      "get_patient", "/clinic.v1.PatientService/GetPatient",
      std::move(requests));
}

std::unique_ptr<Scenario> ListSessionsOfDayScenario(
    std::vector<absl::CivilDay> days, int page_size) {
  std::vector<grpc::ByteBuffer> requests;
  for (const absl::CivilDay day : days) {
    v1::ListSessionsRequest request;
    *request.mutable_day() = DateToProto(day);
    request.set_page_size(page_size);
    requests.push_back(Serialize(request));
  }
  return std::make_unique<FixedRequestsScenario>(
      "list_sessions_day", "/clinic.v1.SchedulingService/ListSessions",
      std::move(requests));
}

std::unique_ptr<Scenario> FindAvailableSlotsScenario(
    std::string treatment_type, std::vector<absl::CivilDay> first_days,
    int span_days) {
  std::vector<grpc::ByteBuffer> requests;
  for (const absl::CivilDay day : first_days) {
    v1::FindAvailableSlotsRequest request;
    request.set_treatment_type(treatment_type);
    *request.mutable_start_date() = DateToProto(day);
    *request.mutable_end_date() = DateToProto(day + (span_days - 1));
    requests.push_back(Serialize(request));
  }
  return std::make_unique<FixedRequestsScenario>(
      "find_slots", "/clinic.v1.SchedulingService/FindAvailableSlots",
      std::move(requests));
}

std::unique_ptr<Scenario> BookDistinctScenario(
    std::string treatment_type, std::vector<BookingTarget> targets) {
  return std::make_unique<BookDistinct>(std::move(treatment_type),
                                        std::move(targets));
}

std::unique_ptr<Scenario> BookContendedScenario(
    std::string treatment_type, std::vector<BookingTarget> slots,
    std::vector<std::string> patients) {
  return std::make_unique<BookContended>(std::move(treatment_type),
                                         std::move(slots),
                                         std::move(patients));
}

}  // namespace mesoclinic::bench
