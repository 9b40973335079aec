#include "clients/clinicctl/cli_context.h"

#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "clients/clinicctl/cli_errors.h"
#include "clients/clinicctl/clinic_time.h"
#include "clinic/v1/clinic.grpc.pb.h"

namespace mesoclinic::clinicctl {
namespace {

constexpr int kAttempts = 3;

}  // namespace

CliContext::CliContext(CliOptions options, std::ostream& out,
                       std::ostream& err, bool stderr_is_terminal)
    : options_(std::move(options)),
      out_(out),
      err_(err),
      stderr_is_terminal_(stderr_is_terminal) {}

std::shared_ptr<grpc::Channel> CliContext::channel() {
  if (channel_ == nullptr) channel_ = Connect(options_.connection);
  return channel_;
}

void CliContext::Call(
    const std::function<grpc::Status(grpc::ClientContext&)>& attempt) {
  for (int i = 1;; ++i) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + options_.timeout));
    grpc::Status status = attempt(context);
    if (status.ok()) return;
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE ||
        i == kAttempts) {
      throw RpcError(std::move(status));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200 * i));
  }
}

const absl::TimeZone& CliContext::zone() {
  if (zone_ == nullptr) {
    auto clinic = Stub<clinic::v1::ClinicService>();
    const clinic::v1::GetClinicSettingsResponse settings =
        Unary(*clinic, &clinic::v1::ClinicService::Stub::GetClinicSettings,
              clinic::v1::GetClinicSettingsRequest());
    zone_ = std::make_unique<absl::TimeZone>();
    if (!absl::LoadTimeZone(settings.settings().time_zone(), zone_.get())) {
      err_ << "warning: unknown time zone \"" << settings.settings().time_zone()
           << "\" on this computer; showing times in UTC\n";
      *zone_ = absl::UTCTimeZone();
    }
  }
  return *zone_;
}

clinic::v1::Date CliContext::ParseDate(absl::string_view text,
                                       absl::string_view what) {
  // Only "today" and "tomorrow" need the clinic's zone.
  if (text != "today" && text != "tomorrow") {
    return clinicctl::ParseDate(text, what, absl::UTCTimeZone(), now());
  }
  return clinicctl::ParseDate(text, what, zone(), now());
}

absl::Time CliContext::ParseTime(absl::string_view text, absl::string_view what) {
  if (IsAbsoluteTime(text)) {
    return clinicctl::ParseTime(text, what, absl::UTCTimeZone(), now());
  }
  return clinicctl::ParseTime(text, what, zone(), now());
}

std::unique_ptr<Progress> CliContext::StartProgress() {
  return std::make_unique<Progress>(
      err_, stderr_is_terminal_ || options_.progress, stderr_is_terminal_);
}

}  // namespace mesoclinic::clinicctl
