#include "tests/support/clinic_examples.h"

namespace mesoclinic::testing {

namespace v1 = ::clinic::v1;

v1::UpdateClinicSettingsRequest OpenRoundTheClock(
    const v1::ClinicSettings& current, const std::string& request_id) {
  v1::UpdateClinicSettingsRequest request;
  *request.mutable_settings() = current;
  request.mutable_settings()->clear_opening_hours();
  for (int day = v1::MONDAY; day <= v1::SUNDAY; ++day) {
    v1::WeeklyTimeRange& range =
        *request.mutable_settings()->mutable_opening_hours()->add_ranges();
    range.set_day(static_cast<v1::DayOfWeek>(day));
    range.mutable_end()->set_hours(24);
  }
  request.set_etag(current.etag());
  request.set_request_id(request_id);
  return request;
}

v1::TreatmentRecord CaffeineOnThighs(const std::string& lot, double volume_ml,
                                     double thigh_cm) {
  v1::TreatmentRecord record;
  record.add_areas("thighs");
  v1::ProductUse& caffeine = *record.add_products();
  caffeine.set_product("caffeine");
  caffeine.set_lot_number(lot);
  caffeine.set_concentration(20);
  caffeine.set_volume_ml(volume_ml);
  caffeine.set_depth_mm(3);
  caffeine.set_area("thighs");
  caffeine.set_injection_points(40);
  v1::OutcomeMeasurement& thigh = *record.add_outcomes();
  thigh.set_code("circumference_cm");
  thigh.set_site("thigh_left");
  thigh.set_value(thigh_cm);
  AnswerDayOfChecklist(record);
  return record;
}

void AnswerDayOfChecklist(v1::TreatmentRecord& record) {
  for (const char* question :
       {"pregnancy_possible", "nsaid_or_anticoagulant_since_last_visit",
        "site_infection_or_broken_skin", "unwell_or_fever"}) {
    v1::ChecklistAnswer& answer = *record.add_day_of_answers();
    answer.set_question(question);
    answer.set_yes(false);
  }
}

}  // namespace mesoclinic::testing
