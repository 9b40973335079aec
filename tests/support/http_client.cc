#include "tests/support/http_client.h"

#include <curl/curl.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace mesoclinic::testing {
namespace {


size_t CollectBody(char* data, size_t size, size_t count, void* reply) {
  static_cast<HttpReply*>(reply)->body.append(data, size * count);
  return size * count;
}

size_t CollectHeader(char* data, size_t size, size_t count, void* reply) {
  absl::string_view line(data, size * count);
  const std::size_t colon = line.find(':');
  if (colon != absl::string_view::npos) {
    static_cast<HttpReply*>(reply)->headers[absl::AsciiStrToLower(
        absl::StripAsciiWhitespace(line.substr(0, colon)))] =
        std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
  }
  return size * count;
}

// A curl handle set up for `exchange`; the header list is returned to be
// freed after the transfer.
CURL* Prepare(const HttpExchange& exchange, curl_slist** headers) {
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, exchange.url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, exchange.method.c_str());
  if (exchange.method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, exchange.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(exchange.body.size()));
  }
  *headers = nullptr;
  // No "Expect: 100-continue" pause on larger bodies.
  *headers = curl_slist_append(*headers, "Expect:");
  for (const std::string& header : exchange.headers) {
    *headers = curl_slist_append(*headers, header.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, *headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(exchange.timeout)));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (!exchange.ca_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, exchange.ca_file.c_str());
  }
  if (!exchange.client_certificate_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_SSLCERT,
                     exchange.client_certificate_file.c_str());
    curl_easy_setopt(curl, CURLOPT_SSLKEY, exchange.client_key_file.c_str());
  }
  return curl;
}

}  // namespace

HttpReply Http(const HttpExchange& exchange) {
  HttpReply reply;
  curl_slist* headers = nullptr;
  CURL* curl = Prepare(exchange, &headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &CollectBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &CollectHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply);
  const CURLcode result = curl_easy_perform(curl);
  if (result == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  } else {
    reply.error = curl_easy_strerror(result);
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return reply;
}

HttpReply ConnectJsonCall(int port, const std::string& path,
                          const std::string& json, const std::string& api_key,
                          std::vector<std::string> extra_headers) {
  HttpExchange exchange;
  exchange.url = absl::StrCat("http://127.0.0.1:", port, path);
  exchange.body = json;
  exchange.headers = std::move(extra_headers);
  exchange.headers.push_back("Content-Type: application/json");
  if (!api_key.empty()) {
    exchange.headers.push_back(absl::StrCat("Authorization: Bearer ", api_key));
  }
  return Http(exchange);
}

HttpStream::HttpStream(HttpExchange exchange) {
  thread_ = std::thread([this, exchange = std::move(exchange)] {
    curl_slist* headers = nullptr;
    CURL* curl = Prepare(exchange, &headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &HttpStream::OnData);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &HttpStream::OnProgress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, this);
    curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    absl::MutexLock lock(&mutex_);
    status_ = status;
    ended_ = true;
  });
}

HttpStream::~HttpStream() {
  Cancel();
  thread_.join();
}

size_t HttpStream::OnData(char* data, size_t size, size_t count, void* self) {
  auto* stream = static_cast<HttpStream*>(self);
  if (stream->cancelled_) return 0;  // Aborts the transfer.
  absl::MutexLock lock(&stream->mutex_);
  stream->body_.append(data, size * count);
  return size * count;
}

int HttpStream::OnProgress(void* self, long, long, long, long) {
  return static_cast<HttpStream*>(self)->cancelled_ ? 1 : 0;
}

bool HttpStream::WaitFor(
    const std::function<bool(const std::string& body)>& ready,
    absl::Duration timeout) {
  absl::MutexLock lock(&mutex_);
  auto condition = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    return ended_ || ready(body_);
  };
  mutex_.AwaitWithTimeout(absl::Condition(&condition), timeout);
  return ready(body_);
}

bool HttpStream::WaitForEnd(absl::Duration timeout) {
  absl::MutexLock lock(&mutex_);
  return mutex_.AwaitWithTimeout(absl::Condition(&ended_), timeout);
}

std::string HttpStream::body() const {
  absl::MutexLock lock(&mutex_);
  return body_;
}

long HttpStream::status() const {
  absl::MutexLock lock(&mutex_);
  return status_;
}

std::vector<Enveloped> SplitEnvelopes(const std::string& body) {
  std::vector<Enveloped> messages;
  std::size_t at = 0;
  while (body.size() - at >= 5) {
    uint32_t size = 0;
    for (int i = 1; i <= 4; ++i) {
      size = (size << 8) | static_cast<uint8_t>(body[at + i]);
    }
    if (body.size() - at - 5 < size) break;
    messages.push_back({static_cast<uint8_t>(body[at]), body.substr(at + 5, size)});
    at += 5 + size;
  }
  return messages;
}

}  // namespace mesoclinic::testing
