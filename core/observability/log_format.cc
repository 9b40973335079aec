#include "core/observability/log_format.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include "absl/time/time.h"
#include "core/base/json_text.h"
#include "core/observability/log_fields.h"

namespace mesoclinic::observability {
namespace {

// clinicd's look before --log_format existed, with the line's fields (%*)
// after the message.
constexpr char kTextPattern[] = "%Y-%m-%dT%H:%M:%S.%fZ %^%l%$ clinicd: %v%*";

void Append(absl::string_view text, spdlog::memory_buf_t& dest) {
  dest.append(text.data(), text.data() + text.size());
}

// %*: " name=value" for each field of the line.
class TextFieldsFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    for (const LogField& field : ScopedLogFields::Current()) {
      Append(" ", dest);
      Append(field.name, dest);
      Append("=", dest);
      Append(field.value, dest);
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<TextFieldsFlag>();
  }
};

class JsonLogFormatter : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg,
              spdlog::memory_buf_t& dest) override {
    std::string line = "{\"time\":";
    AppendJsonString(absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ",
                                      absl::FromChrono(msg.time),
                                      absl::UTCTimeZone()),
                     line);
    line.append(",\"level\":");
    const spdlog::string_view_t level =
        spdlog::level::to_string_view(msg.level);
    AppendJsonString(absl::string_view(level.data(), level.size()), line);
    line.append(",\"msg\":");
    AppendJsonString(absl::string_view(msg.payload.data(), msg.payload.size()),
                     line);
    for (const LogField& field : ScopedLogFields::Current()) {
      line.push_back(',');
      AppendJsonString(field.name, line);
      line.push_back(':');
      if (field.number) {
        line.append(field.value);
      } else {
        AppendJsonString(field.value, line);
      }
    }
    line.append("}\n");
    Append(line, dest);
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonLogFormatter>();
  }
};

}  // namespace

bool AbslParseFlag(absl::string_view text, LogFormat* format,
                   std::string* error) {
  if (text == "text") {
    *format = LogFormat::kText;
    return true;
  }
  if (text == "json") {
    *format = LogFormat::kJson;
    return true;
  }
  *error = "must be text or json";
  return false;
}

std::string AbslUnparseFlag(LogFormat format) {
  return format == LogFormat::kJson ? "json" : "text";
}

std::unique_ptr<spdlog::formatter> MakeLogFormatter(LogFormat format) {
  if (format == LogFormat::kJson) return std::make_unique<JsonLogFormatter>();
  auto text = std::make_unique<spdlog::pattern_formatter>(
      spdlog::pattern_time_type::utc);
  text->add_flag<TextFieldsFlag>('*').set_pattern(kTextPattern);
  return text;
}

void UseLogFormat(LogFormat format) {
  spdlog::set_formatter(MakeLogFormatter(format));
}

}  // namespace mesoclinic::observability
