#include "tests/reliability/api_checks.h"

#include <algorithm>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clinic/v1/audit.pb.h"

namespace mesoclinic::reliability {
namespace {

namespace v1 = ::clinic::v1;

constexpr char kListings[] = "API listings";
constexpr int kPageSize = 1000;

absl::Status ListingFailed(const std::string& what,
                           const grpc::Status& status) {
  return absl::UnavailableError(absl::StrCat(
      what, " failed after the restart (code ",
      static_cast<int>(status.error_code()), "): ", status.error_message()));
}

// Every page of ListSessions with the filter `request` holds.
absl::StatusOr<std::vector<v1::Session>> ListSessions(
    ServerConnections& server, const std::string& api_key,
    v1::ListSessionsRequest request) {
  request.set_include_cancelled(true);
  request.set_page_size(kPageSize);
  std::vector<v1::Session> sessions;
  while (true) {
    v1::ListSessionsResponse response;
    const grpc::Status status =
        server.Call(api_key, "/clinic.v1.SchedulingService/ListSessions",
                    request, &response);
    if (!status.ok()) {
      return ListingFailed(
          absl::StrCat("ListSessions ", request.ShortDebugString()), status);
    }
    sessions.insert(sessions.end(), response.sessions().begin(),
                    response.sessions().end());
    if (response.next_page_token().empty()) return sessions;
    request.set_page_token(response.next_page_token());
  }
}

absl::StatusOr<std::map<std::string, v1::AdverseEvent>> ListEvents(
    ServerConnections& server, const std::string& api_key, Findings& findings) {
  v1::ListAdverseEventsRequest request;
  request.set_page_size(kPageSize);
  std::map<std::string, v1::AdverseEvent> events;
  while (true) {
    v1::ListAdverseEventsResponse response;
    const grpc::Status status =
        server.Call(api_key, "/clinic.v1.AdverseEventService/ListAdverseEvents",
                    request, &response);
    if (!status.ok()) return ListingFailed("ListAdverseEvents", status);
    for (const v1::AdverseEvent& event : response.adverse_events()) {
      if (!events.emplace(event.name(), event).second) {
        findings.Add(kListings, absl::StrCat("ListAdverseEvents lists ",
                                             event.name(), " twice"));
      }
    }
    if (response.next_page_token().empty()) return events;
    request.set_page_token(response.next_page_token());
  }
}

// The listing by `filter` must hold exactly the sessions of `view` that
// `belongs` picks, as the listing by practitioner shows them.
template <typename Belongs>
absl::Status CheckListingAgrees(ServerConnections& server,
                                const std::string& api_key,
                                const v1::ListSessionsRequest& filter,
                                const ApiView& view, Belongs belongs,
                                Findings& findings) {
  absl::StatusOr<std::vector<v1::Session>> listed =
      ListSessions(server, api_key, filter);
  if (!listed.ok()) return listed.status();
  std::set<std::string> expected;
  for (const auto& [name, session] : view.sessions) {
    if (belongs(session)) expected.insert(name);
  }
  const std::string listing =
      absl::StrCat("ListSessions ", filter.ShortDebugString());
  std::set<std::string> seen;
  for (const v1::Session& session : *listed) {
    if (!seen.insert(session.name()).second) {
      findings.Add(kListings,
                   absl::StrCat(listing, " lists ", session.name(), " twice"));
    } else if (expected.erase(session.name()) == 0) {
      findings.Add(kListings, absl::StrCat(listing, " lists ", session.name(),
                                           ", which the listing by "
                                           "practitioner does not"));
    } else if (const std::string difference =
                   MessageDifference(view.sessions.at(session.name()), session);
               !difference.empty()) {
      findings.Add(kListings, absl::StrCat(listing, " shows ", session.name(),
                                           " otherwise: ", difference));
    }
  }
  if (!expected.empty()) {
    findings.Add(kListings, absl::StrCat(listing, " leaves out ",
                                         absl::StrJoin(expected, ", ")));
  }
  return absl::OkStatus();
}

// What a listing shows of a session: all but the treatment record.
v1::Session AsListed(v1::Session session) {
  session.clear_treatment_record();
  return session;
}

bool HoldsSlot(const v1::Session& session) {
  return session.state() == v1::SESSION_STATE_BOOKED ||
         session.state() == v1::SESSION_STATE_CHECKED_IN ||
         session.state() == v1::SESSION_STATE_COMPLETED;
}

}  // namespace

absl::StatusOr<ApiView> ReadThroughApi(ServerConnections& server,
                                       const CrashClinic& clinic,
                                       Findings& findings) {
  // A practitioner sees treatment records.
  const std::string& api_key = clinic.practitioners.front().api_key;
  ApiView view;
  for (const StaffWithKey& practitioner : clinic.practitioners) {
    v1::ListSessionsRequest filter;
    filter.set_practitioner(practitioner.name);
    absl::StatusOr<std::vector<v1::Session>> sessions =
        ListSessions(server, api_key, filter);
    if (!sessions.ok()) return sessions.status();
    for (v1::Session& session : *sessions) {
      const std::string name = session.name();
      if (!view.sessions.emplace(name, std::move(session)).second) {
        findings.Add(kListings, absl::StrCat("the listings by practitioner "
                                             "hold ",
                                             name, " twice"));
      }
    }
  }
  for (const std::string& room : clinic.rooms) {
    v1::ListSessionsRequest filter;
    filter.set_room(room);
    if (absl::Status agreed = CheckListingAgrees(
            server, api_key, filter, view,
            [&](const v1::Session& s) { return s.room() == room; }, findings);
        !agreed.ok()) {
      return agreed;
    }
  }
  for (const std::string& patient : clinic.patients) {
    v1::ListSessionsRequest filter;
    filter.set_patient(patient);
    if (absl::Status agreed = CheckListingAgrees(
            server, api_key, filter, view,
            [&](const v1::Session& s) { return s.patient() == patient; },
            findings);
        !agreed.ok()) {
      return agreed;
    }
  }
  absl::StatusOr<std::map<std::string, v1::AdverseEvent>> events =
      ListEvents(server, api_key, findings);
  if (!events.ok()) return events.status();
  view.events = *std::move(events);
  return view;
}

void CheckApiView(const ApiView& view, const ExpectedState& expected,
                  Findings& findings) {
  for (const auto& [name, acknowledged] : expected.sessions()) {
    const auto listed = view.sessions.find(name);
    if (listed == view.sessions.end()) {
      const Operation* booking = expected.BookingOf(name);
      findings.Add(kListings,
                   absl::StrCat(name, " is missing although it was booked: ",
                                booking != nullptr ? Describe(*booking) : "?"));
    } else if (const std::string difference =
                   MessageDifference(AsListed(acknowledged), listed->second);
               !difference.empty()) {
      findings.Add(kListings,
                   absl::StrCat(name,
                                " differs from its last acknowledged "
                                "answer: ",
                                difference));
    }
  }
  for (const auto& [name, session] : view.sessions) {
    if (expected.sessions().contains(name)) continue;
    std::string problem = expected.ExplainUnexpectedSession(
        name, {session.patient(), session.practitioner(), session.room(),
               FromTimestamp(session.start_time())});
    if (problem.empty()) {
      problem = absl::StrCat(name,
                             " is listed, but its booking is still "
                             "unresolved");
    }
    findings.Add(kListings, problem);
  }

  for (const auto& [name, acknowledged] : expected.events()) {
    const auto listed = view.events.find(name);
    if (listed == view.events.end()) {
      findings.Add(kListings,
                   absl::StrCat("acknowledged ", name, " (",
                                acknowledged.body_site(), ") is missing"));
    } else if (const std::string difference =
                   MessageDifference(acknowledged, listed->second);
               !difference.empty()) {
      findings.Add(kListings, absl::StrCat(name,
                                           " differs from its "
                                           "acknowledged answer: ",
                                           difference));
    }
  }
  for (const auto& [name, event] : view.events) {
    if (expected.events().contains(name)) continue;
    std::string problem = expected.ExplainUnexpectedMarker(
        absl::StrCat("unacknowledged ", name, " (body site)"),
        event.body_site());
    if (problem.empty()) {
      problem = absl::StrCat(name,
                             " is listed, but its report is still "
                             "unresolved");
    }
    findings.Add(kListings, problem);
  }
}

int CheckSessionDetails(ServerConnections& server, const CrashClinic& clinic,
                        const ExpectedState& expected, int cycle,
                        Findings& findings) {
  // Sessions changed in earlier cycles, read this many a cycle in turn.
  constexpr int kEarlierPerCycle = 25;
  const auto read = [&](const std::string& name,
                        const v1::Session& acknowledged) {
    v1::GetSessionRequest request;
    request.set_name(name);
    v1::GetSessionResponse response;
    const grpc::Status status = server.Call(
        clinic.practitioners.front().api_key,
        "/clinic.v1.SchedulingService/GetSession", request, &response);
    if (!status.ok()) {
      findings.Add(kListings,
                   absl::StrCat("GetSession ", name, " failed (code ",
                                static_cast<int>(status.error_code()),
                                "): ", status.error_message()));
    } else if (const std::string difference =
                   MessageDifference(acknowledged, response.session());
               !difference.empty()) {
      findings.Add(kListings, absl::StrCat("GetSession ", name,
                                           " differs from its last "
                                           "acknowledged answer: ",
                                           difference));
    }
  };
  int count = 0;
  std::vector<const std::string*> earlier;
  for (const auto& [name, acknowledged] : expected.sessions()) {
    const Operation* last = expected.LastChangeOf(name);
    if (last != nullptr && last->cycle == cycle) {
      read(name, acknowledged);
      ++count;
    } else {
      earlier.push_back(&name);
    }
  }
  const int shown = std::min<int>(kEarlierPerCycle, earlier.size());
  for (int i = 0; i < shown; ++i) {
    const std::string& name =
        *earlier[(static_cast<std::size_t>(cycle) * kEarlierPerCycle + i) %
                 earlier.size()];
    read(name, expected.sessions().at(name));
    ++count;
  }
  return count;
}

void CheckNoOverlaps(const ApiView& view, Findings& findings) {
  std::map<std::string, std::vector<const v1::Session*>> by_holder;
  for (const auto& [name, session] : view.sessions) {
    if (!HoldsSlot(session)) continue;
    by_holder[absl::StrCat("practitioner ", session.practitioner())].push_back(
        &session);
    by_holder[absl::StrCat("room ", session.room())].push_back(&session);
    by_holder[absl::StrCat("patient ", session.patient())].push_back(&session);
  }
  for (auto& [holder, sessions] : by_holder) {
    std::sort(sessions.begin(), sessions.end(),
              [](const v1::Session* a, const v1::Session* b) {
                return FromTimestamp(a->start_time()) <
                       FromTimestamp(b->start_time());
              });
    // The session that ends last among those before: any later session
    // starting before that end overlaps it.
    const v1::Session* longest = nullptr;
    for (const v1::Session* session : sessions) {
      if (longest != nullptr && FromTimestamp(session->start_time()) <
                                    FromTimestamp(longest->end_time())) {
        findings.Add("no overlaps",
                     absl::StrCat("the ", holder, " holds ", longest->name(),
                                  " and ", session->name(), " at once"));
      }
      if (longest == nullptr || FromTimestamp(session->end_time()) >
                                    FromTimestamp(longest->end_time())) {
        longest = session;
      }
    }
  }
}

int64_t CheckAuditChain(ServerConnections& server, const CrashClinic& clinic,
                        int64_t previous_records, Findings& findings) {
  constexpr char kCheck[] = "audit chain";
  v1::VerifyAuditChainResponse response;
  const grpc::Status status =
      server.Call(clinic.admin_key, "/clinic.v1.AuditService/VerifyAuditChain",
                  v1::VerifyAuditChainRequest(), &response);
  if (!status.ok()) {
    findings.Add(kCheck, absl::StrCat("VerifyAuditChain failed (code ",
                                      static_cast<int>(status.error_code()),
                                      "): ", status.error_message()));
    return previous_records;
  }
  if (!response.intact()) {
    findings.Add(kCheck, absl::StrCat("broken at sequence ",
                                      response.first_broken_sequence(), ": ",
                                      response.problem()));
  }
  if (response.records_checked() < previous_records) {
    findings.Add(
        kCheck, absl::StrCat("the trail shrank from ", previous_records, " to ",
                             response.records_checked(), " records"));
  }
  return response.records_checked();
}

namespace {

// Every record ListAuditEvents answers for `request`, page by page, up to
// `last_sequence` (0: all); false (with a finding) when a call fails.
bool ListAuditTrail(ServerConnections& server, const CrashClinic& clinic,
                    v1::ListAuditEventsRequest request, int64_t last_sequence,
                    std::vector<v1::AuditEvent>& events, Findings& findings) {
  request.set_page_size(1000);
  while (true) {
    v1::ListAuditEventsResponse response;
    const grpc::Status status =
        server.Call(clinic.admin_key, "/clinic.v1.AuditService/ListAuditEvents",
                    request, &response);
    if (!status.ok()) {
      findings.Add("patient histories",
                   absl::StrCat("ListAuditEvents failed (code ",
                                static_cast<int>(status.error_code()),
                                "): ", status.error_message()));
      return false;
    }
    for (v1::AuditEvent& event : *response.mutable_audit_events()) {
      if (last_sequence > 0 && event.sequence() > last_sequence) return true;
      events.push_back(std::move(event));
    }
    if (response.next_page_token().empty()) return true;
    request.set_page_token(response.next_page_token());
  }
}

}  // namespace

void CheckPatientHistories(ServerConnections& server,
                           const CrashClinic& clinic, Findings& findings) {
  // The whole trail first: the lists by patient that follow are themselves
  // audited, so both sides are compared up to its last record.
  std::vector<v1::AuditEvent> trail;
  if (!ListAuditTrail(server, clinic, v1::ListAuditEventsRequest(), 0, trail,
                      findings) ||
      trail.empty()) {
    return;
  }
  const int64_t last_sequence = trail.back().sequence();
  for (const std::string& patient : clinic.patients) {
    std::vector<int64_t> expected;
    for (const v1::AuditEvent& event : trail) {
      if (std::find(event.patients().begin(), event.patients().end(),
                    patient) != event.patients().end()) {
        expected.push_back(event.sequence());
      }
    }
    v1::ListAuditEventsRequest request;
    request.set_patient(patient);
    std::vector<v1::AuditEvent> history;
    if (!ListAuditTrail(server, clinic, request, last_sequence, history,
                        findings)) {
      return;
    }
    std::vector<int64_t> found;
    for (const v1::AuditEvent& event : history) {
      found.push_back(event.sequence());
    }
    if (found != expected) {
      findings.Add(
          "patient histories",
          absl::StrCat(patient, "'s history lists ", found.size(),
                       " records where the trail has ", expected.size(),
                       " naming the patient (up to record ", last_sequence,
                       ")"));
    }
  }
}

}  // namespace mesoclinic::reliability
