#ifndef MESOCLINIC_CORE_SCHEDULING_CLINIC_SERVICE_H_
#define MESOCLINIC_CORE_SCHEDULING_CLINIC_SERVICE_H_

// clinic.v1.ClinicService: the clinic's calendar.

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "clinic/v1/clinic.grpc.pb.h"
#include "core/api/bound_service.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/storage/store.h"

namespace mesoclinic::scheduling {

// Gives a new database its settings: `time_zone`, open Monday to Friday
// 09:00-18:00, 15-minute slots. Does nothing when settings exist.
absl::Status SeedClinicSettings(storage::Store& store,
                                const std::string& time_zone_name);

class ClinicService final : public BoundService<clinic::v1::ClinicService> {
 public:
  static constexpr int kDefaultPageSize = 100;
  static constexpr int kMaxPageSize = 1000;

  // `plugins` says which treatment types a jurisdiction forbids.
  ClinicService(CallRunner& calls, const plugin_host::PluginRegistry& plugins);

 private:
  absl::Status GetClinicSettings(const clinic::v1::GetClinicSettingsRequest&,
                                 clinic::v1::GetClinicSettingsResponse&,
                                 storage::Transaction&, const CallContext&) const;
  absl::Status UpdateClinicSettings(
      const clinic::v1::UpdateClinicSettingsRequest&,
      clinic::v1::UpdateClinicSettingsResponse&, storage::Transaction&,
      const CallContext&) const;
  absl::Status CreateRoom(const clinic::v1::CreateRoomRequest&,
                          clinic::v1::CreateRoomResponse&,
                          storage::Transaction&, const CallContext&) const;
  absl::Status ListRooms(const clinic::v1::ListRoomsRequest&,
                         clinic::v1::ListRoomsResponse&, storage::Transaction&,
                         const CallContext&) const;
  absl::Status DeactivateRoom(const clinic::v1::DeactivateRoomRequest&,
                              clinic::v1::DeactivateRoomResponse&,
                              storage::Transaction&, const CallContext&) const;
  absl::Status SetWorkingHours(const clinic::v1::SetWorkingHoursRequest&,
                               clinic::v1::SetWorkingHoursResponse&,
                               storage::Transaction&, const CallContext&) const;
  absl::Status GetWorkingHours(const clinic::v1::GetWorkingHoursRequest&,
                               clinic::v1::GetWorkingHoursResponse&,
                               storage::Transaction&, const CallContext&) const;
  absl::Status CreateClosure(const clinic::v1::CreateClosureRequest&,
                             clinic::v1::CreateClosureResponse&,
                             storage::Transaction&, const CallContext&) const;
  absl::Status ListClosures(const clinic::v1::ListClosuresRequest&,
                            clinic::v1::ListClosuresResponse&,
                            storage::Transaction&, const CallContext&) const;
  absl::Status DeleteClosure(const clinic::v1::DeleteClosureRequest&,
                             clinic::v1::DeleteClosureResponse&,
                             storage::Transaction&, const CallContext&) const;

  const plugin_host::PluginRegistry& plugins_;
};

// An active practitioner's id from "staff/{id}". INVALID_ARGUMENT naming
// `field` when malformed, NOT_FOUND when unknown, FAILED_PRECONDITION when
// not an active practitioner.
absl::StatusOr<std::string> ActivePractitioner(storage::Transaction& transaction,
                                               absl::string_view field,
                                               absl::string_view name);

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_CLINIC_SERVICE_H_
