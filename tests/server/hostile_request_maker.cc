#include "tests/server/hostile_request_maker.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/api/page_token.h"

namespace mesoclinic::testing {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr int kRepeatedCopies = 10000;
constexpr char kSqlFragment[] = "'; DROP TABLE patients; --";

// One step from a message down to a message field of it: `index` is the
// entry of a repeated field, -1 for a singular one.
struct Step {
  const FieldDescriptor* field;
  int index;
};
using Route = std::vector<Step>;

// Changes one field (entry `index`, or -1) of the message that holds it.
using Mutation = std::function<void(Message& holder,
                                    const FieldDescriptor* field, int index)>;

Message* Follow(Message* message, const Route& route) {
  for (const Step& step : route) {
    const Reflection* reflection = message->GetReflection();
    message = step.index < 0 ? reflection->MutableMessage(message, step.field)
                             : reflection->MutableRepeatedMessage(
                                   message, step.field, step.index);
  }
  return message;
}

Message* MutableEntry(Message& holder, const FieldDescriptor* field,
                      int index) {
  const Reflection* reflection = holder.GetReflection();
  return index < 0 ? reflection->MutableMessage(&holder, field)
                   : reflection->MutableRepeatedMessage(&holder, field, index);
}

const Message& Entry(const Message& holder, const FieldDescriptor* field,
                     int index) {
  const Reflection* reflection = holder.GetReflection();
  return index < 0 ? reflection->GetMessage(holder, field)
                   : reflection->GetRepeatedMessage(holder, field, index);
}

std::string GetString(const Message& holder, const FieldDescriptor* field,
                      int index) {
  const Reflection* reflection = holder.GetReflection();
  return index < 0 ? reflection->GetString(holder, field)
                   : reflection->GetRepeatedString(holder, field, index);
}

Mutation SetString(std::string value) {
  return [value = std::move(value)](Message& holder,
                                    const FieldDescriptor* field, int index) {
    const Reflection* reflection = holder.GetReflection();
    if (index < 0) {
      reflection->SetString(&holder, field, value);
    } else {
      reflection->SetRepeatedString(&holder, field, index, value);
    }
  };
}

// Proto3 enums are open: reflection takes numbers no value has.
Mutation SetEnumNumber(int number) {
  return [number](Message& holder, const FieldDescriptor* field, int index) {
    const Reflection* reflection = holder.GetReflection();
    if (index < 0) {
      reflection->SetEnumValue(&holder, field, number);
    } else {
      reflection->SetRepeatedEnumValue(&holder, field, index, number);
    }
  };
}

Mutation SetInteger(int64_t value) {
  return [value](Message& holder, const FieldDescriptor* field, int index) {
    const Reflection* r = holder.GetReflection();
    const bool one = index < 0;
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32: {
        const auto v = static_cast<int32_t>(value);
        one ? r->SetInt32(&holder, field, v)
            : r->SetRepeatedInt32(&holder, field, index, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_UINT32: {
        const auto v = static_cast<uint32_t>(value);
        one ? r->SetUInt32(&holder, field, v)
            : r->SetRepeatedUInt32(&holder, field, index, v);
        break;
      }
      case FieldDescriptor::CPPTYPE_UINT64: {
        const auto v = static_cast<uint64_t>(value);
        one ? r->SetUInt64(&holder, field, v)
            : r->SetRepeatedUInt64(&holder, field, index, v);
        break;
      }
      default:
        one ? r->SetInt64(&holder, field, value)
            : r->SetRepeatedInt64(&holder, field, index, value);
    }
  };
}

Mutation SetDouble(double value) {
  return [value](Message& holder, const FieldDescriptor* field, int index) {
    const Reflection* r = holder.GetReflection();
    const bool one = index < 0;
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT) {
      const auto v = static_cast<float>(value);
      one ? r->SetFloat(&holder, field, v)
          : r->SetRepeatedFloat(&holder, field, index, v);
    } else {
      one ? r->SetDouble(&holder, field, value)
          : r->SetRepeatedDouble(&holder, field, index, value);
    }
  };
}

// Sets the integer fields `values` names in the (message) field.
Mutation SetSubfields(std::vector<std::pair<const char*, int64_t>> values) {
  return [values = std::move(values)](Message& holder,
                                      const FieldDescriptor* field, int index) {
    Message* entry = MutableEntry(holder, field, index);
    for (const auto& [name, value] : values) {
      const FieldDescriptor* subfield =
          entry->GetDescriptor()->FindFieldByName(name);
      SetInteger(value)(*entry, subfield, -1);
    }
  };
}

// Appends copies of entry 0 of a repeated field until it has `count`.
Mutation RepeatFirstEntry(int count) {
  return [count](Message& holder, const FieldDescriptor* field, int) {
    const Reflection* r = holder.GetReflection();
    for (int i = r->FieldSize(holder, field); i < count; ++i) {
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_MESSAGE:
          r->AddMessage(&holder, field)
              ->CopyFrom(r->GetRepeatedMessage(holder, field, 0));
          break;
        case FieldDescriptor::CPPTYPE_STRING:
          r->AddString(&holder, field, r->GetRepeatedString(holder, field, 0));
          break;
        case FieldDescriptor::CPPTYPE_ENUM:
          r->AddEnumValue(&holder, field,
                          r->GetRepeatedEnumValue(holder, field, 0));
          break;
        case FieldDescriptor::CPPTYPE_INT32:
          r->AddInt32(&holder, field, r->GetRepeatedInt32(holder, field, 0));
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          r->AddInt64(&holder, field, r->GetRepeatedInt64(holder, field, 0));
          break;
        case FieldDescriptor::CPPTYPE_UINT32:
          r->AddUInt32(&holder, field, r->GetRepeatedUInt32(holder, field, 0));
          break;
        case FieldDescriptor::CPPTYPE_UINT64:
          r->AddUInt64(&holder, field, r->GetRepeatedUInt64(holder, field, 0));
          break;
        case FieldDescriptor::CPPTYPE_DOUBLE:
          r->AddDouble(&holder, field, r->GetRepeatedDouble(holder, field, 0));
          break;
        case FieldDescriptor::CPPTYPE_FLOAT:
          r->AddFloat(&holder, field, r->GetRepeatedFloat(holder, field, 0));
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          r->AddBool(&holder, field, r->GetRepeatedBool(holder, field, 0));
          break;
      }
    }
  };
}

// "patients/abc" or "patients/abc/consents/def": collections of letters,
// ids of lower-case letters, digits, '-' and '_'.
bool IsResourceName(absl::string_view value) {
  const std::vector<absl::string_view> parts = absl::StrSplit(value, '/');
  if (parts.size() < 2 || parts.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].empty()) return false;
    for (char c : parts[i]) {
      const bool ok = i % 2 == 0
                          ? absl::ascii_isalpha(c)
                          : (absl::ascii_islower(c) || absl::ascii_isdigit(c) ||
                             c == '-' || c == '_');
      if (!ok) return false;
    }
  }
  return true;
}

bool IsPageToken(const FieldDescriptor* field) {
  return field->name() == "page_token" &&
         field->type() == FieldDescriptor::TYPE_STRING;
}

// Valid UTF-8 set through reflection, then swapped in the serialized bytes
// for invalid UTF-8 of the same length.
struct Utf8Swap {
  const char* variant;
  const char* marker;
  const char* invalid;
};

constexpr Utf8Swap kUtf8Swaps[] = {
    {"invalid UTF-8: lead byte without continuation", "hostile\xC3\xA9utf8",
     "hostile\xC3\x28utf8"},
    {"invalid UTF-8: UTF-16 surrogate", "hostile\xE2\x82\xACutf8",
     "hostile\xED\xA0\x80utf8"},
};

class Maker {
 public:
  Maker(const Message& plausible, const MaxLengths& max_lengths)
      : plausible_(plausible), max_lengths_(max_lengths) {
    request_id_field_ =
        plausible.GetDescriptor()->FindFieldByName("request_id");
  }

  std::vector<HostileRequest> Make() && {
    made_.push_back({"", "empty request", "", ""});
    // A length-delimited field 1 whose length runs past the end.
    made_.push_back({"", "not a protobuf message", "\x0a\xff\xff\xff\x0f", ""});
    Walk(plausible_, {}, "");
    return std::move(made_);
  }

 private:
  void Walk(const Message& message, const Route& route,
            const std::string& prefix) {
    const Descriptor* type = message.GetDescriptor();
    const Reflection* reflection = message.GetReflection();
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor* field = type->field(i);
      const std::string path = prefix.empty()
                                   ? field->name()
                                   : absl::StrCat(prefix, ".", field->name());
      if (field->is_repeated()) {
        if (reflection->FieldSize(message, field) == 0) continue;
        Add(path, "10,000 entries", route, field, -1,
            RepeatFirstEntry(kRepeatedCopies));
        AttackValue(message, route, field, 0, absl::StrCat(path, "[0]"));
      } else if (reflection->HasField(message, field) || IsPageToken(field)) {
        AttackValue(message, route, field, -1, path);
      }
    }
  }

  void AttackValue(const Message& holder, const Route& route,
                   const FieldDescriptor* field, int index,
                   const std::string& path) {
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_MESSAGE: {
        const std::string& type = field->message_type()->full_name();
        if (type == "google.protobuf.Timestamp") {
          AttackTimestamp(route, field, index, path);
        } else if (type == "clinic.v1.Date") {
          AttackDate(route, field, index, path);
        } else {
          Route inner = route;
          inner.push_back({field, index});
          Walk(Entry(holder, field, index), inner, path);
        }
        break;
      }
      case FieldDescriptor::CPPTYPE_STRING:
        AttackString(GetString(holder, field, index), route, field, index,
                     path);
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        Add(path, "undefined enum value 1000", route, field, index,
            SetEnumNumber(1000));
        Add(path, "negative enum value -1", route, field, index,
            SetEnumNumber(-1));
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        AttackIntegers(route, field, index, path, "INT32",
                       std::numeric_limits<int32_t>::min(),
                       std::numeric_limits<int32_t>::max());
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        AttackIntegers(route, field, index, path, "INT64",
                       std::numeric_limits<int64_t>::min(),
                       std::numeric_limits<int64_t>::max());
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
      case FieldDescriptor::CPPTYPE_UINT64:
        Add(path, "largest unsigned", route, field, index, SetInteger(-1));
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE:
      case FieldDescriptor::CPPTYPE_FLOAT:
        for (const auto& [variant, value] :
             std::vector<std::pair<const char*, double>>{
                 {"NaN", std::numeric_limits<double>::quiet_NaN()},
                 {"infinity", std::numeric_limits<double>::infinity()},
                 {"-infinity", -std::numeric_limits<double>::infinity()},
                 {"-1", -1},
                 {"1e308", 1e308}}) {
          Add(path, variant, route, field, index, SetDouble(value));
        }
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        break;  // Both values are values.
    }
  }

  void AttackIntegers(const Route& route, const FieldDescriptor* field,
                      int index, const std::string& path, const char* type,
                      int64_t min, int64_t max) {
    Add(path, absl::StrCat(type, " min"), route, field, index, SetInteger(min));
    Add(path, "-1", route, field, index, SetInteger(-1));
    Add(path, absl::StrCat(type, " max"), route, field, index, SetInteger(max));
  }

  void AttackString(const std::string& plausible, const Route& route,
                    const FieldDescriptor* field, int index,
                    const std::string& path) {
    Add(path, "1 MiB", route, field, index,
        SetString(std::string(1 << 20, 'x')));
    if (const auto limit = max_lengths_.find(field->full_name());
        limit != max_lengths_.end()) {
      std::string over;
      for (int i = 0; i <= limit->second; ++i) over += "\xC3\xA9";  // é
      Add(path,
          absl::StrCat(limit->second + 1, " characters (limit ", limit->second,
                       ")"),
          route, field, index, SetString(over));
    }
    for (const char* sql : {kSqlFragment, "%", "_"}) {
      Add(path, absl::StrCat("SQL: ", sql), route, field, index,
          SetString(sql));
    }
    Add(path, "NUL byte", route, field, index,
        SetString(absl::StrCat(plausible, std::string(1, '\0'), kSqlFragment)));
    for (const Utf8Swap& swap : kUtf8Swaps) {
      Add(path, swap.variant, route, field, index, SetString(swap.marker), "",
          &swap);
    }
    if (IsResourceName(plausible)) {
      AttackName(plausible, route, field, index, path);
    }
    if (IsPageToken(field)) AttackPageToken(route, field, index, path);
  }

  void AttackName(const std::string& plausible, const Route& route,
                  const FieldDescriptor* field, int index,
                  const std::string& path) {
    const std::size_t slash = plausible.rfind('/');
    const std::string collection = plausible.substr(0, slash + 1);
    const std::string id = plausible.substr(slash + 1);
    std::vector<std::pair<const char*, std::string>> names = {
        {"name: no id", collection},
        {"name: \"..\"", absl::StrCat(collection, "../staff/x")},
        {"name: another collection", "x/1"},
        {"name: unknown id", absl::StrCat(collection, "zzzzzzzzzzzzzzzz")},
        {"name: id \"_\"", absl::StrCat(collection, "_")},
        {"name: 65-character id",
         absl::StrCat(collection, std::string(65, 'a'))},
        {"name: extra segment", absl::StrCat(plausible, "/x")},
        {"name: SQL in the id", absl::StrCat(collection, "x' OR '1'='1")},
    };
    if (absl::AsciiStrToUpper(id) != id) {
      names.push_back({"name: upper-case id",
                       absl::StrCat(collection, absl::AsciiStrToUpper(id))});
    }
    for (auto& [variant, name] : names) {
      Add(path, variant, route, field, index, SetString(name), name);
    }
  }

  void AttackPageToken(const Route& route, const FieldDescriptor* field,
                       int index, const std::string& path) {
    // Forged as the server makes them, for these very filters, around a
    // position that is not one.
    const std::string fingerprint = ListRequestFingerprint(plausible_);
    const std::vector<std::pair<const char*, std::string>> tokens = {
        {"page token: not base64", "!!not base64!!"},
        {"page token: too short", absl::WebSafeBase64Escape("abc")},
        {"page token: other filters", EncodePageToken("00000000", {"x"})},
        {"page token: forged, no position", EncodePageToken(fingerprint, {})},
        {"page token: forged, SQL position",
         EncodePageToken(fingerprint, {kSqlFragment})},
        {"page token: forged, four parts",
         EncodePageToken(fingerprint, {"1", "2", "3", "4"})},
        {"page token: forged, number past int64",
         EncodePageToken(fingerprint, {"99999999999999999999999", "x"})},
        {"page token: forged, part longer than the token",
         absl::WebSafeBase64Escape(absl::StrCat(fingerprint, "50:abc"))},
        {"page token: forged, part length past size_t",
         absl::WebSafeBase64Escape(
             absl::StrCat(fingerprint, "99999999999999999999999:abc"))},
    };
    for (const auto& [variant, token] : tokens) {
      Add(path, variant, route, field, index, SetString(token));
    }
  }

  void AttackTimestamp(const Route& route, const FieldDescriptor* field,
                       int index, const std::string& path) {
    constexpr int64_t kYear1 = -62135596800;
    constexpr int64_t kYear9999End = 253402300799;
    const std::vector<std::pair<const char*, int64_t>> seconds = {
        {"timestamp: the epoch", 0},
        {"timestamp: 1 s before the epoch", -1},
        {"timestamp: 0001-01-01T00:00:00Z (first)", kYear1},
        {"timestamp: before year 1", kYear1 - 1},
        {"timestamp: 9999-12-31T23:59:59Z (last)", kYear9999End},
        {"timestamp: after year 9999", kYear9999End + 1},
        {"timestamp: INT64 max seconds", std::numeric_limits<int64_t>::max()},
        {"timestamp: INT64 min seconds", std::numeric_limits<int64_t>::min()},
    };
    for (const auto& [variant, value] : seconds) {
      Add(path, variant, route, field, index,
          SetSubfields({{"seconds", value}, {"nanos", 0}}));
    }
    Add(path, "timestamp: nanos -1", route, field, index,
        SetSubfields({{"nanos", -1}}));
    Add(path, "timestamp: nanos 1e9", route, field, index,
        SetSubfields({{"nanos", 1000000000}}));
  }

  void AttackDate(const Route& route, const FieldDescriptor* field, int index,
                  const std::string& path) {
    constexpr int64_t kMin = std::numeric_limits<int32_t>::min();
    constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
    const std::vector<std::pair<const char*, std::vector<int64_t>>> dates = {
        {"date: year 0", {0, 1, 1}},
        {"date: year 10000", {10000, 1, 1}},
        {"date: month 13", {2030, 13, 1}},
        {"date: day 32", {2030, 1, 32}},
        {"date: February 30", {2030, 2, 30}},
        {"date: -1-1-1", {-1, -1, -1}},
        {"date: INT32 max", {kMax, kMax, kMax}},
        {"date: INT32 min", {kMin, kMin, kMin}},
        {"date: a year alone", {2030, 0, 0}},
    };
    for (const auto& [variant, ymd] : dates) {
      Add(path, variant, route, field, index,
          SetSubfields({{"year", ymd[0]}, {"month", ymd[1]}, {"day", ymd[2]}}));
    }
  }

  void Add(const std::string& path, std::string variant, const Route& route,
           const FieldDescriptor* field, int index, const Mutation& mutate,
           std::string sent_name = "", const Utf8Swap* swap = nullptr) {
    std::unique_ptr<Message> request(plausible_.New());
    request->CopyFrom(plausible_);
    mutate(*Follow(request.get(), route), field, index);
    if (request_id_field_ != nullptr && field != request_id_field_) {
      const Reflection* reflection = request->GetReflection();
      reflection->SetString(
          request.get(), request_id_field_,
          absl::StrCat(reflection->GetString(plausible_, request_id_field_),
                       "-", made_.size()));
    }
    std::string bytes = request->SerializeAsString();
    if (swap != nullptr) {
      const std::string marker = swap->marker;
      const std::size_t at = bytes.find(marker);
      if (at == std::string::npos) return;
      bytes.replace(at, marker.size(), swap->invalid);
    }
    made_.push_back(
        {path, std::move(variant), std::move(bytes), std::move(sent_name)});
  }

  const Message& plausible_;
  const MaxLengths& max_lengths_;
  const FieldDescriptor* request_id_field_ = nullptr;
  std::vector<HostileRequest> made_;
};

}  // namespace

std::vector<HostileRequest> MakeHostileRequests(
    const google::protobuf::Message& plausible, const MaxLengths& max_lengths) {
  return Maker(plausible, max_lengths).Make();
}

}  // namespace mesoclinic::testing
