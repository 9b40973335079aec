#ifndef MESOCLINIC_CLIENTS_CLINICCTL_PROGRESS_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_PROGRESS_H_

// Progress of a long job on stderr ("fetched 300 patients…"): redrawn in
// place on a terminal, one line per step when asked for with --progress
// elsewhere, and silent otherwise.

#include <ostream>
#include <string>

namespace mesoclinic::clinicctl {

class Progress {
 public:
  // `enabled`: stderr is a terminal or --progress was given. `in_place`:
  // redraw one line (a terminal).
  Progress(std::ostream& err, bool enabled, bool in_place);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void Update(const std::string& line);
  // Ends the progress line, if one is shown.
  void Done();

 private:
  std::ostream& err_;
  const bool enabled_;
  const bool in_place_;
  bool shown_ = false;
};

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_PROGRESS_H_
