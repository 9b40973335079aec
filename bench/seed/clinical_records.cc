#include "bench/seed/clinical_records.h"

#include <algorithm>
#include <cmath>

#include "absl/random/distributions.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "clinic/v1/adverse_events.pb.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/plugin_host/adverse_event_terms.h"
#include "core/treatments/follow_up_plan.h"

namespace mesoclinic::bench {
namespace {

namespace plugin = ::clinic::plugin::v1;
namespace v1 = ::clinic::v1;
using adverse_events::AdverseEvent;
using adverse_events::FollowUp;
using adverse_events::Outcome;
using adverse_events::Seriousness;

double Round(double value, double step) {
  return std::max(step, std::round(value / step) * step);
}

double Between(absl::BitGenRef random, double low, double high) {
  return high > low ? absl::Uniform(random, low, high) : low;
}

absl::Duration Days(double days) { return absl::Hours(24 * days); }

// "phosphatidylcholine_deoxycholate" in 2027-05 -> "PD-27-03": a lot per
// product and two months, as a clinic's supplier would deliver.
std::string LotNumber(absl::string_view product, absl::Time when) {
  std::string initials;
  for (absl::string_view word : absl::StrSplit(product, '_')) {
    if (!word.empty()) initials.push_back(absl::ascii_toupper(word[0]));
  }
  const absl::CivilMonth month =
      absl::ToCivilMonth(when, absl::UTCTimeZone());
  return absl::StrFormat("%s-%02d-%02d", initials, month.year() % 100,
                         (month.month() + 1) / 2);
}

const plugin::DepthRange& DepthFor(const plugin::PluginDescription& protocol,
                                   const plugin::AllowedProduct& product) {
  return product.has_depth_override_mm() ? product.depth_override_mm()
                                         : protocol.injection_depth_mm();
}

int ActionFor(const AdverseEvent& event) {
  if (event.Has(Seriousness::kHospitalisation)) {
    return v1::ACTION_TAKEN_HOSPITALISED;
  }
  if (event.serious()) return v1::ACTION_TAKEN_REFERRED;
  if (event.severity_grade >= 3) return v1::ACTION_TAKEN_TREATMENT_PAUSED;
  if (event.severity_grade == 2) return v1::ACTION_TAKEN_MEDICATION_GIVEN;
  return v1::ACTION_TAKEN_NONE;
}

// A term of the core vocabulary the protocol does not expect, or "other".
std::string UnexpectedTerm(absl::BitGenRef random,
                           const plugin::PluginDescription& protocol) {
  std::vector<std::string> terms;
  for (const absl::string_view term : plugin_host::AdverseEventTermCodes()) {
    const bool expected = std::any_of(
        protocol.expected_adverse_events().begin(),
        protocol.expected_adverse_events().end(),
        [&](const plugin::ExpectedAdverseEvent& event) {
          return event.term() == term;
        });
    if (!expected) terms.emplace_back(term);
  }
  if (terms.empty()) return "other";
  return terms[absl::Uniform<size_t>(random, 0, terms.size())];
}

}  // namespace

scheduling::TreatmentRecord RandomTreatmentRecord(
    absl::BitGenRef random, const plugin::PluginDescription& protocol,
    const scheduling::Session& session, absl::Time record_time) {
  scheduling::TreatmentRecord record;
  std::vector<std::string> areas(protocol.body_areas().begin(),
                                 protocol.body_areas().end());
  std::shuffle(areas.begin(), areas.end(), random);
  areas.resize(std::min<size_t>(areas.size(), absl::Uniform(random, 1, 3)));
  record.areas = areas;

  std::vector<const plugin::AllowedProduct*> products;
  for (const plugin::AllowedProduct& product : protocol.allowed_products()) {
    products.push_back(&product);
  }
  std::shuffle(products.begin(), products.end(), random);
  products.resize(
      std::min<size_t>(products.size(), absl::Uniform(random, 1, 3)));
  for (const plugin::AllowedProduct* product : products) {
    const plugin::DepthRange& depth = DepthFor(protocol, *product);
    record.products.push_back({
        .product = product->name(),
        .lot_number = LotNumber(product->name(), session.time.start),
        .concentration =
            product->max_concentration() > 0
                ? Round(product->max_concentration() *
                            Between(random, 0.5, 1.0),
                        0.5)
                : 0,
        .volume_ml = Round(product->max_volume_ml_per_session() *
                               Between(random, 0.3, 0.8),
                           0.1),
        .depth_mm = Round(Between(random, depth.min_mm(), depth.max_mm()),
                          0.5),
        .area = areas[absl::Uniform<size_t>(random, 0, areas.size())],
        .injection_points = std::max(
            1, static_cast<int>(product->max_injection_points_per_session() *
                                Between(random, 0.2, 0.8))),
    });
  }
  if (protocol.outcome_measures_size() > 0) {
    const plugin::OutcomeMeasure& measure = protocol.outcome_measures(
        absl::Uniform(random, 0, protocol.outcome_measures_size()));
    record.outcomes.push_back(
        {.code = measure.code(),
         .site = measure.sites().empty()
                     ? ""
                     : measure.sites(absl::Uniform(random, 0,
                                                   measure.sites_size())),
         .value = Round(Between(random, measure.min_value(),
                                measure.max_value()),
                        0.5)});
  }
  if (absl::Bernoulli(random, 0.2)) {
    record.notes = "Well tolerated; patient advised on aftercare.";
  }
  record.recorded_by = session.practitioner_id;
  record.record_time = record_time;
  return record;
}

std::vector<adverse_events::FollowUpTask> FollowUpTasksFor(
    absl::BitGenRef random, const plugin::PluginDescription& protocol,
    const scheduling::Session& session, absl::Time now) {
  std::vector<adverse_events::FollowUpTask> tasks =
      treatments::FollowUpTasksAfter(protocol, session);
  for (adverse_events::FollowUpTask& task : tasks) {
    const absl::Time done =
        task.due_time + absl::Minutes(absl::Uniform(random, 0, 3 * 24 * 60));
    if (done < now && !absl::Bernoulli(random, 0.02)) {
      task.done_time = absl::FromUnixMicros(absl::ToUnixMicros(done));
      task.note = "No sign of a late reaction.";
    }
  }
  return tasks;
}

absl::StatusOr<std::optional<AdverseEvent>> RandomAdverseEvent(
    absl::BitGenRef random, const plugin_host::LoadedPlugin& plugin,
    const scheduling::Session& session, absl::Time now) {
  const plugin::PluginDescription& protocol = plugin.description();
  AdverseEvent event;
  event.id = NewResourceId();
  event.patient_id = session.patient_id;
  event.session_id = session.id;
  event.treatment_type = session.treatment_type;
  const bool expected_kind =
      protocol.expected_adverse_events_size() > 0 &&
      absl::Bernoulli(random, 0.9);
  double onset_days = 0;
  if (expected_kind) {
    const plugin::ExpectedAdverseEvent& expected =
        protocol.expected_adverse_events(absl::Uniform(
            random, 0, protocol.expected_adverse_events_size()));
    event.term = expected.term();
    onset_days = absl::Uniform(random, expected.onset_min_days(),
                               expected.onset_max_days() + 1);
    const double grade = absl::Uniform(random, 0.0, 1.0);
    event.severity_grade = grade < 0.75 ? 1 : grade < 0.97 ? 2 : 3;
  } else {
    event.term = UnexpectedTerm(random, protocol);
    onset_days = absl::Uniform(random, 1, 60);
    event.severity_grade = absl::Bernoulli(random, 0.6) ? 2 : 3;
    if (absl::Bernoulli(random, 0.2)) {
      event.seriousness =
          1u << static_cast<int>(absl::Bernoulli(random, 0.5)
                                     ? Seriousness::kHospitalisation
                                     : Seriousness::kOtherMedicallyImportant);
    }
  }
  if (event.term == "other") {
    event.description = "Headache and tiredness the evening after the session.";
  }
  event.onset_time = absl::FromUnixMicros(absl::ToUnixMicros(
      session.time.start + Days(onset_days) +
      absl::Minutes(absl::Uniform(random, 30, 10 * 60))));
  event.awareness_time =
      event.onset_time + absl::Minutes(absl::Uniform(random, 0, 3 * 24 * 60));
  event.create_time =
      event.awareness_time + absl::Minutes(absl::Uniform(random, 10, 48 * 60));
  if (event.create_time > now) return std::nullopt;

  std::optional<scheduling::TreatmentRecord> record = session.treatment_record;
  if (record.has_value() && !record->areas.empty()) {
    event.body_site = record->areas.front();
  }
  if (record.has_value()) {
    for (const scheduling::ProductUse& use : record->products) {
      event.suspected_products.push_back(
          {use.product, use.lot_number, v1::RELATEDNESS_UNSPECIFIED});
    }
  }
  event.relatedness = absl::Bernoulli(random, 0.85) ? v1::RELATEDNESS_PROBABLE
                                                    : v1::RELATEDNESS_POSSIBLE;
  event.causality_assessed_by = session.practitioner_id;
  event.reporter_id = session.practitioner_id;
  event.action_taken = ActionFor(event);
  event.outcome = event.severity_grade == 1 && absl::Bernoulli(random, 0.5)
                      ? Outcome::kRecovered
                      : Outcome::kRecovering;

  plugin::AdverseEventReport report;
  report.set_term(event.term);
  report.set_severity_grade(event.severity_grade);
  report.set_serious(event.serious());
  report.set_days_since_session(static_cast<int32_t>(
      absl::ToInt64Hours(event.onset_time - session.time.start) / 24));
  report.set_body_site(event.body_site);
  report.set_description(event.description);
  ASSIGN_OR_RETURN(const plugin::AdverseEventAssessment assessment,
                   plugin.AssessAdverseEvent(report));
  event.expected = assessment.expected();
  event.recommended_action = plugin::RecommendedAction_Name(assessment.action());
  event.assessment_rationale = assessment.rationale();
  event.expedited_due_time = adverse_events::ExpeditedReportDue(event);
  if (event.expedited_due_time.has_value()) {
    const absl::Time submitted =
        event.awareness_time +
        absl::Minutes(absl::Uniform(random, 24 * 60, 6 * 24 * 60));
    if (submitted < now) event.expedited_submit_time = submitted;
  }
  RETURN_IF_ERROR(adverse_events::ValidateReport(event, event.create_time));

  // Follow-ups until the event has resolved.
  absl::Time time = event.awareness_time;
  while (event.CurrentOutcome() != Outcome::kRecovered &&
         event.follow_ups.size() < 3) {
    time += Days(absl::Uniform(random, 5, 21));
    if (time > now) break;
    FollowUp follow_up{
        .time = absl::FromUnixMicros(absl::ToUnixMicros(time)),
        .outcome = event.serious() && absl::Bernoulli(random, 0.3)
                       ? Outcome::kRecoveredWithSequelae
                       : absl::Bernoulli(random, 0.7) ? Outcome::kRecovered
                                                      : Outcome::kRecovering,
        .notes = "Reviewed at the clinic.",
        .recorded_by = session.practitioner_id,
    };
    RETURN_IF_ERROR(adverse_events::ValidateFollowUp(event, follow_up, now));
    event.follow_ups.push_back(std::move(follow_up));
    if (event.CurrentOutcome() == Outcome::kRecoveredWithSequelae) break;
  }
  return event;
}

}  // namespace mesoclinic::bench
