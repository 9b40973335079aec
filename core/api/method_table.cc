#include "core/api/method_table.h"

#include <algorithm>
#include <cstdlib>
#include <utility>

#include <spdlog/spdlog.h>

namespace mesoclinic {

void MethodTable::Add(BoundMethod method) {
  const std::string name = method.name;
  if (!methods_
           .emplace(name, std::make_unique<BoundMethod>(std::move(method)))
           .second) {
    spdlog::critical("{} is bound twice", name);
    std::abort();
  }
}

const BoundMethod* MethodTable::Find(absl::string_view name) const {
  const auto it = methods_.find(name);
  return it == methods_.end() ? nullptr : it->second.get();
}

std::vector<const BoundMethod*> MethodTable::All() const {
  std::vector<const BoundMethod*> all;
  all.reserve(methods_.size());
  for (const auto& [name, method] : methods_) all.push_back(method.get());
  std::sort(all.begin(), all.end(),
            [](const BoundMethod* a, const BoundMethod* b) {
              return a->name < b->name;
            });
  return all;
}

}  // namespace mesoclinic
