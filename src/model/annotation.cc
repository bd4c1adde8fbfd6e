#include "model/annotation.h"

#include <array>
#include <chrono>
#include <tuple>

#include <nlohmann/json.hpp>

#include "model/date.h"

namespace chancery {

using nlohmann::json;

namespace {

constexpr std::array<std::pair<AnnotationType, std::string_view>, 4> kTypes = {{
    {AnnotationType::kCorrection, "correction"},
    {AnnotationType::kNote, "note"},
    {AnnotationType::kRestriction, "restriction"},
    {AnnotationType::kWithdrawal, "withdrawal"},
}};

constexpr std::array<std::string_view, 16> kFields = {
    "title",  "date",      "place",  "citation", "summary", "credits", "languages", "body",
    "notes",  "people",    "places", "author",   "sender",  "recipient", "archive", "source",
};

Result<void> check_text(std::string_view what, std::string_view text, std::size_t limit) {
  if (text.size() > limit) {
    return fail(ErrorCode::kInvalidInput,
                std::string(what) + " is too long (" + std::to_string(text.size()) + " bytes; at most " +
                    std::to_string(limit) + ")");
  }
  if (!is_clean_text(text)) {
    return fail(ErrorCode::kInvalidInput,
                std::string(what) + " is not valid UTF-8 text (control characters other than tab and newline "
                                    "are refused)");
  }
  return {};
}

bool blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

bool is_clean_text(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f) return false;
      ++i;
      continue;
    }
    std::size_t n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : 0;
    if (n == 0 || c > 0xf4 || i + n >= text.size()) return false;
    std::uint32_t cp = c & (0x3f >> n);
    for (std::size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    if (cp >= 0x80 && cp < 0xa0) return false;   // C1 controls
    i += n + 1;
  }
  return true;
}


std::string_view annotation_type_name(AnnotationType type) {
  for (const auto& [t, name] : kTypes)
    if (t == type) return name;
  return "note";
}

std::optional<AnnotationType> annotation_type_from_name(std::string_view name) {
  for (const auto& [t, n] : kTypes)
    if (n == name) return t;
  return std::nullopt;
}

bool is_annotatable_field(std::string_view field) {
  for (std::string_view f : kFields)
    if (f == field) return true;
  return false;
}

std::string annotatable_fields_list() {
  std::string out;
  for (std::string_view f : kFields) {
    if (!out.empty()) out += ", ";
    out += f;
  }
  return out;
}

std::optional<std::int64_t> iso_day(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (date[i] < '0' || date[i] > '9') return std::nullopt;
      v = v * 10 + (date[i] - '0');
    }
    return v;
  };
  auto y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (!y || !m || !d || *y < 1 || *m < 1 || *m > 12 || *d < 1) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
  if (*d > kDays[*m - 1] + (*m == 2 && leap ? 1 : 0)) return std::nullopt;
  return days_from_civil(*y, *m, *d);
}

std::int64_t today_utc_day() {
  using namespace std::chrono;
  return duration_cast<days>(system_clock::now().time_since_epoch()).count();
}

bool restriction_in_force(const Annotation& annotation, std::int64_t day) {
  if (annotation.type != AnnotationType::kRestriction) return false;
  if (annotation.until.empty()) return true;
  auto until = iso_day(annotation.until);
  return !until || day < *until;   // an unreadable date keeps it closed
}

Result<void> validate_annotation(const Annotation& a) {
  if (a.target.empty()) return fail(ErrorCode::kInvalidInput, "an annotation needs a target record or collection");
  if (auto r = check_text("the target id", a.target, 512); !r) return r;
  if (blank(a.text)) {
    return fail(ErrorCode::kInvalidInput, a.type == AnnotationType::kRestriction  ? "a restriction needs a reason"
                                          : a.type == AnnotationType::kWithdrawal ? "a withdrawal needs a reason"
                                              : "a " + std::string(annotation_type_name(a.type)) + " needs its text");
  }
  if (auto r = check_text("the text", a.text, kMaxAnnotationText); !r) return r;
  if (auto r = check_text("the quote", a.quote, kMaxAnnotationQuote); !r) return r;
  if (auto r = check_text("the comment", a.comment, kMaxAnnotationText); !r) return r;
  if (!a.comment.empty() && a.type != AnnotationType::kCorrection) {
    return fail(ErrorCode::kInvalidInput, "only a correction has a comment (a note's text is its comment)");
  }
  if (auto r = check_text("the author", a.author, kMaxAnnotationAuthor); !r) return r;
  if (a.author.find('\n') != std::string::npos) return fail(ErrorCode::kInvalidInput, "the author is one line");
  if (!a.field.empty() && !is_annotatable_field(a.field)) {
    return fail(ErrorCode::kInvalidInput,
                "unknown field '" + a.field + "' (one of " + annotatable_fields_list() + ")");
  }
  if (a.hide_description && a.type != AnnotationType::kWithdrawal) {
    return fail(ErrorCode::kInvalidInput, "only a withdrawal hides the record's description");
  }
  if (a.type == AnnotationType::kWithdrawal) {
    if (!a.field.empty() || !a.quote.empty() || !a.until.empty()) {
      return fail(ErrorCode::kInvalidInput, "a withdrawal takes the whole record away; it names no field, quote or date");
    }
    if (a.target_kind != AnnotationTarget::kRecord) {
      return fail(ErrorCode::kInvalidInput, "a withdrawal is about a record, not a collection");
    }
  } else if (a.type == AnnotationType::kRestriction) {
    if (!a.field.empty() || !a.quote.empty()) {
      return fail(ErrorCode::kInvalidInput, "a restriction closes the whole record; it names no field or quote");
    }
    if (!a.until.empty() && !iso_day(a.until)) {
      return fail(ErrorCode::kInvalidInput, "until must be a date written YYYY-MM-DD, not '" + a.until + "'");
    }
  } else {
    if (!a.until.empty()) return fail(ErrorCode::kInvalidInput, "only a restriction has an until date");
    if (a.target_kind != AnnotationTarget::kRecord) {
      return fail(ErrorCode::kInvalidInput, "corrections and notes are about a record, not a collection");
    }
    if (!a.quote.empty() && a.field.empty()) {
      return fail(ErrorCode::kInvalidInput, "a quote needs the field it is quoted from");
    }
  }
  return {};
}

json annotation_json(const Annotation& a) {
  json j{{"id", a.id},
         {"target", a.target},
         {"target_kind", a.target_kind == AnnotationTarget::kCollection ? "collection" : "record"},
         {"type", std::string(annotation_type_name(a.type))},
         {"field", a.field},
         {"quote", a.quote},
         {"text", a.text},
         {"comment", a.comment},
         {"until", a.until},
         {"author", a.author},
         {"created", a.created}};
  if (a.hide_description) j["hide_description"] = true;   // absent otherwise: older annotations stay byte for byte
  return j;
}

std::string annotation_to_json(const Annotation& a) {
  return annotation_json(a).dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Annotation> annotation_from_json_object(const json& j) {
  if (!j.is_object()) return fail(ErrorCode::kInvalidInput, "an annotation must be a JSON object");
  Annotation a;
  auto text = [&j](const char* key, std::string& out, bool required) -> Result<void> {
    auto it = j.find(key);
    if (it == j.end()) {
      if (required) return fail(ErrorCode::kInvalidInput, std::string("annotation: no \"") + key + "\" field");
      return {};
    }
    if (!it->is_string()) {
      return fail(ErrorCode::kInvalidInput, std::string("annotation: field \"") + key + "\" is not a string");
    }
    out = it->get<std::string>();
    return {};
  };
  std::string type, target_kind;
  for (auto [key, out, required] :
       {std::tuple{"id", &a.id, true}, {"target", &a.target, true}, {"type", &type, true},
        {"target_kind", &target_kind, false}, {"field", &a.field, false}, {"quote", &a.quote, false},
        {"text", &a.text, false}, {"comment", &a.comment, false}, {"until", &a.until, false}, {"author", &a.author, false},
        {"created", &a.created, false}}) {
    if (auto r = text(key, *out, required); !r) return std::unexpected(r.error());
  }
  if (auto hide = j.find("hide_description"); hide != j.end()) {
    if (!hide->is_boolean()) {
      return fail(ErrorCode::kInvalidInput, "annotation: field \"hide_description\" is not true or false");
    }
    a.hide_description = hide->get<bool>();
  }
  auto parsed = annotation_type_from_name(type);
  if (!parsed) return fail(ErrorCode::kInvalidInput, "annotation " + a.id + ": unknown type '" + type + "'");
  a.type = *parsed;
  if (target_kind == "collection") {
    a.target_kind = AnnotationTarget::kCollection;
  } else if (!target_kind.empty() && target_kind != "record") {
    return fail(ErrorCode::kInvalidInput, "annotation " + a.id + ": unknown target_kind '" + target_kind + "'");
  }
  if (a.id.empty() || a.target.empty()) return fail(ErrorCode::kInvalidInput, "annotation: empty id or target");
  return a;
}

Result<Annotation> annotation_from_json(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return fail(ErrorCode::kInvalidInput, "annotation: unreadable JSON");
  return annotation_from_json_object(j);
}

}  // namespace chancery
