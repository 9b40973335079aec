#include "core/audit/audit_event.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "core/base/sha256.h"
#include "core/base/status_macros.h"

namespace mesoclinic::audit {
namespace {

void AppendField(std::string& out, absl::string_view field) {
  absl::StrAppend(&out, field.size(), ":", field, ";");
}

constexpr int kScanChunk = 1000;

// Every entry of the per-patient index was matched to its record by the
// walk along the chain, unless the index holds more than `indexed_entries`:
// then one of them lists a record under a patient the record does not name
// (adding an access to a patient's history), and the whole index is read
// to find which. Counting first keeps that read off an intact trail.
absl::StatusOr<ChainVerification> CheckNoStrayIndexEntries(
    AuditRepository& repository, int64_t indexed_entries,
    ChainVerification result) {
  ASSIGN_OR_RETURN(const std::optional<int64_t> entries,
                   repository.CountPatientIndexEntries());
  if (!entries.has_value() || *entries == indexed_entries) return result;
  ASSIGN_OR_RETURN(const std::optional<int64_t> stray,
                   repository.FirstStrayPatientIndexEntry());
  result.intact = false;
  result.first_broken_sequence = stray.value_or(0);
  result.problem = absl::StrCat(
      "the per-patient index holds ", *entries, " entries where the records "
      "name ", indexed_entries, " (patient, record) pairs");
  if (stray.has_value()) {
    absl::StrAppend(&result.problem, ": it lists record ", *stray,
                    " under a patient the record does not name, or before "
                    "its merge point reached the record");
  } else {
    // Rows the key should forbid (the table rebuilt without it), or an id
    // the space-separated list cannot hold: no single record to name.
    absl::StrAppend(&result.problem,
                    ", and no single record can be named: inspect the "
                    "audit_event_patients table");
  }
  return result;
}

// Adds `more` to `digests`: sorted by resource, each once (an entry of
// `digests`, set by the caller, wins).
void MergeDigests(std::vector<ResourceDigest>& digests,
                  std::vector<ResourceDigest> more) {
  if (more.empty()) return;
  digests.insert(digests.end(), std::make_move_iterator(more.begin()),
                 std::make_move_iterator(more.end()));
  std::stable_sort(digests.begin(), digests.end(),
                   [](const ResourceDigest& a, const ResourceDigest& b) {
                     return a.resource < b.resource;
                   });
  digests.erase(std::unique(digests.begin(), digests.end(),
                            [](const ResourceDigest& a,
                               const ResourceDigest& b) {
                              return a.resource == b.resource;
                            }),
                digests.end());
}

// Which key links each record: the keys' uses, walked along the chain.
class ChainKeys {
 public:
  ChainKeys(std::vector<ChainKeyUse> uses,
            const std::vector<AuditChainKey>& keys)
      : uses_(std::move(uses)) {
    for (const AuditChainKey& key : keys) keys_by_id_[key.id] = &key;
  }

  // The use that links record `sequence`, or nullptr before the first.
  const ChainKeyUse* UseFor(int64_t sequence) {
    while (next_ < uses_.size() && uses_[next_].from_sequence <= sequence) {
      ++next_;
    }
    return next_ == 0 ? nullptr : &uses_[next_ - 1];
  }
  // The key of `use`, or nullptr when it was not given.
  const AuditChainKey* KeyFor(const ChainKeyUse& use) const {
    const auto found = keys_by_id_.find(use.key_id);
    return found == keys_by_id_.end() ? nullptr : found->second;
  }

 private:
  const std::vector<ChainKeyUse> uses_;
  std::size_t next_ = 0;
  absl::flat_hash_map<std::string, const AuditChainKey*> keys_by_id_;
};

// The records linked under a key that was not given: from, to, key id.
struct UnprovenRun {
  int64_t from = 0;
  int64_t to = 0;
  std::string key_id;
};

std::string DescribeUnproven(const UnprovenRun& run) {
  return absl::StrCat(
      "records ", run.from, " to ", run.to, " are linked under key ",
      absl::BytesToHexString(run.key_id), ", which was not given: their "
      "links were followed but not proven (whoever can write the database "
      "file could have rewritten them and linked them again), and neither "
      "were the resource digests they record");
}

// Compares every stored resource with its last recorded digest.
absl::Status CompareStoredResources(AuditRepository& repository,
                                    ChainVerification& result) {
  ASSIGN_OR_RETURN(const std::optional<int64_t> baseline,
                   repository.ResourceDigestBaseline());
  if (!baseline.has_value()) {
    result.unproven.push_back(
        "the stored resources are not proven: their digests have not been "
        "recorded yet (clinicd records them when it first starts on the "
        "database)");
    return absl::OkStatus();
  }
  const auto report = [&](ResourceProblem problem) {
    ++result.resource_problem_count;
    if (result.resource_problems.size() <
        static_cast<std::size_t>(ChainVerification::kMaxResourceProblems)) {
      result.resource_problems.push_back(std::move(problem));
    }
  };
  // Resources that exist and that a record left existing: if fewer than
  // the records say exist, some were deleted, and are looked for.
  int64_t present_and_recorded = 0;
  RETURN_IF_ERROR(repository.ForEachStoredResource(
      [&](const ResourceDigest& stored) -> absl::Status {
        ++result.resources_checked;
        ASSIGN_OR_RETURN(const std::optional<RecordedDigest> last,
                         repository.LastRecordedDigest(stored.resource));
        if (!last.has_value() || last->digest.empty()) {
          report({.resource = stored.resource,
                  .kind = ResourceProblem::Kind::kAdded,
                  .expected_sequence = last.has_value() ? last->sequence : 0});
          return absl::OkStatus();
        }
        ++present_and_recorded;
        if (last->digest != stored.digest) {
          report({.resource = stored.resource,
                  .kind = ResourceProblem::Kind::kChanged,
                  .expected_sequence = last->sequence});
        }
        return absl::OkStatus();
      }));
  int64_t recorded_present = 0;
  RETURN_IF_ERROR(repository.ForEachLastRecordedDigest(
      [&](const std::string&, const RecordedDigest& last) {
        if (!last.digest.empty()) ++recorded_present;
        return absl::OkStatus();
      }));
  if (recorded_present == present_and_recorded) return absl::OkStatus();
  return repository.ForEachLastRecordedDigest(
      [&](const std::string& resource,
          const RecordedDigest& last) -> absl::Status {
        if (last.digest.empty()) return absl::OkStatus();
        ASSIGN_OR_RETURN(const std::string stored,
                         repository.StoredDigest(resource));
        if (stored.empty()) {
          report({.resource = resource,
                  .kind = ResourceProblem::Kind::kDeleted,
                  .expected_sequence = last.sequence});
        }
        return absl::OkStatus();
      });
}

}  // namespace

std::vector<std::string> DistinctPatients(std::vector<std::string> patients) {
  std::sort(patients.begin(), patients.end());
  patients.erase(std::unique(patients.begin(), patients.end()),
                 patients.end());
  return patients;
}

std::vector<std::string> DistinctPatients(const AuditEvent& event) {
  return DistinctPatients(event.patient_ids);
}

AuditChainKey ChainKeyFromSecret(std::string secret) {
  std::string id = HmacSha256(secret, "mesoclinic audit chain key id").substr(0, 8);
  return {.secret = std::move(secret), .id = std::move(id)};
}

std::string ComputeAuditHash(const AuditEvent& event,
                             const AuditChainKey* key) {
  std::string canonical;
  AppendField(canonical, event.previous_hash);
  AppendField(canonical, absl::StrCat(event.sequence));
  AppendField(canonical, absl::StrCat(absl::ToUnixMicros(event.time)));
  AppendField(canonical, event.staff_id);
  AppendField(canonical, absl::StrCat(static_cast<int>(event.role)));
  AppendField(canonical, event.method);
  AppendField(canonical, event.resource);
  AppendField(canonical, absl::StrCat(event.patient_ids.size()));
  for (const std::string& patient_id : event.patient_ids) {
    AppendField(canonical, patient_id);
  }
  AppendField(canonical, absl::StrCat(static_cast<int>(event.outcome)));
  // Covered only when kept: the records written before the transport was
  // recorded keep the hashes they were chained with.
  if (!event.transport.empty()) AppendField(canonical, event.transport);
  // Likewise covered only when set: the records of real calls keep the
  // hashes they had before previews were kept.
  if (event.validate_only) AppendField(canonical, "validate_only");
  // Likewise: records from before resources were digested keep theirs.
  if (!event.resource_digests.empty()) {
    AppendField(canonical, "resource_digests");
    AppendField(canonical, absl::StrCat(event.resource_digests.size()));
    for (const ResourceDigest& entry : event.resource_digests) {
      AppendField(canonical, entry.resource);
      AppendField(canonical, entry.digest);
    }
  }
  return key == nullptr ? Sha256(canonical)
                        : HmacSha256(key->secret, canonical);
}

absl::Status AppendAuditEvent(AuditRepository& repository, AuditEvent event) {
  ASSIGN_OR_RETURN(const AuditChainHead head, repository.Head());
  event.sequence = head.sequence + 1;
  event.previous_hash = head.hash;
  ASSIGN_OR_RETURN(std::vector<ResourceDigest> changed,
                   repository.TakeChangedResources());
  MergeDigests(event.resource_digests, std::move(changed));
  ASSIGN_OR_RETURN(const std::vector<ChainKeyUse> uses,
                   repository.ChainKeyUses());
  const AuditChainKey* key = nullptr;
  if (!uses.empty()) {
    key = repository.chain_key();
    if (key == nullptr || key->id != uses.back().key_id) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the audit chain is linked under key ",
          absl::BytesToHexString(uses.back().key_id), " and clinicd ",
          key == nullptr ? "has no key"
                         : absl::StrCat("has key ",
                                        absl::BytesToHexString(key->id)),
          ": nothing can be recorded"));
    }
  }
  event.hash = ComputeAuditHash(event, key);
  return repository.Insert(event);
}

AuditEvent ClinicdEvent(absl::string_view name, absl::Time time) {
  AuditEvent event;
  event.time = time;
  event.method = absl::StrCat("clinicd/", name);
  return event;
}

absl::Status StartKeyedChain(AuditRepository& repository,
                             const AuditChainKey& key, absl::Time time,
                             bool replace_key) {
  ASSIGN_OR_RETURN(const std::vector<ChainKeyUse> uses,
                   repository.ChainKeyUses());
  if (!uses.empty() && uses.back().key_id == key.id) return absl::OkStatus();
  if (!uses.empty() && !replace_key) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the audit chain is linked under key ",
        absl::BytesToHexString(uses.back().key_id), " and the key given is ",
        absl::BytesToHexString(key.id)));
  }
  if (repository.chain_key() == nullptr ||
      repository.chain_key()->id != key.id) {
    return absl::InternalError(
        "the chain can only be keyed under the repository's own key");
  }
  ASSIGN_OR_RETURN(const AuditChainHead head, repository.Head());
  RETURN_IF_ERROR(repository.InsertChainKeyUse(
      {.from_sequence = head.sequence + 1, .key_id = key.id}));
  AuditEvent event = ClinicdEvent("KeyAuditChain", time);
  event.resource =
      absl::StrCat("auditChain/keys/", absl::BytesToHexString(key.id));
  return AppendAuditEvent(repository, std::move(event));
}

absl::StatusOr<int64_t> RecordResourceDigestBaseline(
    AuditRepository& repository, absl::Time time, int per_record) {
  ASSIGN_OR_RETURN(const std::optional<int64_t> baseline,
                   repository.ResourceDigestBaseline());
  if (baseline.has_value()) return 0;
  ASSIGN_OR_RETURN(const AuditChainHead head, repository.Head());
  int64_t recorded = 0;
  AuditEvent event = ClinicdEvent("RecordResourceDigests", time);
  const auto append = [&]() -> absl::Status {
    recorded += static_cast<int64_t>(event.resource_digests.size());
    std::sort(event.resource_digests.begin(), event.resource_digests.end(),
              [](const ResourceDigest& a, const ResourceDigest& b) {
                return a.resource < b.resource;
              });
    RETURN_IF_ERROR(AppendAuditEvent(repository, event));
    event.resource_digests.clear();
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(repository.ForEachStoredResource(
      [&](const ResourceDigest& stored) -> absl::Status {
        ASSIGN_OR_RETURN(const std::optional<RecordedDigest> last,
                         repository.LastRecordedDigest(stored.resource));
        if (last.has_value()) return absl::OkStatus();
        event.resource_digests.push_back(stored);
        if (static_cast<int>(event.resource_digests.size()) < per_record) {
          return absl::OkStatus();
        }
        return append();
      }));
  if (!event.resource_digests.empty()) RETURN_IF_ERROR(append());
  RETURN_IF_ERROR(repository.SetResourceDigestBaseline(head.sequence + 1));
  return recorded;
}

std::string ResourceProblem::Describe() const {
  switch (kind) {
    case Kind::kChanged:
      return absl::StrCat(resource, " was changed outside clinicd: it no "
                          "longer matches audit record ", expected_sequence);
    case Kind::kAdded:
      return absl::StrCat(resource, " was added outside clinicd: no audit "
                          "record wrote it");
    case Kind::kDeleted:
      return absl::StrCat(resource, " was deleted outside clinicd: audit "
                          "record ", expected_sequence, " left it");
  }
  return resource;
}

absl::StatusOr<ChainVerification> VerifyAuditChain(
    AuditRepository& repository, const std::vector<AuditChainKey>& keys) {
  ChainVerification result;
  std::vector<AuditChainKey> known_keys = keys;
  if (repository.chain_key() != nullptr) {
    known_keys.push_back(*repository.chain_key());
  }
  ASSIGN_OR_RETURN(std::vector<ChainKeyUse> uses, repository.ChainKeyUses());
  ChainKeys chain_keys(std::move(uses), known_keys);
  std::vector<UnprovenRun> unproven;
  AuditChainHead expected;  // Sequence 0, zero hash: before the first record.
  // The per-patient and per-resource index entries the records account
  // for; any other entry lists a record under something it does not name.
  int64_t indexed_entries = 0;
  int64_t digest_entries = 0;
  const auto broken = [&](int64_t sequence, std::string problem) {
    result.intact = false;
    result.first_broken_sequence = sequence;
    result.problem = std::move(problem);
    return result;
  };
  while (true) {
    ASSIGN_OR_RETURN(const std::vector<AuditEvent> chunk,
                     repository.Scan(expected.sequence, kScanChunk));
    for (const AuditEvent& event : chunk) {
      if (event.sequence != expected.sequence + 1) {
        return broken(expected.sequence + 1,
                      absl::StrCat("record ", expected.sequence + 1,
                                   " is missing"));
      }
      if (event.previous_hash != expected.hash) {
        return broken(event.sequence,
                      absl::StrCat("record ", event.sequence,
                                   " does not follow record ",
                                   expected.sequence,
                                   ": its previous hash does not match"));
      }
      const ChainKeyUse* use = chain_keys.UseFor(event.sequence);
      const AuditChainKey* key =
          use == nullptr ? nullptr : chain_keys.KeyFor(*use);
      if (use != nullptr && key == nullptr) {
        if (unproven.empty() || unproven.back().key_id != use->key_id) {
          unproven.push_back({event.sequence, event.sequence, use->key_id});
        }
        unproven.back().to = event.sequence;
      } else if (ComputeAuditHash(event, key) != event.hash) {
        return broken(event.sequence,
                      absl::StrCat("record ", event.sequence,
                                   " was changed: its hash does not match "
                                   "its content"));
      }
      if (event.indexed_patient_ids.has_value()) {
        const std::vector<std::string> recorded =
            event.patients_due_in_index.value_or(DistinctPatients(event));
        std::vector<std::string> indexed = *event.indexed_patient_ids;
        std::sort(indexed.begin(), indexed.end());
        if (recorded != indexed) {
          return broken(event.sequence,
                        absl::StrCat("record ", event.sequence,
                                     " was changed: the per-patient index no "
                                     "longer lists the patients it names"));
        }
        indexed_entries += static_cast<int64_t>(indexed.size());
      }
      if (event.indexed_resource_digests.has_value()) {
        if (*event.indexed_resource_digests !=
            static_cast<int64_t>(event.resource_digests.size())) {
          return broken(event.sequence,
                        absl::StrCat("record ", event.sequence,
                                     " was changed: the per-resource digest "
                                     "index no longer holds the digests it "
                                     "names"));
        }
        digest_entries += *event.indexed_resource_digests;
      }
      ++result.records_checked;
      expected = {event.sequence, event.hash};
    }
    if (static_cast<int>(chunk.size()) < kScanChunk) break;
  }
  ASSIGN_OR_RETURN(const AuditChainHead head, repository.Head());
  if (head.sequence > expected.sequence) {
    return broken(expected.sequence + 1,
                  absl::StrCat("record ", expected.sequence + 1,
                               " is missing: the chain was last appended "
                               "at record ", head.sequence));
  }
  if (head.sequence != expected.sequence || head.hash != expected.hash) {
    return broken(expected.sequence,
                  absl::StrCat("record ", expected.sequence,
                               " does not match the recorded end of the "
                               "chain"));
  }
  ASSIGN_OR_RETURN(const int64_t digest_index_entries,
                   repository.CountResourceDigestEntries());
  if (digest_index_entries != digest_entries) {
    return broken(0, absl::StrCat("the per-resource digest index holds ",
                                  digest_index_entries, " entries where the "
                                  "records name ", digest_entries));
  }
  for (const UnprovenRun& run : unproven) {
    result.unproven.push_back(DescribeUnproven(run));
  }
  ASSIGN_OR_RETURN(result, CheckNoStrayIndexEntries(
                               repository, indexed_entries, std::move(result)));
  if (!result.intact) return result;
  RETURN_IF_ERROR(CompareStoredResources(repository, result));
  return result;
}

}  // namespace mesoclinic::audit
