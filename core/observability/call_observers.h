#ifndef MESOCLINIC_CORE_OBSERVABILITY_CALL_OBSERVERS_H_
#define MESOCLINIC_CORE_OBSERVABILITY_CALL_OBSERVERS_H_

// Several CallObservers heard as one: the CallRunner takes one observer,
// and both the metrics and the call log must hear each call.

#include <vector>

#include "core/api/call_observer.h"

namespace mesoclinic::observability {

class CallObservers : public CallObserver {
 public:
  // Each is told of every call, in this order; they must outlive this.
  explicit CallObservers(std::vector<CallObserver*> observers)
      : observers_(std::move(observers)) {}

  void OnCallFinished(const FinishedCall& call) override {
    for (CallObserver* observer : observers_) observer->OnCallFinished(call);
  }

 private:
  const std::vector<CallObserver*> observers_;
};

}  // namespace mesoclinic::observability

#endif  // MESOCLINIC_CORE_OBSERVABILITY_CALL_OBSERVERS_H_
