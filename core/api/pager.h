#ifndef MESOCLINIC_CORE_API_PAGER_H_
#define MESOCLINIC_CORE_API_PAGER_H_

// Paging for every List method (AIP-158), written once: page_size with a
// documented default and maximum, an opaque page_token that holds where the
// previous page stopped and a fingerprint of the request's filters, and
// next_page_token empty on the last page.
//
//   ASSIGN_OR_RETURN(Pager pager, Pager::For(request, 100, 1000));
//   query.limit = pager.fetch_limit();
//   if (const PagePosition* after = pager.after()) {
//     ASSIGN_OR_RETURN(query.after_time, after->TimeAt(0));
//     ASSIGN_OR_RETURN(query.after_id, after->StringAt(1));
//   }
//   ASSIGN_OR_RETURN(std::vector<Session> found, repository.List(query));
//   response.set_next_page_token(pager.NextPageToken(
//       found, [](const Session& s) {
//         return PagePosition().Add(s.time.start).Add(s.id);
//       }));
//   for (const Session& s : found) ...   // at most page_size() left

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"

namespace mesoclinic {

// Where a page stopped: a few sort-key values, in order. Reading a value of
// the wrong kind, or past the end, is INVALID_ARGUMENT naming page_token.
class PagePosition {
 public:
  PagePosition() = default;

  PagePosition& Add(absl::string_view value);
  PagePosition& Add(int64_t value);
  PagePosition& Add(absl::Time value);

  absl::StatusOr<std::string> StringAt(std::size_t index) const;
  absl::StatusOr<int64_t> IntAt(std::size_t index) const;
  absl::StatusOr<absl::Time> TimeAt(std::size_t index) const;

  std::size_t size() const { return values_.size(); }

 private:
  friend class Pager;
  explicit PagePosition(std::vector<std::string> values)
      : values_(std::move(values)) {}
  std::vector<std::string> values_;
};

// INVALID_ARGUMENT naming page_token: the token decoded, but the position
// it holds does not fit the listing (for listings that look the position up
// again, such as the last patient of a page).
absl::Status MalformedPageToken();

class Pager {
 public:
  // Reads `request`'s page_size and page_token (every List request has both;
  // a request without them is a programming error and aborts). page_size 0
  // means `default_size`, more than `max_size` means `max_size`, negative is
  // INVALID_ARGUMENT; a token issued for other filters or not by this method
  // is INVALID_ARGUMENT naming page_token.
  static absl::StatusOr<Pager> For(const google::protobuf::Message& request,
                                   int default_size, int max_size);

  // How many entries the page holds at most.
  int page_size() const { return page_size_; }
  // How many to read: one more than the page, to learn whether one follows.
  int fetch_limit() const { return page_size_ + 1; }
  // Where the previous page stopped; null on the first page.
  const PagePosition* after() const {
    return after_.has_value() ? &*after_ : nullptr;
  }
  // after(), refused as malformed unless it holds exactly `size` values:
  // a token is only ever read by the listing that made it, so any other
  // shape is forged.
  absl::StatusOr<const PagePosition*> After(std::size_t size) const;
  // After(2) read as the (time, id) or (key, id) most listings are ordered
  // by; nullopt on the first page.
  absl::StatusOr<std::optional<std::pair<absl::Time, std::string>>>
  AfterTimeAndId() const;
  absl::StatusOr<std::optional<std::pair<std::string, std::string>>>
  AfterKeyAndId() const;

  // Cuts `entries` (read with fetch_limit()) to the page and returns the
  // token of the next page, from the last entry kept; empty when `entries`
  // held no more than a page.
  template <typename Entry>
  std::string NextPageToken(
      std::vector<Entry>& entries,
      const std::function<PagePosition(const Entry&)>& position_of) const {
    if (static_cast<int>(entries.size()) <= page_size_) return std::string();
    entries.resize(page_size_);
    return Token(position_of(entries.back()));
  }

  // The token of a page that starts after `position` (for listings that do
  // not read one entry ahead).
  std::string Token(const PagePosition& position) const;

 private:
  Pager(int page_size, std::string fingerprint,
        std::optional<PagePosition> after)
      : page_size_(page_size),
        fingerprint_(std::move(fingerprint)),
        after_(std::move(after)) {}

  int page_size_;
  std::string fingerprint_;
  std::optional<PagePosition> after_;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_API_PAGER_H_
