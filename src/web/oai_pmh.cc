#include "web/oai_pmh.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <map>
#include <set>
#include <utility>

namespace chancery::web::oai {
namespace {

constexpr std::array<std::pair<Verb, std::string_view>, 6> kVerbs = {{
    {Verb::kIdentify, "Identify"},
    {Verb::kListMetadataFormats, "ListMetadataFormats"},
    {Verb::kListSets, "ListSets"},
    {Verb::kListIdentifiers, "ListIdentifiers"},
    {Verb::kListRecords, "ListRecords"},
    {Verb::kGetRecord, "GetRecord"},
}};

// Deeper than any collection tree; a longer chain of parents is damage.
constexpr int kMaxSetDepth = 64;
// Item ids and set specs longer than this are refused before any lookup.
constexpr std::size_t kMaxArgumentBytes = 2048;

std::unexpected<ProtocolError> error(std::string code, std::string message) {
  return std::unexpected(ProtocolError{std::move(code), std::move(message)});
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Characters of a setSpec piece and of a metadataPrefix (the protocol's
// "unreserved" characters).
bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '_' || c == '.' ||
         c == '!' || c == '~' || c == '*' || c == '\'' || c == '(' || c == ')';
}

bool valid_prefix(std::string_view prefix) {
  return !prefix.empty() && prefix.size() <= 64 && std::all_of(prefix.begin(), prefix.end(), is_unreserved);
}

bool valid_set_spec(std::string_view spec) {
  if (spec.empty() || spec.size() > kMaxArgumentBytes) return false;
  std::size_t start = 0;
  for (;;) {
    std::size_t colon = spec.find(':', start);
    std::string_view piece = spec.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
    if (piece.empty() || !std::all_of(piece.begin(), piece.end(), is_unreserved)) return false;
    if (colon == std::string_view::npos) return true;
    start = colon + 1;
  }
}

// Reads exactly `digits` decimal digits at `at`.
std::optional<int> read_number(std::string_view text, std::size_t at, std::size_t digits) {
  if (at + digits > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + digits; ++i) {
    if (!is_digit(text[i])) return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool valid_day(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return false;
  auto year = read_number(text, 0, 4);
  auto month = read_number(text, 5, 2);
  auto day = read_number(text, 8, 2);
  if (!year || !month || !day || *month < 1 || *month > 12 || *day < 1) return false;
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int days = kDays[static_cast<std::size_t>(*month - 1)] + (*month == 2 && is_leap(*year) ? 1 : 0);
  return *day <= days;
}

bool is_day_granularity(std::string_view datestamp) { return datestamp.size() == 10; }

std::optional<std::int64_t> parse_count(std::string_view text) {
  if (text.empty() || text.size() > 18 || !std::all_of(text.begin(), text.end(), is_digit)) return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// from/until: datestamps, one granularity, from <= until.
std::optional<ProtocolError> check_window(const ListWindow& window) {
  for (const std::string* stamp : {&window.from, &window.until}) {
    if (!stamp->empty() && !valid_datestamp(*stamp)) {
      return ProtocolError{"badArgument", "'" + *stamp + "' is not a datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)."};
    }
  }
  if (!window.from.empty() && !window.until.empty()) {
    if (is_day_granularity(window.from) != is_day_granularity(window.until)) {
      return ProtocolError{"badArgument", "from and until must have the same granularity."};
    }
    if (store_time_from(window.from) > store_time_until(window.until)) {
      return ProtocolError{"badArgument", "from is later than until."};
    }
  }
  if (!window.set.empty() && !valid_set_spec(window.set)) {
    return ProtocolError{"badArgument", "'" + window.set + "' is not a setSpec."};
  }
  return std::nullopt;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> pieces;
  std::size_t start = 0;
  for (;;) {
    std::size_t at = text.find(separator, start);
    if (at == std::string_view::npos) {
      pieces.push_back(text.substr(start));
      return pieces;
    }
    pieces.push_back(text.substr(start, at - start));
    start = at + 1;
  }
}

void append_hex_escape(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back('~');
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 15]);
}

void append_element(std::string& out, std::string_view name, std::string_view text) {
  if (text.empty()) return;
  out += '<';
  out += name;
  out += '>';
  append_xml_text(out, text);
  out += "</";
  out += name;
  out += ">\n";
}

// One name for each person named: the longest of the names sharing an id
// ("Woodrow Wilson", not also "Wilson"), in the order they first appear;
// names without an id by their spelling.
std::vector<std::string_view> distinct_names(const std::vector<NameRef>& names) {
  std::vector<std::string_view> out;
  std::unordered_map<std::string_view, std::size_t> place_of;
  for (const NameRef& ref : names) {
    if (ref.name.empty()) continue;
    std::string_view key = ref.id.empty() ? std::string_view(ref.name) : std::string_view(ref.id);
    auto [it, added] = place_of.emplace(key, out.size());
    if (added) {
      out.push_back(ref.name);
    } else if (ref.name.size() > out[it->second].size()) {
      out[it->second] = ref.name;
    }
  }
  std::set<std::string_view> seen;
  std::erase_if(out, [&seen](std::string_view name) { return !seen.insert(name).second; });
  return out;
}

}  // namespace

std::string_view verb_name(Verb verb) {
  for (const auto& [v, name] : kVerbs) {
    if (v == verb) return name;
  }
  return "";
}

std::expected<Request, ProtocolError> parse_request(const QueryParams& params) {
  Request request;
  request.arguments = params;
  std::map<std::string_view, std::string_view> given;
  std::optional<std::string_view> verb_text;
  for (const auto& [name, value] : params) {
    if (name == "verb") {
      if (verb_text) return error("badVerb", "The verb argument is repeated.");
      verb_text = value;
      continue;
    }
    if (!given.emplace(name, value).second) return error("badArgument", "The argument " + name + " is repeated.");
  }
  if (!verb_text) return error("badVerb", "The verb argument is missing.");
  auto verb = std::find_if(kVerbs.begin(), kVerbs.end(), [&](const auto& v) { return v.second == *verb_text; });
  if (verb == kVerbs.end()) return error("badVerb", "'" + std::string(*verb_text) + "' is not an OAI-PMH verb.");
  request.verb = verb->first;

  std::vector<std::string_view> allowed;
  switch (request.verb) {
    case Verb::kIdentify: break;
    case Verb::kListMetadataFormats: allowed = {"identifier"}; break;
    case Verb::kListSets: allowed = {"resumptionToken"}; break;
    case Verb::kListIdentifiers:
    case Verb::kListRecords: allowed = {"metadataPrefix", "from", "until", "set", "resumptionToken"}; break;
    case Verb::kGetRecord: allowed = {"identifier", "metadataPrefix"}; break;
  }
  for (const auto& [name, value] : given) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      return error("badArgument", std::string(verb->second) + " does not take the argument " + std::string(name) + ".");
    }
    if (value.empty()) return error("badArgument", "The argument " + std::string(name) + " is empty.");
    if (value.size() > kMaxArgumentBytes) return error("badArgument", "The argument " + std::string(name) + " is too long.");
  }
  auto argument = [&](std::string_view name) -> std::string {
    auto it = given.find(name);
    return it == given.end() ? std::string() : std::string(it->second);
  };

  if (auto token = given.find("resumptionToken"); token != given.end()) {
    if (given.size() > 1) return error("badArgument", "resumptionToken must be the only argument besides verb.");
    request.resumed = true;
    if (request.verb == Verb::kListSets) {
      auto offset = decode_sets_token(token->second);
      if (!offset) return error("badResumptionToken", "The resumptionToken is not one this repository issued.");
      request.sets_offset = *offset;
    } else {
      auto window = decode_list_token(token->second);
      if (!window) return error("badResumptionToken", "The resumptionToken is not one this repository issued.");
      request.window = std::move(*window);
    }
    return request;
  }

  switch (request.verb) {
    case Verb::kIdentify:
    case Verb::kListSets: break;
    case Verb::kListMetadataFormats: request.identifier = argument("identifier"); break;
    case Verb::kGetRecord:
      request.identifier = argument("identifier");
      request.window.metadata_prefix = argument("metadataPrefix");
      if (request.identifier.empty()) return error("badArgument", "GetRecord needs an identifier.");
      if (request.window.metadata_prefix.empty()) return error("badArgument", "GetRecord needs a metadataPrefix.");
      break;
    case Verb::kListIdentifiers:
    case Verb::kListRecords:
      request.window.metadata_prefix = argument("metadataPrefix");
      request.window.from = argument("from");
      request.window.until = argument("until");
      request.window.set = argument("set");
      if (request.window.metadata_prefix.empty()) {
        return error("badArgument", std::string(verb->second) + " needs a metadataPrefix.");
      }
      if (auto problem = check_window(request.window)) return std::unexpected(*problem);
      break;
  }
  return request;
}

bool valid_datestamp(std::string_view text) {
  if (text.size() == 10) return valid_day(text);
  if (text.size() != 20 || !valid_day(text) || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z') {
    return false;
  }
  auto hour = read_number(text, 11, 2);
  auto minute = read_number(text, 14, 2);
  auto second = read_number(text, 17, 2);
  return hour && minute && second && *hour < 24 && *minute < 60 && *second < 60;
}

std::string datestamp_of(std::string_view store_time) {
  // "2026-12-02T10:11:12.345Z": the first 19 bytes and 'Z'.
  if (store_time.size() >= 20 && valid_day(store_time) && store_time[10] == 'T' && store_time[19] != 'Z') {
    return std::string(store_time.substr(0, 19)) + "Z";
  }
  return std::string(store_time);
}

std::string store_time_from(std::string_view from) {
  if (is_day_granularity(from)) return std::string(from) + "T00:00:00.000Z";
  return std::string(from.substr(0, 19)) + ".000Z";
}

std::string store_time_until(std::string_view until) {
  if (is_day_granularity(until)) return std::string(until) + "T23:59:59.999Z";
  return std::string(until.substr(0, 19)) + ".999Z";
}

std::string encode_list_token(const ListWindow& window) {
  const char* part = window.expiry ? "e1/" : window.access ? "a1/" : "r1/";
  std::string token = std::string(part) + window.metadata_prefix + "/" + window.from + "/" + window.until + "/" +
                      window.set + "/" + std::to_string(window.after_seq) + "/";
  if (window.access || window.expiry) token += std::to_string(window.access_offset) + "/";
  return token + std::to_string(window.cursor);
}

std::optional<ListWindow> decode_list_token(std::string_view token) {
  if (token.size() > kMaxArgumentBytes) return std::nullopt;
  std::vector<std::string_view> fields = split(token, '/');
  if (fields.empty()) return std::nullopt;
  const bool expiry = fields[0] == "e1";
  const bool access = fields[0] == "a1" || expiry;
  if (fields[0] != "r1" && !access) return std::nullopt;
  if (fields.size() != (access ? 8u : 7u) || !valid_prefix(fields[1])) return std::nullopt;
  ListWindow window;
  window.metadata_prefix = fields[1];
  window.from = fields[2];
  window.until = fields[3];
  window.set = fields[4];
  auto after = parse_count(fields[5]);
  auto cursor = parse_count(fields.back());
  if (!after || !cursor) return std::nullopt;
  window.after_seq = *after;
  window.cursor = *cursor;
  if (access) {
    auto offset = parse_count(fields[6]);
    if (!offset) return std::nullopt;
    window.access = true;
    window.expiry = expiry;
    window.access_offset = *offset;
  }
  if (check_window(window)) return std::nullopt;
  return window;
}

std::string encode_sets_token(std::int64_t offset) { return "s1/" + std::to_string(offset); }

std::optional<std::int64_t> decode_sets_token(std::string_view token) {
  if (!token.starts_with("s1/")) return std::nullopt;
  return parse_count(token.substr(3));
}

std::string item_identifier(std::string_view repository, std::string_view id) {
  return "oai:" + std::string(repository) + ":" + std::string(id);
}

std::optional<std::string> record_id_of(std::string_view repository, std::string_view identifier) {
  std::string prefix = "oai:" + std::string(repository) + ":";
  if (!identifier.starts_with(prefix) || identifier.size() == prefix.size()) return std::nullopt;
  return std::string(identifier.substr(prefix.size()));
}

bool valid_repository_identifier(std::string_view text) {
  // [a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+
  if (text.empty() || text.size() > 255) return false;
  std::vector<std::string_view> labels = split(text, '.');
  if (labels.size() < 2) return false;
  for (std::string_view label : labels) {
    if (label.empty() || !std::isalpha(static_cast<unsigned char>(label[0]))) return false;
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
  }
  return true;
}

std::string set_spec_piece(std::string_view id, std::string_view parent) {
  std::string_view rest = id;
  if (!parent.empty() && id.size() > parent.size() + 1 && id.starts_with(parent) && id[parent.size()] == '/') {
    rest = id.substr(parent.size() + 1);
  }
  std::string piece;
  for (char c : rest) {
    if (is_unreserved(c) && c != '~') {
      piece.push_back(c);
    } else {
      append_hex_escape(piece, static_cast<unsigned char>(c));
    }
  }
  return piece;
}

SetTree::SetTree(std::vector<CollectionNode> nodes) {
  std::unordered_map<std::string, const CollectionNode*> by_id;
  for (const CollectionNode& node : nodes) by_id.emplace(node.id, &node);
  // Parents as the tree will have them: unknown parents and cycles cut.
  for (const CollectionNode& node : nodes) {
    parent_of_[node.id] = by_id.contains(node.parent) && node.parent != node.id ? node.parent : "";
  }
  for (const CollectionNode& node : nodes) {
    // Walk up; a walk that comes back to `node` closes a cycle: cut it here.
    std::string at = parent_of_[node.id];
    for (int depth = 0; !at.empty(); ++depth) {
      if (at == node.id || depth > kMaxSetDepth) {
        parent_of_[node.id] = "";
        break;
      }
      at = parent_of_[at];
    }
  }
  std::map<std::string, std::vector<const CollectionNode*>> children;
  for (const CollectionNode& node : nodes) children[parent_of_[node.id]].push_back(&node);
  for (auto& [parent, list] : children) {
    std::sort(list.begin(), list.end(), [](const CollectionNode* a, const CollectionNode* b) {
      return a->position != b->position ? a->position < b->position : a->id < b->id;
    });
  }
  // Depth first from the top, so outer sets come before their parts.
  struct Pending {
    const CollectionNode* node;
    std::string parent_spec;
    int depth;
  };
  std::vector<Pending> stack;
  auto push_children = [&](const std::string& parent, const std::string& parent_spec, int depth) {
    auto it = children.find(parent);
    if (it == children.end() || depth > kMaxSetDepth) return;
    for (auto child = it->second.rbegin(); child != it->second.rend(); ++child) {
      stack.push_back({*child, parent_spec, depth});
    }
  };
  push_children("", "", 0);
  while (!stack.empty()) {
    Pending pending = std::move(stack.back());
    stack.pop_back();
    const CollectionNode& node = *pending.node;
    const std::string& parent = parent_of_[node.id];
    std::string prefix = pending.parent_spec.empty() ? std::string() : pending.parent_spec + ":";
    std::string spec = prefix + set_spec_piece(node.id, parent);
    if (collection_by_spec_.contains(spec)) spec = prefix + set_spec_piece(node.id, "");
    // "~~" is never written by the escaping, so these cannot meet another spec.
    for (int n = 1; collection_by_spec_.contains(spec); ++n) spec = prefix + set_spec_piece(node.id, "") + "~~" + std::to_string(n);
    collection_by_spec_.emplace(spec, node.id);
    by_collection_.emplace(node.id, sets_.size());
    sets_.push_back({spec, node.title.empty() ? node.id : node.title, node.id});
    push_children(node.id, spec, pending.depth + 1);
  }
}

std::optional<std::string> SetTree::collection_of(std::string_view spec) const {
  auto it = collection_by_spec_.find(std::string(spec));
  if (it == collection_by_spec_.end()) return std::nullopt;
  return it->second;
}

std::vector<const SetTree::Set*> SetTree::sets_around(std::string_view collection) const {
  std::vector<const Set*> specs;
  std::string at(collection);
  for (int depth = 0; !at.empty() && depth <= kMaxSetDepth; ++depth) {
    auto set = by_collection_.find(at);
    if (set == by_collection_.end()) break;
    specs.push_back(&sets_[set->second]);
    at = parent_of_.at(at);
  }
  std::reverse(specs.begin(), specs.end());
  return specs;
}

bool SetTree::within(std::string_view collection, std::string_view set_collection) const {
  std::string at(collection);
  for (int depth = 0; !at.empty() && depth <= kMaxSetDepth; ++depth) {
    if (at == set_collection) return true;
    auto parent = parent_of_.find(at);
    if (parent == parent_of_.end()) return false;
    at = parent->second;
  }
  return false;
}

void append_xml_text(std::string& out, std::string_view text) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default:
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code = 0;
    std::uint32_t least = 0;
    if ((c & 0xE0) == 0xC0) {
      length = 2, code = c & 0x1F, least = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3, code = c & 0x0F, least = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4, code = c & 0x07, least = 0x10000;
    }
    bool valid = length != 0 && i + length <= n;
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) valid = false;
      code = (code << 6) | (next & 0x3F);
    }
    if (!valid || code < least || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (code != 0xFFFE && code != 0xFFFF) out.append(text.substr(i, length));
    i += length;
  }
}

std::string xml_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_xml_text(out, text);
  return out;
}

std::string response_document(std::string_view response_date, std::string_view base_url, const QueryParams& arguments,
                              bool with_arguments, std::string_view body) {
  std::string out;
  out.reserve(body.size() + 600);
  out +=
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/ "
      "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd\">\n";
  append_element(out, "responseDate", response_date);
  out += "<request";
  if (with_arguments) {
    // Only the protocol's argument names get here (parse_request refused others).
    for (const auto& [name, value] : arguments) {
      out += ' ';
      append_xml_text(out, name);
      out += "=\"";
      append_xml_text(out, value);
      out += '"';
    }
  }
  out += '>';
  append_xml_text(out, base_url);
  out += "</request>\n";
  out += body;
  out += "</OAI-PMH>\n";
  return out;
}

std::string error_element(const ProtocolError& error) {
  std::string out = "<error code=\"";
  append_xml_text(out, error.code);
  out += "\">";
  append_xml_text(out, error.message);
  out += "</error>\n";
  return out;
}

std::string oai_dc(const Record& record, std::string_view url, const std::vector<std::string>& collection_titles) {
  std::string out =
      "<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/oai_dc/ "
      "http://www.openarchives.org/OAI/2.0/oai_dc.xsd\">\n";
  append_element(out, "dc:title", record.title);
  std::set<std::string_view> creators;
  for (std::string_view creator : {std::string_view(record.author), std::string_view(record.sender)}) {
    if (!creator.empty() && creators.insert(creator).second) append_element(out, "dc:creator", creator);
  }
  for (const std::string& subject : record.subjects) append_element(out, "dc:subject", subject);
  for (const std::vector<NameRef>* names : {&record.people, &record.organisations}) {
    for (std::string_view name : distinct_names(*names)) append_element(out, "dc:subject", name);
  }
  append_element(out, "dc:description", record.summary);
  // A FRUS citation names the volume as its publisher; the volume is a relation.
  if (std::find(collection_titles.begin(), collection_titles.end(), record.citation.publisher) ==
      collection_titles.end()) {
    append_element(out, "dc:publisher", record.citation.publisher);
  }
  append_element(out, "dc:contributor", record.recipient);
  append_element(out, "dc:contributor", record.citation.translator);
  if (record.date.known()) {
    std::string date = record.date.from.iso();
    if (record.date.to.known() && record.date.to != record.date.from) date += "/" + record.date.to.iso();
    append_element(out, "dc:date", date);
  }
  append_element(out, "dc:type", "Text");
  append_element(out, "dc:type", record.record_type);
  append_element(out, "dc:format", "text/html");
  append_element(out, "dc:identifier", url);
  if (record.citation.url != url) append_element(out, "dc:identifier", record.citation.url);
  append_element(out, "dc:source", record.citation.as_written);
  for (const std::string& language : record.languages) append_element(out, "dc:language", language);
  for (const NameRef& place : record.places) append_element(out, "dc:coverage", place.name);
  for (const std::string& title : collection_titles) append_element(out, "dc:relation", title);
  append_element(out, "dc:rights", record.rights);
  out += "</oai_dc:dc>\n";
  return out;
}

}  // namespace chancery::web::oai
