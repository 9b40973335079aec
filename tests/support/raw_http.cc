#include "tests/support/raw_http.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace mesoclinic::testing {
namespace {

// Everything the server sends on `request` until it closes; empty when the
// connection cannot be made.
std::string Exchange(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(static_cast<uint16_t>(port));
  server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval limit{.tv_sec = 10, .tv_usec = 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
  std::string answer;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof(server)) ==
          0 &&
      send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    char buffer[16384];
    for (ssize_t got; (got = recv(fd, buffer, sizeof(buffer), 0)) > 0;) {
      answer.append(buffer, static_cast<std::size_t>(got));
    }
  }
  close(fd);
  return answer;
}

}  // namespace

RawHttpReply RawHttp(int port, const std::string& method,
                     const std::string& target,
                     const std::vector<std::string>& headers) {
  std::string request = absl::StrCat(method, " ", target,
                                     " HTTP/1.1\r\nHost: 127.0.0.1:", port,
                                     "\r\nConnection: close\r\n");
  for (const std::string& header : headers) {
    absl::StrAppend(&request, header, "\r\n");
  }
  absl::StrAppend(&request, "\r\n");
  const std::string answer = Exchange(port, request);
  RawHttpReply reply;
  const std::size_t end_of_head = answer.find("\r\n\r\n");
  if (end_of_head == std::string::npos) return reply;
  reply.body = answer.substr(end_of_head + 4);
  const std::vector<absl::string_view> lines =
      absl::StrSplit(absl::string_view(answer).substr(0, end_of_head), "\r\n");
  // "HTTP/1.1 404 Not Found"
  const std::vector<absl::string_view> status_line =
      absl::StrSplit(lines[0], absl::MaxSplits(' ', 2));
  if (status_line.size() < 2 || !absl::SimpleAtoi(status_line[1], &reply.status)) {
    reply.status = 0;
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::size_t colon = lines[i].find(':');
    if (colon == absl::string_view::npos) continue;
    reply.headers[absl::AsciiStrToLower(lines[i].substr(0, colon))] =
        std::string(absl::StripAsciiWhitespace(lines[i].substr(colon + 1)));
  }
  return reply;
}

}  // namespace mesoclinic::testing
