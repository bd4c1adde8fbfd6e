#include "index/facets.h"

#include <algorithm>

#include "index/index_terms.h"

namespace chancery {
namespace {

// Xapian's limit is 245 bytes per term.
constexpr std::size_t kMaxFacetValueBytes = 200;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// `value` cut to at most `max` bytes without splitting a UTF-8 character.
std::string_view cut_utf8(std::string_view value, std::size_t max) {
  if (value.size() <= max) return value;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
  return value.substr(0, end);
}

}  // namespace

std::optional<char> facet_code(std::string_view name) {
  for (const FacetDef& def : kFacetDefs) {
    if (def.name == name) return def.code;
  }
  return std::nullopt;
}

std::string facet_term(char code, std::string_view value) {
  std::string term(index_terms::kFacetPrefix);
  term += code;
  term += cut_utf8(value, kMaxFacetValueBytes);
  return term;
}

void FacetValueSet::add(char code, std::string_view value) {
  value = cut_utf8(trim(value), kMaxFacetValueBytes);
  if (value.empty() || value.find('\0') != std::string_view::npos) return;
  for (const auto& [c, v] : values_) {
    if (c == code && v == value) return;
  }
  values_.emplace_back(code, std::string(value));
}

std::string FacetValueSet::encode() const {
  std::string out;
  for (const auto& [code, value] : values_) {
    out += code;
    out += value;
    out += '\0';
  }
  return out;
}

void FacetCounter::operator()(const Xapian::Document& doc, double) {
  ++seen_;
  const std::string blob = doc.get_value(index_terms::kFacetSlot);
  std::size_t pos = 0;
  while (pos < blob.size()) {
    std::size_t end = blob.find('\0', pos);
    if (end == std::string::npos) end = blob.size();
    if (end > pos + 1) ++counts_[blob[pos]][blob.substr(pos + 1, end - pos - 1)];
    pos = end + 1;
  }
}

std::map<std::string, std::vector<FacetValue>> FacetCounter::results(int limit,
                                                                      std::int64_t total) const {
  std::map<std::string, std::vector<FacetValue>> out;
  const bool scale = seen_ > 0 && total > seen_;
  for (const FacetDef& def : kFacetDefs) {
    std::vector<FacetValue>& values = out[std::string(def.name)];
    auto it = counts_.find(def.code);
    if (it == counts_.end()) continue;
    for (const auto& [value, count] : it->second) {
      std::int64_t n = count;
      if (scale) n = std::max<std::int64_t>(1, (count * total + seen_ / 2) / seen_);
      values.push_back({value, n});
    }
    std::sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    if (limit >= 0 && values.size() > static_cast<std::size_t>(limit)) values.resize(limit);
  }
  return out;
}

}  // namespace chancery
