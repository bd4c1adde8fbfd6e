#include "archive/names_authority.h"

#include <algorithm>

#include "names/name_key.h"

namespace chancery {
namespace {

// Lowercase ASCII letters and digits of a spelling: its identity for
// "already recorded".
std::string spelling_key(std::string_view spelling) {
  std::string folded = names::fold_ascii(spelling);
  std::string out;
  for (char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

template <typename T>
Result<void> read_field(const nlohmann::json& j, const char* name, T& out) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return {};
  try {
    out = it->get<T>();
  } catch (const nlohmann::json::exception&) {
    return fail(ErrorCode::kInvalidInput, std::string("authority field \"") + name + "\" has the wrong type");
  }
  return {};
}

}  // namespace

std::vector<std::string> Authority::spellings() const {
  std::vector<std::string> out{name};
  for (const AuthorityVariant& v : variants) out.push_back(v.name);
  return out;
}

bool Authority::has_spelling(std::string_view spelling) const {
  const std::string key = spelling_key(spelling);
  if (key.empty()) return true;
  if (spelling_key(name) == key) return true;
  return std::any_of(variants.begin(), variants.end(),
                     [&key](const AuthorityVariant& v) { return spelling_key(v.name) == key; });
}

bool Authority::add_variant(std::string spelling, std::string source, std::string origin) {
  if (has_spelling(spelling)) return false;
  variants.push_back({std::move(spelling), std::move(source), std::move(origin)});
  return true;
}

void Authority::add_external_id(const std::string& external) {
  if (!external.empty() && std::find(external_ids.begin(), external_ids.end(), external) == external_ids.end()) {
    external_ids.push_back(external);
  }
}

nlohmann::json to_json(const Authority& a) {
  nlohmann::json j;
  j["id"] = a.id;
  if (!a.merged_into.empty()) {
    j["merged_into"] = a.merged_into;
    return j;
  }
  j["kind"] = a.kind;
  j["name"] = a.name;
  nlohmann::json variants = nlohmann::json::array();
  for (const AuthorityVariant& v : a.variants) {
    nlohmann::json jv{{"name", v.name}, {"source", v.source}};
    if (!v.origin.empty()) jv["origin"] = v.origin;
    variants.push_back(std::move(jv));
  }
  j["variants"] = std::move(variants);
  if (a.birth_year != 0) j["birth_year"] = a.birth_year;
  if (a.death_year != 0) j["death_year"] = a.death_year;
  if (!a.identification.empty()) j["identification"] = a.identification;
  nlohmann::json roles = nlohmann::json::array();
  for (const AuthorityRole& r : a.roles) {
    roles.push_back({{"title", r.title}, {"from", r.from}, {"to", r.to}, {"source", r.source}});
  }
  j["roles"] = std::move(roles);
  j["external_ids"] = a.external_ids;
  if (!a.absorbed.empty()) j["absorbed"] = a.absorbed;
  return j;
}

Result<Authority> authority_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return fail(ErrorCode::kInvalidInput, "an authority is not a JSON object");
  Authority a;
  if (auto r = read_field(j, "id", a.id); !r) return std::unexpected(r.error());
  if (a.id.empty()) return fail(ErrorCode::kInvalidInput, "an authority has no id");
  if (auto r = read_field(j, "merged_into", a.merged_into); !r) return std::unexpected(r.error());
  if (!a.merged_into.empty()) return a;
  for (auto [name, field] : {std::pair{"kind", &a.kind}, {"name", &a.name}, {"identification", &a.identification}}) {
    if (auto r = read_field(j, name, *field); !r) return std::unexpected(r.error());
  }
  if (auto r = read_field(j, "birth_year", a.birth_year); !r) return std::unexpected(r.error());
  if (auto r = read_field(j, "death_year", a.death_year); !r) return std::unexpected(r.error());
  if (auto r = read_field(j, "external_ids", a.external_ids); !r) return std::unexpected(r.error());
  if (auto r = read_field(j, "absorbed", a.absorbed); !r) return std::unexpected(r.error());
  try {
    if (auto it = j.find("variants"); it != j.end()) {
      for (const auto& v : *it) {
        a.variants.push_back({v.at("name").get<std::string>(), v.value("source", ""), v.value("origin", "")});
      }
    }
    if (auto it = j.find("roles"); it != j.end()) {
      for (const auto& r : *it) {
        a.roles.push_back({r.value("title", ""), r.value("from", ""), r.value("to", ""), r.value("source", "")});
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return fail(ErrorCode::kInvalidInput, "authority " + a.id + ": malformed variants or roles: " + e.what());
  }
  return a;
}

std::string authority_slug(std::string_view kind, std::string_view name) {
  std::string folded = names::fold_ascii(name);
  std::string slug;
  bool gap = false;
  for (char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (gap && !slug.empty()) slug += '-';
      slug += c;
      gap = false;
    } else {
      gap = true;
    }
  }
  if (slug.size() > 80) slug.resize(80);
  if (slug.empty()) slug = "unnamed";
  return std::string(kind) + "/" + slug;
}

}  // namespace chancery
