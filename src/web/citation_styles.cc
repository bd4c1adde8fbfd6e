#include "web/citation_styles.h"

#include <array>
#include <vector>

#include <fmt/format.h>

#include "model/record_json.h"

namespace chancery::web {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {"January", "February", "March",     "April",
                                                      "May",     "June",     "July",      "August",
                                                      "September", "October", "November", "December"};
constexpr std::array<std::string_view, 12> kMlaMonths = {"Jan.", "Feb.", "Mar.",  "Apr.", "May",  "June",
                                                         "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."};
constexpr std::array<std::string_view, 12> kBibtexMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                            "jul", "aug", "sep", "oct", "nov", "dec"};

const Date& date_of(const Record& r) { return r.date.from; }

bool has_month(const Date& d) { return d.month >= 1 && d.month <= 12 && d.precision >= DatePrecision::kMonth; }
bool has_day(const Date& d) { return has_month(d) && d.day >= 1 && d.precision == DatePrecision::kDay; }

// "November 3, 1956", "November 1956", "1956"; the date as written when not parsed.
std::string us_date(const Record& r) {
  const Date& d = date_of(r);
  if (!d.known()) return r.date.as_written;
  if (has_day(d)) return fmt::format("{} {}, {}", kMonths[d.month - 1], d.day, d.year);
  if (has_month(d)) return fmt::format("{} {}", kMonths[d.month - 1], d.year);
  return std::to_string(d.year);
}

std::string publisher_of(const Record& r) { return r.citation.publisher; }

std::string archive_of(const Record& r) { return r.archive.empty() ? r.citation.archive : r.archive; }

// "TsKhSD, F. 3, Op. 12": holding archive and reference, whichever are known.
std::string location_of(const Record& r) {
  std::string archive = archive_of(r);
  const std::string& reference = r.citation.reference;
  if (archive.empty()) return reference;
  if (reference.empty()) return archive;
  return archive + ", " + reference;
}

std::string author_of(const Record& r) { return r.author; }

// Appends `part` to `out` after `separator` when `part` is not empty.
void append(std::string& out, std::string_view separator, std::string_view part) {
  if (part.empty()) return;
  if (!out.empty()) out += separator;
  out += part;
}

// Ends a sentence: adds '.' unless the text already ends with punctuation.
std::string sentence(std::string text) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (!text.empty() && text.back() != '.' && text.back() != '?' && text.back() != '!') text.push_back('.');
  return text;
}

std::string contributors(const Record& r) {
  std::string out;
  if (!r.citation.compiler.empty()) append(out, ", ", "compiled by " + r.citation.compiler);
  if (!r.citation.translator.empty()) append(out, ", ", "translated by " + r.citation.translator);
  return out;
}

std::string capitalise(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

// "A", "A and B", "A, B, and C".
std::string editor_list(const std::vector<std::string>& editors) {
  std::string out;
  for (std::size_t i = 0; i < editors.size(); ++i) {
    if (i > 0) out += editors.size() == 2 ? " and " : (i + 1 == editors.size() ? ", and " : ", ");
    out += editors[i];
  }
  return out;
}

std::string document_label(const Record& r) { return "document " + r.number; }

}  // namespace

bool is_edition_document(const Record& r) {
  return r.source_format == "tei" && !r.number.empty() && !r.citation.publisher.empty();
}

std::string cited_title(const Record& r) {
  if (!is_edition_document(r)) return r.title;
  const std::string printed = r.number + ". ";
  if (r.title.size() > printed.size() && r.title.starts_with(printed)) return r.title.substr(printed.size());
  return r.title;
}

std::string cite_chicago(const Record& r, std::string_view url, const CitedEdition& edition) {
  if (is_edition_document(r)) {
    // "Title," October 27, 1962, in Edition, ed. A and B, document 67. URL.
    std::string rest;
    append(rest, ", ", us_date(r));
    append(rest, ", ", "in " + r.citation.publisher);
    if (!edition.editors.empty()) append(rest, ", ", "ed. " + editor_list(edition.editors));
    append(rest, ", ", document_label(r));
    std::string out = sentence("\u201c" + cited_title(r) + ",\u201d " + rest);
    if (!url.empty()) out += " " + sentence(std::string(url));
    return out;
  }
  // "Title," November 3, 1956, TsKhSD, F. 3, ..., compiled by ..., translated by .... Publisher. URL.
  std::string rest;
  append(rest, ", ", us_date(r));
  append(rest, ", ", location_of(r));
  append(rest, ", ", contributors(r));
  std::string out = rest.empty() ? "\u201c" + sentence(r.title) + "\u201d"
                                 : sentence("\u201c" + r.title + ",\u201d " + rest);
  if (!publisher_of(r).empty()) out += " " + sentence(publisher_of(r));
  if (!url.empty()) out += " " + sentence(std::string(url));
  return out;
}

std::string cite_mla(const Record& r, std::string_view url, const CitedEdition& edition) {
  // Author. "Title." 3 Nov. 1956. TsKhSD, F. 3, .... Translated by X. Publisher, URL.
  std::string out;
  if (!author_of(r).empty()) out = sentence(author_of(r)) + " ";
  out += "\u201c" + sentence(cited_title(r)) + "\u201d";
  const Date& d = date_of(r);
  std::string date;
  if (has_day(d)) {
    date = fmt::format("{} {} {}", d.day, kMlaMonths[d.month - 1], d.year);
  } else if (has_month(d)) {
    date = fmt::format("{} {}", kMlaMonths[d.month - 1], d.year);
  } else if (d.known()) {
    date = std::to_string(d.year);
  } else {
    date = r.date.as_written;
  }
  if (is_edition_document(r)) {
    // "Title." Edition, edited by A and B, 27 Oct. 1962, document 67, URL.
    std::string container = r.citation.publisher;
    if (!edition.editors.empty()) append(container, ", ", "edited by " + editor_list(edition.editors));
    append(container, ", ", date);
    append(container, ", ", document_label(r));
    append(container, ", ", url);
    return out + " " + sentence(container);
  }
  if (!date.empty()) out += " " + sentence(date);
  if (!location_of(r).empty()) out += " " + sentence(location_of(r));
  if (!r.citation.translator.empty()) out += " " + sentence("Translated by " + r.citation.translator);
  std::string tail;
  append(tail, ", ", publisher_of(r));
  append(tail, ", ", url);
  if (!tail.empty()) out += " " + sentence(tail);
  return out;
}

std::string cite_apa(const Record& r, std::string_view url, const CitedEdition& edition) {
  // Author. (1956, November 3). Title [Record type]. Archive (reference). Publisher. URL
  const Date& d = date_of(r);
  std::string date = "n.d.";
  if (has_day(d)) {
    date = fmt::format("{}, {} {}", d.year, kMonths[d.month - 1], d.day);
  } else if (has_month(d)) {
    date = fmt::format("{}, {}", d.year, kMonths[d.month - 1]);
  } else if (d.known()) {
    date = std::to_string(d.year);
  }
  std::string title = cited_title(r);
  title += " [" + (r.record_type.empty() ? std::string("Archival record") : capitalise(r.record_type)) + "]";
  std::string out;
  if (!author_of(r).empty()) {
    out = sentence(author_of(r)) + " (" + date + "). " + sentence(title);
  } else {
    out = sentence(title) + " (" + date + ").";
  }
  if (is_edition_document(r)) {
    // Title [Telegram]. (1962, October 27). In A & B (Eds.), Edition (Document 67). URL
    std::string in = "In ";
    if (!edition.editors.empty()) {
      std::string names;
      for (std::size_t i = 0; i < edition.editors.size(); ++i) {
        if (i > 0) names += i + 1 == edition.editors.size() ? (edition.editors.size() == 2 ? " & " : ", & ") : ", ";
        names += edition.editors[i];
      }
      in += names + (edition.editors.size() == 1 ? " (Ed.), " : " (Eds.), ");
    }
    in += r.citation.publisher + " (Document " + r.number + ")";
    out += " " + sentence(in);
    if (!url.empty()) out += " " + std::string(url);
    return out;
  }
  std::string archive = archive_of(r);
  if (!archive.empty()) {
    std::string holding = archive;
    if (!r.citation.reference.empty()) holding += " (" + r.citation.reference + ")";
    out += " " + sentence(holding);
  }
  if (!publisher_of(r).empty()) out += " " + sentence(publisher_of(r));
  if (!url.empty()) out += " " + std::string(url);
  return out;
}

std::string bibtex_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\textbackslash{}"; break;
      case '{': out += "\\{"; break;
      case '}': out += "\\}"; break;
      case '%': out += "\\%"; break;
      case '&': out += "\\&"; break;
      case '$': out += "\\$"; break;
      case '#': out += "\\#"; break;
      case '_': out += "\\_"; break;
      case '^': out += "\\^{}"; break;
      case '~': out += "\\~{}"; break;
      case '\n': case '\r': case '\t': out += ' '; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string bibtex_key(std::string_view id) {
  std::string key = "chancery:";
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == ':' || c == '.' || c == '/';
    key.push_back(ok ? c : '_');
  }
  return key;
}

std::string cite_bibtex(const Record& r, std::string_view url, const CitedEdition& edition) {
  std::vector<std::pair<std::string, std::string>> fields;
  const bool in_edition = is_edition_document(r);
  // Double braces keep the title's capitalisation.
  fields.emplace_back("title", "{" + bibtex_escape(cited_title(r)) + "}");
  if (!author_of(r).empty()) fields.emplace_back("author", "{" + bibtex_escape(author_of(r)) + "}");
  const Date& d = date_of(r);
  if (d.known()) {
    fields.emplace_back("date", d.iso());
    fields.emplace_back("year", std::to_string(d.year));
  }
  std::string note;
  if (in_edition) {
    // Braces keep a volume title's capitals; editors joined as BibTeX lists names.
    fields.emplace_back("booktitle", "{" + bibtex_escape(r.citation.publisher) + "}");
    std::string editors;
    for (const std::string& name : edition.editors) append(editors, " and ", bibtex_escape(name));
    if (!editors.empty()) fields.emplace_back("editor", editors);
    note = "Document " + r.number;
  } else {
    if (!publisher_of(r).empty()) fields.emplace_back("howpublished", bibtex_escape(publisher_of(r)));
    append(note, ", ", location_of(r));
  }
  append(note, ", ", contributors(r));
  if (!note.empty()) fields.emplace_back("note", bibtex_escape(capitalise(note)));
  if (!r.languages.empty()) fields.emplace_back("language", bibtex_escape(r.languages.front()));
  if (!url.empty()) fields.emplace_back("url", bibtex_escape(url));

  std::string out = (in_edition ? "@incollection{" : "@misc{") + bibtex_key(r.id) + ",\n";
  for (const auto& [name, value] : fields) out += "  " + name + " = {" + value + "},\n";
  if (has_month(d)) out += "  month = " + std::string(kBibtexMonths[d.month - 1]) + ",\n";
  out += "}\n";
  return out;
}

std::string ris_value(std::string_view text) {
  std::string out;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    else if (u < 0x20 || u == 0x7f) continue;
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string cite_ris(const Record& r, std::string_view url, const CitedEdition& edition) {
  std::string out;
  auto line = [&out](std::string_view tag, std::string_view value) {
    std::string v = ris_value(value);
    if (v.empty()) return;
    out += fmt::format("{}  - {}\r\n", tag, v);
  };
  const bool in_edition = is_edition_document(r);
  out += in_edition ? "TY  - CHAP\r\n" : "TY  - GEN\r\n";
  line("TI", cited_title(r));
  if (in_edition) {
    line("T2", r.citation.publisher);
    for (const std::string& name : edition.editors) line("A2", name);
    line("SE", "Document " + r.number);
  }
  line("AU", author_of(r));
  line("A4", r.citation.translator);  // translator (subsidiary author)
  const Date& d = date_of(r);
  if (d.known()) {
    line("PY", std::to_string(d.year));
    std::string da = std::to_string(d.year) + "/";
    if (has_month(d)) da += fmt::format("{:02}", d.month);
    da += "/";
    if (has_day(d)) da += fmt::format("{:02}", d.day);
    da += "/";
    line("DA", da);
  }
  if (!in_edition) {
    line("PB", publisher_of(r));
    line("AV", location_of(r));
  }
  line("M3", r.record_type);
  for (const auto& language : r.languages) line("LA", language);
  for (const auto& subject : r.subjects) line("KW", subject);
  line("AB", r.summary);
  line("UR", url);
  line("ID", r.id);
  out += "ER  - \r\n";
  return out;
}

nlohmann::json cite_csl_json(const Record& r, std::string_view url, const CitedEdition& edition) {
  const bool in_edition = is_edition_document(r);
  nlohmann::json item = {{"id", r.id}, {"type", in_edition ? "chapter" : "manuscript"}, {"title", cited_title(r)}};
  if (in_edition) {
    item["container-title"] = r.citation.publisher;
    item["number"] = r.number;
    if (!edition.editors.empty()) {
      nlohmann::json editors = nlohmann::json::array();
      for (const std::string& name : edition.editors) editors.push_back({{"literal", name}});
      item["editor"] = std::move(editors);
    }
  }
  const Date& d = date_of(r);
  if (d.known()) {
    nlohmann::json parts = nlohmann::json::array({d.year});
    if (has_month(d)) parts.push_back(d.month);
    if (has_day(d)) parts.push_back(d.day);
    item["issued"] = {{"date-parts", nlohmann::json::array({parts})}};
  } else if (!r.date.as_written.empty()) {
    item["issued"] = {{"literal", r.date.as_written}};
  }
  if (!author_of(r).empty()) item["author"] = nlohmann::json::array({{{"literal", author_of(r)}}});
  if (!r.citation.translator.empty()) {
    item["translator"] = nlohmann::json::array({{{"literal", r.citation.translator}}});
  }
  if (!r.citation.compiler.empty()) {
    item["compiler"] = nlohmann::json::array({{{"literal", r.citation.compiler}}});
  }
  if (!in_edition) {
    if (!publisher_of(r).empty()) item["publisher"] = publisher_of(r);
    if (!archive_of(r).empty()) item["archive"] = archive_of(r);
    if (!r.citation.reference.empty()) item["archive_location"] = r.citation.reference;
  }
  if (!r.record_type.empty()) item["genre"] = r.record_type;
  if (!r.summary.empty()) item["abstract"] = r.summary;
  if (!r.languages.empty()) item["language"] = r.languages.front();
  if (!url.empty()) item["URL"] = std::string(url);
  return item;
}

std::string cite_csl_json_text(const Record& r, std::string_view url, const CitedEdition& edition) {
  // Keys in the byte order nlohmann's objects keep them in, indented as its
  // dump(2) indents: building the object and dumping it was 5% of a cold
  // document page's instructions. The unit test keeps cite_csl_json's dump
  // as the specification.
  std::string out;
  out.reserve(320 + r.id.size() + r.title.size() + r.summary.size() + url.size());
  out += "[\n  {";
  bool first = true;
  auto key = [&](std::string_view name) {
    out += first ? "\n    \"" : ",\n    \"";
    first = false;
    out += name;
    out += "\": ";
  };
  auto string = [&](std::string_view name, std::string_view value) {
    key(name);
    append_json_string(out, value);
  };
  auto literal = [&](std::string_view name, std::string_view value) {   // [{"literal": value}]
    key(name);
    out += "[\n      {\n        \"literal\": ";
    append_json_string(out, value);
    out += "\n      }\n    ]";
  };
  const bool in_edition = is_edition_document(r);
  if (!url.empty()) string("URL", url);
  if (!r.summary.empty()) string("abstract", r.summary);
  if (!in_edition) {
    if (const std::string archive = archive_of(r); !archive.empty()) string("archive", archive);
    if (!r.citation.reference.empty()) string("archive_location", r.citation.reference);
  }
  if (const std::string author = author_of(r); !author.empty()) literal("author", author);
  if (!r.citation.compiler.empty()) literal("compiler", r.citation.compiler);
  if (in_edition) {
    string("container-title", r.citation.publisher);
    if (!edition.editors.empty()) {
      key("editor");
      out += "[";
      for (std::size_t i = 0; i < edition.editors.size(); ++i) {
        out += i == 0 ? "\n      {\n        \"literal\": " : ",\n      {\n        \"literal\": ";
        append_json_string(out, edition.editors[i]);
        out += "\n      }";
      }
      out += "\n    ]";
    }
  }
  if (!r.record_type.empty()) string("genre", r.record_type);
  string("id", r.id);
  const Date& d = date_of(r);
  if (d.known()) {
    key("issued");
    out += "{\n      \"date-parts\": [\n        [\n          ";
    out += std::to_string(d.year);
    if (has_month(d)) out += ",\n          " + std::to_string(d.month);
    if (has_day(d)) out += ",\n          " + std::to_string(d.day);
    out += "\n        ]\n      ]\n    }";
  } else if (!r.date.as_written.empty()) {
    key("issued");
    out += "{\n      \"literal\": ";
    append_json_string(out, r.date.as_written);
    out += "\n    }";
  }
  if (!r.languages.empty()) string("language", r.languages.front());
  if (in_edition) {
    string("number", r.number);
  } else if (const std::string publisher = publisher_of(r); !publisher.empty()) {
    string("publisher", publisher);
  }
  string("title", cited_title(r));
  if (!r.citation.translator.empty()) literal("translator", r.citation.translator);
  string("type", in_edition ? "chapter" : "manuscript");
  out += "\n  }\n]";
  return out;
}

}  // namespace chancery::web
