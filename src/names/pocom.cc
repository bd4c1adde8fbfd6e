#include "names/pocom.h"

#include <pugixml.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

namespace chancery::names {
namespace fs = std::filesystem;
namespace {

Result<std::string> read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kIo, "cannot open " + path.string());
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return fail(ErrorCode::kIo, "cannot read " + path.string());
  return std::move(buf).str();
}

int line_of(const std::string& text, std::ptrdiff_t offset) {
  const auto end = text.begin() + std::clamp<std::ptrdiff_t>(offset, 0, static_cast<std::ptrdiff_t>(text.size()));
  return 1 + static_cast<int>(std::count(text.begin(), end, '\n'));
}

// Parses one XML file. pugixml's default options skip DOCTYPE declarations and
// expand no entities beyond the XML-predefined and numeric ones.
Result<pugi::xml_document> load_xml(const fs::path& path) {
  auto text = read_whole(path);
  if (!text) return std::unexpected(text.error());
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(text->data(), text->size(), pugi::parse_default);
  if (!parsed)
    return fail_at(path.string(), line_of(*text, parsed.offset), std::string("malformed XML: ") + parsed.description());
  return doc;
}

std::string text_of(const pugi::xml_node& node, const char* child) {
  std::string s = node.child(child).text().as_string();
  // Collapse the line breaks and indentation of wrapped element text.
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = !out.empty();
    } else {
      if (space) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

int year_of(std::string_view s) {
  if (s.size() < 4) return 0;
  int y = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    if (s[i] < '0' || s[i] > '9') return 0;
    y = y * 10 + (s[i] - '0');
  }
  return y;
}

// "1922-02-10", "1922-02", "1922"; anything else is unknown.
Date parse_date(std::string_view s) {
  Date d;
  d.year = year_of(s);
  if (d.year == 0) return d;
  d.precision = DatePrecision::kYear;
  auto two = [&](std::size_t at) {
    if (s.size() < at + 2 || s[at - 1] != '-' || s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9') return 0;
    return (s[at] - '0') * 10 + (s[at + 1] - '0');
  };
  if (int m = two(5); m >= 1 && m <= 12) {
    d.month = m;
    d.precision = DatePrecision::kMonth;
    if (int day = two(8); day >= 1 && day <= 31) {
      d.day = day;
      d.precision = DatePrecision::kDay;
    }
  }
  return d;
}

std::vector<fs::path> xml_files(const fs::path& dir, bool recursive) {
  std::vector<fs::path> files;
  std::error_code ec;
  auto take = [&](const fs::directory_entry& e) {
    if (e.is_regular_file(ec) && e.path().extension() == ".xml") files.push_back(e.path());
  };
  if (recursive) {
    for (const auto& e : fs::recursive_directory_iterator(dir, ec)) take(e);
  } else {
    for (const auto& e : fs::directory_iterator(dir, ec)) take(e);
  }
  std::sort(files.begin(), files.end());
  return files;
}

Result<PocomPerson> read_person(const fs::path& path) {
  auto doc = load_xml(path);
  if (!doc) return std::unexpected(doc.error());
  const pugi::xml_node p = doc->child("person");
  if (!p) return fail_at(path.string(), 1, "not a POCOM person: no <person> element");
  const std::string id = text_of(p, "id");
  if (id.empty()) return fail_at(path.string(), 0, "person without <id>");
  const pugi::xml_node pn = p.child("persName");
  PocomPerson out;
  out.surname = text_of(pn, "surname");
  out.forenames = text_of(pn, "forename");
  out.suffix = text_of(pn, "genName");
  if (out.surname.empty()) return fail_at(path.string(), 0, "person " + id + " without <surname>");
  out.birth_year = year_of(text_of(p, "birth"));
  out.death_year = year_of(text_of(p, "death"));

  Person& person = out.person;
  person.id = "pocom/" + id;
  person.source = "pocom";
  person.name = out.surname;
  if (!out.forenames.empty()) person.name += ", " + out.forenames;
  if (!out.suffix.empty()) person.name += ", " + out.suffix;
  auto add_variant = [&](std::string v) {
    if (!v.empty() && v != person.name &&
        std::find(person.variants.begin(), person.variants.end(), v) == person.variants.end())
      person.variants.push_back(std::move(v));
  };
  for (const pugi::xml_node alt : pn.children("altname")) add_variant(alt.text().as_string());
  if (!out.forenames.empty()) {
    add_variant(out.forenames + " " + out.surname);
    if (!out.suffix.empty()) add_variant(out.forenames + " " + out.surname + " " + out.suffix);
  }
  return out;
}

void read_chiefs(const pugi::xml_node& parent, const std::string& territory, bool nominees,
                 std::vector<MissionRole>& out) {
  for (const pugi::xml_node c : parent.children("chief")) {
    MissionRole r;
    r.id = text_of(c, "id");
    r.person_id = "pocom/" + text_of(c, "person-id");
    r.territory = territory;
    r.contemporary_territory = text_of(c, "contemporary-territory-id");
    r.role = text_of(c, "role-title-id");
    r.appointed = parse_date(text_of(c.child("appointed"), "date"));
    r.arrived = parse_date(text_of(c.child("arrived"), "date"));
    r.started = parse_date(text_of(c.child("started"), "date"));
    r.ended = parse_date(text_of(c.child("ended"), "date"));
    r.started_note = text_of(c.child("started"), "note");
    r.ended_note = text_of(c.child("ended"), "note");
    r.note = text_of(c, "note");
    r.nominee_only = nominees;
    out.push_back(std::move(r));
  }
}

// "soviet-union" -> "Soviet Union": an id's words, capitalised.
std::string words_of_id(std::string_view id) {
  std::string out;
  bool start = true;
  for (char c : id) {
    if (c == '-') {
      out.push_back(' ');
      start = true;
    } else {
      out.push_back(start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
      start = false;
    }
  }
  return out;
}

std::string describe(const PocomPerson& p) {
  std::string d;
  if (p.birth_year && p.death_year) d = std::to_string(p.birth_year) + "-" + std::to_string(p.death_year);
  else if (p.birth_year) d = "born " + std::to_string(p.birth_year);
  else if (p.death_year) d = "died " + std::to_string(p.death_year);
  for (const MissionRole& r : p.roles) {
    if (r.nominee_only) continue;
    if (!d.empty()) d += "; ";
    d += pocom_role_title(r.role) + ", " + pocom_territory(r);
    const Date& from = r.started.known() ? r.started : r.appointed;
    if (from.known()) {
      d += ", " + std::to_string(from.year);
      if (r.ended.known() && r.ended.year != from.year) d += "-" + std::to_string(r.ended.year);
    }
  }
  return d;
}

fs::path sub_or_self(const fs::path& dir, const char* sub) {
  std::error_code ec;
  return fs::is_directory(dir / sub, ec) ? dir / sub : dir;
}

}  // namespace

std::string pocom_territory(const MissionRole& role) {
  return words_of_id(role.contemporary_territory.empty() ? role.territory : role.contemporary_territory);
}

std::string pocom_role_title(std::string_view role_id) {
  static const std::map<std::string, std::string, std::less<>> kTitles = {
      {"ambassador-e-p", "Ambassador Extraordinary and Plenipotentiary"},
      {"envoy-extraordinary-minister-plenipotentiary", "Envoy Extraordinary and Minister Plenipotentiary"},
      {"charge-daffaires-ad-interim", "Chargé d'Affaires ad interim"},
      {"charge-daffaires", "Chargé d'Affaires"},
      {"minister-resident", "Minister Resident"},
      {"minister-resident-consul-general", "Minister Resident/Consul General"},
  };
  if (auto it = kTitles.find(role_id); it != kTitles.end()) return it->second;
  return words_of_id(role_id);
}

Result<std::vector<MissionRole>> read_pocom_missions(const fs::path& dir) {
  const fs::path missions = sub_or_self(dir, "missions-countries");
  std::error_code ec;
  if (!fs::is_directory(missions, ec)) return fail(ErrorCode::kNotFound, "no POCOM missions folder: " + missions.string());
  std::vector<MissionRole> roles;
  for (const fs::path& f : xml_files(missions, false)) {
    auto doc = load_xml(f);
    if (!doc) return std::unexpected(doc.error());
    const pugi::xml_node m = doc->child("country-mission");
    if (!m) return fail_at(f.string(), 1, "not a POCOM mission file: no <country-mission> element");
    const std::string territory = text_of(m, "territory-id");
    read_chiefs(m.child("chiefs"), territory, false, roles);
    read_chiefs(m.child("other-nominees"), territory, true, roles);
  }
  return roles;
}

Result<std::vector<PocomPerson>> read_pocom_people(const fs::path& dir) {
  const fs::path people = sub_or_self(dir, "people");
  std::error_code ec;
  if (!fs::is_directory(people, ec)) return fail(ErrorCode::kNotFound, "no POCOM people folder: " + people.string());
  std::vector<PocomPerson> persons;
  for (const fs::path& f : xml_files(people, true)) {
    auto p = read_person(f);
    if (!p) return std::unexpected(p.error());
    persons.push_back(std::move(*p));
  }
  std::sort(persons.begin(), persons.end(),
            [](const PocomPerson& a, const PocomPerson& b) { return a.person.id < b.person.id; });

  if (fs::is_directory(dir / "missions-countries", ec)) {
    auto roles = read_pocom_missions(dir);
    if (!roles) return std::unexpected(roles.error());
    std::map<std::string, std::size_t, std::less<>> index;
    for (std::size_t i = 0; i < persons.size(); ++i) index.emplace(persons[i].person.id, i);
    for (MissionRole& r : *roles)
      if (auto it = index.find(r.person_id); it != index.end()) persons[it->second].roles.push_back(std::move(r));
    for (PocomPerson& p : persons)
      std::stable_sort(p.roles.begin(), p.roles.end(), [](const MissionRole& a, const MissionRole& b) {
        return std::tie(a.appointed.year, a.appointed.month, a.appointed.day) <
               std::tie(b.appointed.year, b.appointed.month, b.appointed.day);
      });
  }
  for (PocomPerson& p : persons) p.person.description = describe(p);
  return persons;
}

Result<std::vector<Person>> read_pocom(const fs::path& dir) {
  auto people = read_pocom_people(dir);
  if (!people) return std::unexpected(people.error());
  std::vector<Person> out;
  out.reserve(people->size());
  for (PocomPerson& p : *people) out.push_back(std::move(p.person));
  return out;
}

}  // namespace chancery::names
