#include "clients/clinicctl/progress.h"

namespace mesoclinic::clinicctl {

Progress::Progress(std::ostream& err, bool enabled, bool in_place)
    : err_(err), enabled_(enabled), in_place_(in_place) {}

Progress::~Progress() { Done(); }

void Progress::Update(const std::string& line) {
  if (!enabled_) return;
  if (in_place_) {
    err_ << "\r\033[K" << line << std::flush;
  } else {
    err_ << line << '\n' << std::flush;
  }
  shown_ = true;
}

void Progress::Done() {
  if (shown_ && in_place_) err_ << '\n' << std::flush;
  shown_ = false;
}

}  // namespace mesoclinic::clinicctl
