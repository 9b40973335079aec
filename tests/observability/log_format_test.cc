// The log's two looks: JSON lines that always parse, whatever a message
// holds, and text lines that keep clinicd's look; both with the line's
// fields.

#include "core/observability/log_format.h"

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/base/json_text.h"
#include "core/observability/log_fields.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace mesoclinic::testing {
namespace {

using observability::LogFormat;
using observability::ScopedLogFields;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

// `line` parsed as one JSON object; fails the test when it is not one.
google::protobuf::Struct ParseJsonObject(const std::string& line) {
  google::protobuf::Struct object;
  const auto parsed =
      google::protobuf::util::JsonStringToMessage(line, &object);
  EXPECT_TRUE(parsed.ok()) << parsed << ": " << line;
  return object;
}

std::string Field(const google::protobuf::Struct& object,
                  const std::string& name) {
  const auto it = object.fields().find(name);
  if (it == object.fields().end()) return "<missing>";
  return it->second.has_string_value() ? it->second.string_value()
                                       : "<not a string>";
}

// A logger writing to a string in `format`.
class CapturedLog {
 public:
  explicit CapturedLog(LogFormat format)
      : sink_(std::make_shared<spdlog::sinks::ostream_sink_mt>(text_)),
        logger_("captured", sink_) {
    sink_->set_formatter(observability::MakeLogFormatter(format));
  }
  spdlog::logger& logger() { return logger_; }
  std::vector<std::string> Lines() const {
    return absl::StrSplit(text_.str(), '\n', absl::SkipEmpty());
  }

 private:
  std::ostringstream text_;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
  spdlog::logger logger_;
};

TEST(JsonTextTest, QuotesBackslashesAndControlCharactersAreEscaped) {
  std::string out;
  mesoclinic::AppendJsonString("a\"b\\c\nd\te\x01", out);
  EXPECT_EQ(out, R"("a\"b\\c\nd\te\u0001")");
}

TEST(JsonTextTest, ValidUtf8IsKeptAndInvalidBytesBecomeReplacement) {
  std::string out;
  mesoclinic::AppendJsonString("Zoë \xff\xc3", out);
  EXPECT_EQ(out, "\"Zoë \xEF\xBF\xBD\xEF\xBF\xBD\"");
  out.clear();
  // An overlong encoding of '/' and a lone surrogate are not UTF-8 either.
  mesoclinic::AppendJsonString("\xc0\xaf\xed\xa0\x80", out);
  EXPECT_EQ(ParseJsonObject(absl::StrCat("{\"v\":", out, "}"))
                .fields()
                .at("v")
                .string_value()
                .find('/'),
            std::string::npos);
}

TEST(JsonLogFormatTest, EachLineIsOneJsonObjectWithTimeLevelAndMessage) {
  CapturedLog log(LogFormat::kJson);
  log.logger().warn("a message with \"quotes\",\nnewlines and \xff bytes");
  const std::vector<std::string> lines = log.Lines();
  ASSERT_EQ(lines.size(), 1u);
  const google::protobuf::Struct object = ParseJsonObject(lines[0]);
  EXPECT_EQ(Field(object, "level"), "warning");
  EXPECT_THAT(Field(object, "msg"), HasSubstr("\"quotes\",\nnewlines"));
  EXPECT_THAT(Field(object, "time"),
              MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\.[0-9]{6}Z"));
}

TEST(JsonLogFormatTest, FieldsBecomeMembersNumbersUnquoted) {
  CapturedLog log(LogFormat::kJson);
  {
    const ScopedLogFields fields(
        {{.name = "method", .value = "/clinic.v1.X/Y"},
         observability::LogNumber("elapsed_ms", 1.5)});
    log.logger().info("call");
  }
  log.logger().info("after");
  const std::vector<std::string> lines = log.Lines();
  ASSERT_EQ(lines.size(), 2u);
  const google::protobuf::Struct call = ParseJsonObject(lines[0]);
  EXPECT_EQ(Field(call, "method"), "/clinic.v1.X/Y");
  EXPECT_EQ(call.fields().at("elapsed_ms").number_value(), 1.5);
  // The fields ended with their scope.
  EXPECT_EQ(ParseJsonObject(lines[1]).fields().count("method"), 0u);
}

TEST(TextLogFormatTest, KeepsClinicdLookWithFieldsAfterTheMessage) {
  CapturedLog log(LogFormat::kText);
  {
    const ScopedLogFields fields(
        std::vector<observability::LogField>{{.name = "code", .value = "OK"}});
    log.logger().info("call");
  }
  const std::vector<std::string> lines = log.Lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], MatchesRegex("[0-9T:.-]+Z info clinicd: call code=OK"));
}

TEST(LogFormatFlagTest, TextAndJsonParseAndOthersAreRefused) {
  LogFormat format;
  std::string error;
  EXPECT_TRUE(observability::AbslParseFlag("json", &format, &error));
  EXPECT_EQ(format, LogFormat::kJson);
  EXPECT_TRUE(observability::AbslParseFlag("text", &format, &error));
  EXPECT_EQ(format, LogFormat::kText);
  EXPECT_FALSE(observability::AbslParseFlag("xml", &format, &error));
  EXPECT_THAT(error, HasSubstr("text or json"));
}

}  // namespace
}  // namespace mesoclinic::testing
