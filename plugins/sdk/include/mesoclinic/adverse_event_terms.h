// The adverse-event vocabulary: the only terms a plugin may list as expected,
// a consent document may disclose, and a practitioner may report.
//
// Taken from the events the clinical literature reports after mesotherapy
// (see the project's domain brief). The host validates descriptions and
// reports against this list; core/plugin_host/adverse_event_terms.h is the
// core's view of the same list. Terms are only ever added.
#ifndef MESOCLINIC_ADVERSE_EVENT_TERMS_H_
#define MESOCLINIC_ADVERSE_EVENT_TERMS_H_

#include <array>
#include <string_view>

namespace mesoclinic::plugin {

// How an event is managed, whatever the treatment.
enum class AdverseEventCategory {
  // Transient reaction where the needle went in: usually gone in 1-2 weeks.
  kLocalReaction,
  // A change of the skin that needs the course paused until it settles.
  kSkinChange,
  // An infection: needs a physician's treatment, sometimes weeks later.
  kInfection,
  // A lasting tissue reaction: the treatment must not continue.
  kLastingTissueDamage,
  // Tissue death: urgent care.
  kTissueDeath,
  // Anything the vocabulary does not name.
  kOther,
};

struct AdverseEventTerm {
  std::string_view code;
  std::string_view name;
  AdverseEventCategory category;
};

inline constexpr std::array<AdverseEventTerm, 15> kAdverseEventTerms = {{
    {"swelling", "Swelling", AdverseEventCategory::kLocalReaction},
    {"redness", "Redness", AdverseEventCategory::kLocalReaction},
    {"bruising", "Bruising", AdverseEventCategory::kLocalReaction},
    {"irritation", "Irritation", AdverseEventCategory::kLocalReaction},
    {"itching", "Itching", AdverseEventCategory::kLocalReaction},
    {"rash", "Rash", AdverseEventCategory::kLocalReaction},
    {"injection_site_pain", "Pain at the injection site",
     AdverseEventCategory::kLocalReaction},
    {"injection_site_bumps", "Bumps at the injection site",
     AdverseEventCategory::kLocalReaction},
    {"skin_discoloration", "Dark patches (skin discoloration)",
     AdverseEventCategory::kSkinChange},
    {"inflammation_painful_sores", "Inflammation and painful sores",
     AdverseEventCategory::kSkinChange},
    {"bacterial_infection", "Bacterial infection",
     AdverseEventCategory::kInfection},
    {"granuloma", "Granuloma (chronically inflamed tissue mass)",
     AdverseEventCategory::kLastingTissueDamage},
    {"necrosis", "Tissue death (necrosis)", AdverseEventCategory::kTissueDeath},
    {"scarring", "Scarring", AdverseEventCategory::kLastingTissueDamage},
    {"other", "Other", AdverseEventCategory::kOther},
}};

// The vocabulary entry for `code`, or nullptr when it is not a term.
inline const AdverseEventTerm* FindAdverseEventTerm(std::string_view code) {
  for (const AdverseEventTerm& term : kAdverseEventTerms) {
    if (term.code == code) return &term;
  }
  return nullptr;
}

}  // namespace mesoclinic::plugin

#endif  // MESOCLINIC_ADVERSE_EVENT_TERMS_H_
