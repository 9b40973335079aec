#ifndef MESOCLINIC_CLIENTS_CLINICCTL_PAGING_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_PAGING_H_

// List commands: one page by default, or every page with --all, with
// progress on stderr. The pages are merged into one response, so that
// --json prints one document.

#include <functional>
#include <string>

#include <google/protobuf/message.h>

#include "absl/strings/str_cat.h"
#include "clients/clinicctl/cli_context.h"
#include "clients/clinicctl/command_registry.h"

namespace mesoclinic::clinicctl {

struct PageFlags {
  int page_size = 0;
  std::string page_token;
  bool all = false;
};

// Adds --page-size, --page-token and --all, bound to `flags`.
void AddPagingFlags(CLI::App& command, PageFlags& flags);

// How many items a list response holds (its repeated message field).
int ItemCount(const google::protobuf::Message& response);

// Sets page_size and page_token from the flags; then fetches one page, or
// every page with --all. `noun` names the items in progress lines
// ("patients").
template <typename Request, typename Response>
Response FetchPages(CliContext& context, const PageFlags& flags,
                    Request request, const std::string& noun,
                    const std::function<Response(const Request&)>& fetch) {
  request.set_page_size(flags.page_size);
  request.set_page_token(flags.page_token);
  if (!flags.all) return fetch(request);
  Response all;
  int fetched = 0;
  const auto progress = context.StartProgress();
  while (true) {
    Response page = fetch(request);
    fetched += ItemCount(page);
    all.MergeFrom(page);
    progress->Update(absl::StrCat("fetched ", fetched, " ", noun, "…"));
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  progress->Done();
  all.clear_next_page_token();
  return all;
}

// Every page, merged into one response, for the commands that show a whole
// collection without paging flags (rooms, closures, API keys, treatment
// types, the uses of a lot).
template <typename Request, typename Response>
Response FetchAllPages(Request request,
                       const std::function<Response(const Request&)>& fetch) {
  Response all;
  while (true) {
    Response page = fetch(request);
    all.MergeFrom(page);
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  all.clear_next_page_token();
  return all;
}

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_PAGING_H_
