#ifndef MESOCLINIC_CLIENTS_CLINICCTL_REQUEST_ID_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_REQUEST_ID_H_

#include <string>

namespace mesoclinic::clinicctl {

// A fresh random request_id shaped like a UUID (version 4), one per change:
// clinicctl retries a change with the same id, which the server answers
// with the first result instead of changing anything twice.
std::string NewRequestId();

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_REQUEST_ID_H_
