#ifndef MESOCLINIC_CORE_STORAGE_STORE_H_
#define MESOCLINIC_CORE_STORAGE_STORE_H_

// The storage interface services use. A Store runs work inside transactions
// and hands it the repositories bound to that transaction; services never see
// SQL or the database engine, so another engine can implement this interface
// without touching them.

#include <optional>
#include <string>

#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/adverse_events/adverse_event_repository.h"
#include "core/audit/audit_event.h"
#include "core/consent/consent_repository.h"
#include "core/patients/patient_repository.h"
#include "core/scheduling/scheduling_repository.h"
#include "core/staff/sign_in_repository.h"
#include "core/staff/staff_repository.h"

namespace mesoclinic::storage {

// The stored answer to a change that carried a request_id.
struct IdempotencyRecord {
  std::string caller;
  std::string method;
  std::string request_id;
  std::string request_hash;  // Tells a retry from a different request.
  std::string response;      // The serialized response message.
  // The response held a secret shown once, so it was not kept (`response`
  // is empty) and a retry is refused.
  bool response_secret = false;
  // What the audit trail records when a retry is answered from here.
  std::string resource;
  std::vector<std::string> patient_ids;
  absl::Time create_time;
};

class IdempotencyRepository {
 public:
  virtual ~IdempotencyRepository() = default;
  virtual absl::StatusOr<std::optional<IdempotencyRecord>> Find(
      absl::string_view caller, absl::string_view method,
      absl::string_view request_id) = 0;
  virtual absl::Status Insert(const IdempotencyRecord& record) = 0;
  // Deletes up to `limit` records created before `cutoff`; returns how many
  // it deleted (fewer than `limit`: none older is left).
  virtual absl::StatusOr<int> DeleteCreatedBefore(absl::Time cutoff,
                                                  int limit) = 0;
};

// The repositories of one transaction. Valid only inside the function the
// Store runs.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual patients::PatientRepository& patients() = 0;
  virtual staff::StaffRepository& staff() = 0;
  virtual audit::AuditRepository& audit() = 0;
  virtual consent::ConsentRepository& consent() = 0;
  virtual scheduling::SchedulingRepository& scheduling() = 0;
  virtual adverse_events::AdverseEventRepository& adverse_events() = 0;
  virtual IdempotencyRepository& idempotency() = 0;
  virtual staff::SignInRepository& sign_in() = 0;

  // Runs `fn` so that, when it fails, what it wrote is undone while the rest
  // of the transaction goes on (a savepoint): a refused change can still be
  // audited in the same transaction.
  virtual absl::Status RunNested(absl::FunctionRef<absl::Status()> fn) = 0;
};

class Store {
 public:
  using ReadFn = absl::FunctionRef<absl::Status(Transaction&)>;
  using WriteFn = absl::AnyInvocable<absl::Status(Transaction&)>;
  using DoneFn = absl::AnyInvocable<void(absl::Status)>;

  virtual ~Store() = default;

  // Runs `fn` on the calling thread in a read-only snapshot. Readers never
  // wait for the writer. DEADLINE_EXCEEDED when `deadline` passes first
  // (queries running past it are interrupted); RESOURCE_EXHAUSTED when no
  // read connection comes free in time (overload).
  virtual absl::Status Read(ReadFn fn, absl::Time deadline) = 0;

  // Read with no deadline.
  absl::Status Read(ReadFn fn) { return Read(fn, absl::InfiniteFuture()); }

  // Queues `fn` to run in a write transaction, and calls `done` with its
  // status once that transaction is durably committed (or has failed). When
  // `fn` fails, everything it wrote is rolled back and nothing else is
  // affected. `fn` is not run, and `done` gets DEADLINE_EXCEEDED, when
  // `deadline` has passed before its turn; nor when too many writes are
  // already queued (overload): `done` then gets RESOURCE_EXHAUSTED at once.
  // A full disk is RESOURCE_EXHAUSTED, a database that cannot be written
  // UNAVAILABLE; both leave the stored data as it was. `done` runs on a
  // thread of the store's (or the caller's, when refused at once), in the
  // order the writes committed: it must not call Write and wait.
  virtual void Write(WriteFn fn, DoneFn done, absl::Time deadline) = 0;

  // Write with no deadline.
  void Write(WriteFn fn, DoneFn done) {
    Write(std::move(fn), std::move(done), absl::InfiniteFuture());
  }

  // Write, waiting for the outcome. For tools and tests, not for gRPC
  // threads.
  absl::Status WriteAndWait(WriteFn fn);
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_STORE_H_
