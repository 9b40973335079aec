#ifndef MESOCLINIC_PLUGINS_COMMON_MESOTHERAPY_BASELINE_H_
#define MESOCLINIC_PLUGINS_COMMON_MESOTHERAPY_BASELINE_H_

// What every mesotherapy protocol of this repository shares, from the domain
// brief: the common contraindications and preparation, the adverse events
// the literature reports after any mesotherapy, the follow-up calendar, the
// consent statements on off-label use and the evidence gap; and small
// builders that keep each plugin's description readable.
//
// In-tree only (plugins/common): third-party plugins state their protocol
// with the SDK alone.

#include <string>
#include <vector>

#include "clinic/plugin/v1/plugin.pb.h"

namespace mesoclinic::plugins {

namespace v1 = ::clinic::plugin::v1;

struct PhaseSpec {
  std::string name;
  int min_sessions = 1;
  int max_sessions = 1;
  int min_interval_days = 7;
  int max_interval_days = 7;
  int default_interval_days = 0;  // 0: min_interval_days.
  bool maintenance = false;
  // Maintenance only: the touch-ups go on as long as the patient continues.
  bool repeats = false;
  std::string note;
};

struct ProductSpec {
  std::string name;
  std::string display_name;
  std::string category;
  std::vector<std::string> substances;
  double max_volume_ml = 0;
  double max_concentration = 0;  // 0: one strength only.
  std::string concentration_unit;
  int max_injection_points = 0;
  std::vector<std::string> excluded_when;
  // Both 0: the description's depth range applies.
  double depth_min_mm = 0;
  double depth_max_mm = 0;
  // On the skin, not injected: no depth, no injection points.
  bool topical = false;
};

struct OutcomeSpec {
  std::string code;
  std::string name;
  std::string unit;
  double min_value = 0;
  double max_value = 0;
  std::vector<std::string> sites;
};

struct AdverseEventSpec {
  std::string term;
  std::string description;
  int onset_min_days = 0;
  int onset_max_days = 0;
  int typical_resolution_days = 0;
  // The reference information's severity (ICH E2A): the highest grade the
  // protocol lists, and whether it lists the event as serious. The seeds
  // describe mesotherapy's events as passing within one to two weeks, some
  // patients taking a day off (grade 2), and never as serious: a more
  // severe or a serious report is unexpected.
  int max_expected_grade = 2;
  bool serious_expected = false;
};

struct ConsentSpec {
  int version = 1;
  std::string title;
  // What the treatment is and what the course involves, for the patient.
  std::string treatment_text;
  // What this treatment's evidence is, before the common statement.
  std::string evidence_text;
};

void AddPhase(v1::PluginDescription* description, const PhaseSpec& spec);
void AddProduct(v1::PluginDescription* description, const ProductSpec& spec);
void AddOutcome(v1::PluginDescription* description, const OutcomeSpec& spec);
void AddExpectedAdverseEvent(v1::PluginDescription* description,
                             const AdverseEventSpec& spec);
void AddContraindication(v1::PluginDescription* description,
                         const std::string& code,
                         const std::string& text,
                         v1::ContraindicationSeverity severity);

// Minimum age 18, 7 NSAID-free days before a session, and the
// contraindications every mesotherapy protocol has: pregnancy,
// breastfeeding, active skin infection, bleeding disorder, anticoagulants,
// recent NSAIDs, an allergy to every product, age (absolute); possible
// pregnancy, autoimmune disease, keloid scarring, diabetes (relative).
// The facts they need (pregnancy status on the day, medications within 30
// days, allergies and conditions within a year) and the day-of checklist
// (pregnancy, NSAIDs or anticoagulants since the last visit, infection or
// broken skin at the site, feeling unwell).
void AddCommonEligibility(v1::PluginDescription* description);

// No NSAIDs for 7 days (a prescribed one only with its prescriber), no
// alcohol the day before, clean skin; numbing cream, and the cream as a
// topical product, so that a session's record may list it (its lot, and its
// lidocaine against the patient's allergies). Call after the protocol's own
// products: the cream comes last.
void AddCommonPreparation(v1::PluginDescription* description);

// Day 2, week 2, week 6 and week 12: infections after mesotherapy may appear
// one to twelve weeks later.
void AddCommonFollowUps(v1::PluginDescription* description);

// The events reported after any mesotherapy, with their usual timing.
void AddCommonAdverseEvents(v1::PluginDescription* description);

// The consent document: the treatment text, the off-label statement, the
// evidence statement, and one disclosed risk per expected adverse event.
// Where fat is injected (phosphatidylcholine or deoxycholate among the
// products: injection lipolysis), also the fat-dissolving statements: the
// ASPS position, the evidence for injection lipolysis, and the theoretical
// risks of dissolved fat. Also the jurisdictions: the ban in Brazil
// (forbidden_jurisdictions) and the off-label statements written for the
// US, France and the UK. Call after every product and expected event has
// been added.
void SetConsent(v1::PluginDescription* description, const ConsentSpec& spec);

}  // namespace mesoclinic::plugins

#endif  // MESOCLINIC_PLUGINS_COMMON_MESOTHERAPY_BASELINE_H_
