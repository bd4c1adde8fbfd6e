#include "archive/names_service.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "archive/archive_impl.h"
#include "archive/names_builder.h"
#include "formats/place_name.h"
#include "model/date.h"
#include "model/record_json.h"
#include "names/name_key.h"
#include "names/person_name.h"
#include "names/pocom.h"
#include "util/word_tokenizer.h"

namespace chancery {
namespace {

// Whether a text's spelling of person `a` is a name of theirs to keep as a
// variant: text_spelling_fits(), and a family name that is no common word of
// the archive's text (the snapshot's lexicon: "Security Zones", "S. With").
bool is_text_name(const Authority& a, std::string_view text, const NameSnapshot& snapshot) {
  if (!text_spelling_fits(a, text)) return false;
  const std::vector<Word> words = split_words(text);
  if (words.empty()) return false;
  const std::string family = names::fold_letters(text.substr(words.back().begin, words.back().end - words.back().begin));
  return snapshot.common_words_among({family}).empty();
}

// Lowercase words in at least this many records are common words for the
// mention finder ("may", "white" in lowercase somewhere else in the corpus).
constexpr std::size_t kCommonWordRecords = 3;
// Spellings seen in text recorded per authority and run, at most.
constexpr std::size_t kTextVariantsPerAuthority = 12;

struct Writer {
  Store& store;
  std::string source;

  Result<void> put(const Authority& a) {
    EntityMeta meta;
    meta.title = a.merged_into.empty() ? a.name : a.id;
    auto written = store.put(EntityKind::kAuthority, a.id, to_json(a).dump(), meta, source);
    if (!written) return std::unexpected(written.error());
    return {};
  }
};

// Writes every changed authority and bumps the names generation, in one transaction.
Result<std::size_t> write_changes(Store& store, const std::vector<const Authority*>& changed, std::string source,
                                  const std::vector<std::pair<std::string, std::string>>& meta = {}) {
  if (auto r = store.begin(); !r) return std::unexpected(r.error());
  Writer writer{store, std::move(source)};
  auto body = [&]() -> Result<void> {
    for (const Authority* a : changed) {
      if (auto r = writer.put(*a); !r) return r;
    }
    for (const auto& [key, value] : meta) {
      if (auto r = store.set_meta(key, value); !r) return r;
    }
    return bump_names_generation(store);
  };
  if (auto r = body(); !r) {
    (void)store.rollback();
    return std::unexpected(r.error());
  }
  if (auto r = store.commit(); !r) {
    (void)store.rollback();
    return std::unexpected(r.error());
  }
  return changed.size();
}

int year_of(const Date& d) { return d.known() ? d.year : 0; }

// The number of forename letters: fuller listings seed authorities first.
std::size_t forename_letters(const std::string& name) {
  std::size_t n = 0;
  for (const std::string& f : names::parse_person_name(name).forenames) n += f.size();
  return n;
}

// True when a name in a people field reads as an organisation's: one of its
// words names a body ("Communist Party of the Soviet Union", "Ministry of
// Foreign Affairs", "Central Committee").
bool looks_like_organisation(std::string_view name) {
  static const std::unordered_set<std::string> kWords = {
      "agency",     "army",       "assembly",   "association", "bank",       "bureau",     "cabinet",
      "command",    "commission", "committee",  "company",     "congress",   "corporation", "council",
      "court",      "department", "directorate", "embassy",    "federation", "front",      "government",
      "institute",  "league",     "legation",   "ministry",    "navy",       "office",     "organisation",
      "organization", "parliament", "party",    "politburo",   "presidium",  "secretariat", "senate",
      "university"};
  for (const Word& word : split_words(name)) {
    std::string folded = names::fold_ascii(name.substr(word.begin, word.end - word.begin));
    if (kWords.contains(folded)) return true;
  }
  return false;
}

// A source entry for an organisation or place named by a record's field.
// "Budapest (Hungary)" is also recorded as "Budapest", the way texts write it.
SourceEntry named_entry(std::string kind, const std::string& name, std::string source) {
  SourceEntry e;
  e.kind = std::move(kind);
  e.name = name;
  e.source = std::move(source);
  std::size_t open = name.find(" (");
  if (open != std::string::npos && open > 0 && name.ends_with(')')) e.variants.push_back(name.substr(0, open));
  return e;
}

}  // namespace

std::vector<FootnoteVariant> footnote_variants(std::string_view note) {
  std::vector<FootnoteVariant> out;
  if (note.find("render") == std::string_view::npos && note.find("misspel") == std::string_view::npos) return out;
  static const std::regex correction(
      R"((?:render(?:s|ed)?|misspell(?:s|ed)?)\s+(?:the\s+(?:sur)?name\s+(?:of\s+)?)?([A-Z][A-Za-z'\-]+?)(?:'s\s+(?:sur)?name)?\s+as\s+["“]?([A-Z][A-Za-z'\-]+))"
      R"(|([A-Z][A-Za-z'\-]+)\s+(?:is|was)\s+misspelled\s+(?:as\s+)?["“]?([A-Z][A-Za-z'\-]+))");
  const std::string text(note);
  for (std::sregex_iterator it(text.begin(), text.end(), correction), end; it != end; ++it) {
    const std::smatch& m = *it;
    FootnoteVariant found;
    std::string surname = m[1].matched ? m[1].str() : m[3].str();
    found.variant = m[1].matched ? m[2].str() : m[4].str();
    if (surname == found.variant) continue;
    // The fullest naming of the person in the note: capitalised words before the surname.
    static const std::regex full_name(R"(((?:[A-Z][a-z]+\.?\s+){1,3}))");
    found.name = surname;
    std::size_t at = text.find(surname);
    while (at != std::string::npos) {
      std::size_t start = at;
      std::size_t words = 0;
      while (start > 0 && words < 3) {
        std::size_t end = start;
        if (end == 0 || text[end - 1] != ' ') break;
        std::size_t begin = text.rfind(' ', end - 2);
        begin = begin == std::string::npos ? 0 : begin + 1;
        std::string_view word(text.data() + begin, end - 1 - begin);
        if (word.empty() || word[0] < 'A' || word[0] > 'Z' || names::is_name_title(word) || word == "The") break;
        start = begin;
        ++words;
      }
      if (words > 0) {
        found.name = text.substr(start, at + surname.size() - start);
        std::size_t after = at + surname.size();
        if (after + 2 < text.size() && text.compare(after, 2, " (") == 0) {
          std::size_t close = text.find(')', after + 2);
          if (close != std::string::npos) found.identification = text.substr(after + 2, close - after - 2);
        }
        break;
      }
      at = text.find(surname, at + 1);
    }
    out.push_back(std::move(found));
  }
  return out;
}

Result<NameLinkReport> NameService::link(const std::function<void(std::size_t, std::size_t)>& progress) {
  const auto started = std::chrono::steady_clock::now();
  Store& store = archive_.store();
  NameLinkReport report;

  auto existing = load_authorities(store);
  if (!existing) return std::unexpected(existing.error());
  // Spellings an earlier link took from text that are no name of their
  // person go (text_spelling_fits: "GOAL WITH", "Ecuador, Brazil",
  // "Vorontsov's July"): they made every "Brazil" a mention of Brazeal.
  const std::shared_ptr<const NameSnapshot> last_snapshot = directory_.snapshot();
  auto no_name = [&last_snapshot](const Authority& a, const AuthorityVariant& v) {
    return v.source.starts_with("text:") && !is_text_name(a, v.name, *last_snapshot);
  };
  std::vector<std::string> mended;
  for (const Authority& a : *existing) {
    if (std::any_of(a.variants.begin(), a.variants.end(), [&](const AuthorityVariant& v) { return no_name(a, v); })) {
      mended.push_back(a.id);
    }
  }
  AuthorityBuilder builder(std::move(*existing));
  for (const std::string& id : mended) {
    Authority* a = builder.find(id);
    if (a == nullptr) continue;
    const Authority before = *a;
    std::erase_if(a->variants, [&](const AuthorityVariant& v) { return no_name(before, v); });
  }

  // Persons lists, with the years their volume covers.
  std::unordered_map<std::string, std::pair<int, int>> coverage;
  Result<void> failure;
  auto walked = store.for_each(EntityKind::kCollection, [&](const Revision& revision) {
    if (!revision.meta.parent.empty()) return true;
    auto collection = collection_from_revision(revision);
    if (!collection) {
      failure = std::unexpected(collection.error());
      return false;
    }
    // The years its title gives ("1955–1957"), else those of its documents'
    // dates: a volume holding one later paper (frus1955-57v04 has one of
    // 1976) speaks of its title's years, and a person born in 1956 is none
    // of its persons list.
    const std::optional<DateSpan> titled = parse_date(collection->coverage.as_written);
    if (titled && titled->from.known() && !titled->approximate) {
      const Date& to = titled->to.known() ? titled->to : titled->from;
      coverage[collection->id] = {titled->from.year, to.year};
    } else {
      coverage[collection->id] = {year_of(collection->coverage.from), year_of(collection->coverage.to)};
    }
    return true;
  });
  if (!walked) return std::unexpected(walked.error());
  if (!failure) return std::unexpected(failure.error());
  std::vector<SourceEntry> entries;
  walked = store.for_each(EntityKind::kPerson, [&](const Revision& revision) {
    auto person = person_from_json_text(revision.json);
    if (!person || person->name.empty()) return true;
    SourceEntry e;
    e.external_id = person->id;
    e.name = person->name;
    e.variants = person->variants;
    e.same_as = person->same_as;
    e.source = person->source.empty() ? revision.meta.parent : person->source;
    e.identification = person->description;
    if (auto it = coverage.find(e.source); it != coverage.end()) {
      e.from_year = it->second.first;
      e.to_year = it->second.second;
    }
    if (!person->description.empty()) {
      e.roles.push_back({person->description, e.from_year ? std::to_string(e.from_year) : "",
                         e.to_year ? std::to_string(e.to_year) : "", e.source});
    }
    e.authoritative = e.source == "pocom";
    entries.push_back(std::move(e));
    return true;
  });
  if (!walked) return std::unexpected(walked.error());

  // People fields and spelling footnotes of records; a lexicon of common words.
  std::unordered_map<std::string, std::size_t> lowercase_records;
  walked = store.for_each(EntityKind::kRecord, [&](const Revision& revision) {
    auto record = record_from_revision(revision);
    if (!record) {
      failure = std::unexpected(record.error());
      return false;
    }
    for (const NameRef& ref : record->places) {
      if (!ref.name.empty() && !is_withheld_place(ref.name)) {
        entries.push_back(named_entry("place", ref.name, "import:" + record->id));
      }
    }
    for (const NameRef& ref : record->organisations) {
      if (!ref.name.empty()) entries.push_back(named_entry("organisation", ref.name, "import:" + record->id));
    }
    for (const NameRef& ref : record->people) {
      if (!ref.id.empty() || ref.name.empty()) continue;
      if (looks_like_organisation(ref.name)) {
        entries.push_back(named_entry("organisation", ref.name, "import:" + record->id));
        continue;
      }
      SourceEntry e;
      e.name = ref.name;
      e.source = "import:" + record->id;
      e.only_if_new = true;
      entries.push_back(std::move(e));
    }
    std::string text = record->title;
    for (const Block& block : record->body) (text += '\n') += block.text;
    for (const Note& note : record->notes) {
      (text += '\n') += note.text;
      for (FootnoteVariant& fv : footnote_variants(note.text)) {
        SourceEntry e;
        names::PersonName parsed = names::parse_person_name(fv.name);
        e.name = parsed.display();
        e.variants.push_back(fv.variant);
        e.source = "footnote:" + record->id + "#" + (note.id.empty() ? "fn" + note.number : note.id);
        e.identification = fv.identification;
        entries.push_back(std::move(e));
      }
    }
    for (const std::string& word : names::common_lowercase_words(text, 1)) ++lowercase_records[word];
    return true;
  });
  if (!walked) return std::unexpected(walked.error());
  if (!failure) return std::unexpected(failure.error());

  std::stable_sort(entries.begin(), entries.end(), [](const SourceEntry& a, const SourceEntry& b) {
    if (a.authoritative != b.authoritative) return a.authoritative;
    // Another name of a list's entry after the entry, which it joins.
    if (a.same_as.empty() != b.same_as.empty()) return a.same_as.empty();
    return forename_letters(a.name) > forename_letters(b.name);
  });
  for (const SourceEntry& e : entries) builder.add(e);
  std::vector<std::string> common;
  for (const auto& [word, n] : lowercase_records) {
    if (n >= kCommonWordRecords) common.push_back(word);
  }
  std::sort(common.begin(), common.end());
  std::string lexicon;
  for (const std::string& word : common) (lexicon += word) += ' ';
  report.created = builder.created();
  auto changed = builder.changed();
  report.updated = changed.size() - std::min(changed.size(), report.created);
  auto written = write_changes(store, changed, "names:link", {{std::string(kNamesLexiconKey), lexicon}});
  if (!written) return std::unexpected(written.error());

  // One pass over the archive: find mentions, reindex.
  auto snapshot = directory_.snapshot();
  report.authorities = snapshot->authorities().size();
  auto stats = store.stats();
  if (!stats) return std::unexpected(stats.error());
  const auto total = static_cast<std::size_t>(stats->records);
  std::map<std::string, std::map<std::string, std::string>> seen_spellings;  // id -> folded? -> text, record
  SearchIndex& index = archive_.index();
  walked = store.for_each(EntityKind::kRecord, [&](const Revision& revision) {
    auto record = record_from_revision(revision);
    if (!record) {
      failure = std::unexpected(record.error());
      return false;
    }
    for (const RecordMention& m : snapshot->mentions(*record)) {
      ++report.mentions;
      if (m.certain) ++report.certain;
      else ++report.ambiguous;
      if (m.certain && !m.exact && m.field != "people" && split_words(m.text).size() >= 2) {
        // Only a name as text writes one (is_text_name).
        const Authority* a = snapshot->resolve(m.ids.front());
        if (a != nullptr && is_text_name(*a, m.text, *snapshot)) {
          seen_spellings[m.ids.front()].emplace(m.text, record->id);
        }
      }
    }
    report.text_bytes += record->title.size() + record->summary.size();
    for (const Block& b : record->body) report.text_bytes += b.text.size();
    for (const Note& n : record->notes) report.text_bytes += n.text.size();
    if (auto r = archive_.index_record(*record); !r) {
      failure = r;
      return false;
    }
    ++report.records;
    if (progress) progress(report.records, total);
    return true;
  });
  if (!walked) return std::unexpected(walked.error());
  if (!failure) return std::unexpected(failure.error());

  // Spellings seen in linked mentions ("A. A. Epishev") become variants.
  auto reloaded = load_authorities(store);
  if (!reloaded) return std::unexpected(reloaded.error());
  AuthorityBuilder seen(std::move(*reloaded));
  for (const auto& [id, spellings] : seen_spellings) {
    Authority* a = seen.find(id);
    if (a == nullptr) continue;
    std::size_t added = 0;
    for (const auto& [text, record_id] : spellings) {
      if (added >= kTextVariantsPerAuthority) break;
      if (a->add_variant(text, "text:" + record_id)) ++added;
    }
  }
  if (auto r = write_changes(store, seen.changed(), "names:link"); !r) return std::unexpected(r.error());
  auto last = store.last_seq();
  if (!last) return std::unexpected(last.error());
  if (auto r = index.commit(*last); !r) return std::unexpected(r.error());
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

Result<std::size_t> NameService::import_pocom(const std::filesystem::path& dir) {
  auto people = names::read_pocom_people(dir);
  if (!people) return std::unexpected(people.error());
  auto existing = load_authorities(archive_.store());
  if (!existing) return std::unexpected(existing.error());
  AuthorityBuilder builder(std::move(*existing));
  for (const names::PocomPerson& p : *people) {
    SourceEntry e;
    e.external_id = p.person.id;
    e.name = p.person.name;
    e.variants = p.person.variants;
    e.source = "pocom";
    e.identification = p.person.description;
    e.birth_year = p.birth_year;
    e.death_year = p.death_year;
    e.authoritative = true;
    for (const names::MissionRole& role : p.roles) {
      if (role.nominee_only) continue;
      const Date& from = role.started.known() ? role.started : role.appointed;
      std::string title = names::pocom_role_title(role.role);
      if (!role.territory.empty()) title += " (" + names::pocom_territory(role) + ")";
      e.roles.push_back({title, from.iso(), role.ended.iso(), "pocom"});
    }
    builder.add(e);
  }
  auto written = write_changes(archive_.store(), builder.changed(), "names:pocom");
  if (!written) return std::unexpected(written.error());
  return people->size();
}

Result<Authority> NameService::find_one(const std::string& id_or_name) {
  auto snapshot = directory_.snapshot();
  if (const Authority* a = snapshot->resolve(id_or_name)) return *a;
  std::vector<const Authority*> found = snapshot->find(id_or_name);
  for (const Authority* a : snapshot->find_named(id_or_name)) found.insert(found.begin(), a);
  if (found.empty()) return fail(ErrorCode::kNotFound, "no authority record for " + id_or_name);
  if (found.size() > 1 && !found[0]->has_spelling(id_or_name)) {
    std::string list;
    for (std::size_t i = 0; i < found.size() && i < 8; ++i) list += "\n  " + found[i]->id + "  " + found[i]->name;
    return fail(ErrorCode::kConflict, "\"" + id_or_name + "\" fits several authorities; give an id:" + list);
  }
  return *found.front();
}

Result<std::vector<Revision>> NameService::history(const std::string& id_or_name) {
  auto a = find_one(id_or_name);
  if (!a) return std::unexpected(a.error());
  return archive_.store().history(EntityKind::kAuthority, a->id);
}

std::vector<Authority> NameService::search(const std::string& name, std::size_t limit) {
  auto snapshot = directory_.snapshot();
  std::vector<Authority> out;
  if (const Authority* a = snapshot->resolve(name)) out.push_back(*a);
  std::vector<const Authority*> found = snapshot->find_named(name);
  for (const Authority* a : snapshot->find(name)) found.push_back(a);
  for (const Authority* a : found) {
    if (out.size() >= limit) break;
    if (out.empty() || out.front().id != a->id) out.push_back(*a);
  }
  return out;
}

Result<std::vector<std::string>> NameService::linked_records(const std::vector<std::string>& authority_ids) {
  constexpr int kPage = 1000;
  std::set<std::string> found;
  for (const std::string& id : authority_ids) {
    SearchRequest request;
    request.query = "person:\"" + id + "\"";
    request.limit = kPage;
    request.want_facets = false;
    request.want_snippets = false;
    while (true) {
      auto results = archive_.index().search(request);
      if (!results) return std::unexpected(results.error());
      for (const Hit& hit : results->hits) found.insert(hit.id);
      request.offset += kPage;
      if (results->hits.size() < static_cast<std::size_t>(kPage) || request.offset >= results->total) break;
    }
  }
  return std::vector<std::string>(found.begin(), found.end());
}

Result<std::size_t> NameService::reindex(const std::vector<std::string>& record_ids) {
  if (record_ids.empty()) return 0;
  SearchIndex& index = archive_.index();
  for (const std::string& id : record_ids) {
    auto record = archive_.record(id);
    if (!record) {
      if (record.error().code == ErrorCode::kNotFound) continue;  // deleted since it was indexed
      return std::unexpected(record.error());
    }
    if (auto r = archive_.index_record(*record); !r) return std::unexpected(r.error());
  }
  auto last_seq = archive_.store().last_seq();   // not stats(), which counts every entity
  if (!last_seq) return std::unexpected(last_seq.error());
  if (auto r = index.commit(*last_seq); !r) return std::unexpected(r.error());
  return record_ids.size();
}

Result<Authority> NameService::add_variant(const std::string& id_or_name, const std::string& variant,
                                           const std::string& source, std::size_t* reindexed) {
  if (variant.empty()) return fail(ErrorCode::kInvalidInput, "the variant is empty");
  auto target = find_one(id_or_name);
  if (!target) return target;
  auto linked = linked_records({target->id});
  if (!linked) return std::unexpected(linked.error());
  auto all = load_authorities(archive_.store());
  if (!all) return std::unexpected(all.error());
  AuthorityBuilder builder(std::move(*all));
  Authority* a = builder.find(target->id);
  if (a == nullptr) return fail(ErrorCode::kNotFound, "no authority record " + target->id);
  if (!a->add_variant(variant, source)) {
    return fail(ErrorCode::kConflict, a->id + " already records the spelling \"" + variant + "\"");
  }
  Authority result = *a;
  if (auto r = write_changes(archive_.store(), builder.changed(), source); !r) return std::unexpected(r.error());
  auto n = reindex(*linked);
  if (!n) return std::unexpected(n.error());
  if (reindexed != nullptr) *reindexed = *n;
  return result;
}

Result<Authority> NameService::merge(const std::string& into, const std::string& from, std::size_t* reindexed) {
  auto all = load_authorities(archive_.store());
  if (!all) return std::unexpected(all.error());
  AuthorityBuilder builder(std::move(*all));
  Authority* a = builder.find(into);
  Authority* b = builder.find(from);
  if (a == nullptr) return fail(ErrorCode::kNotFound, "no authority record " + into);
  if (b == nullptr) return fail(ErrorCode::kNotFound, "no authority record " + from);
  if (a->id == b->id) return fail(ErrorCode::kConflict, from + " is already " + a->id);
  if (a->kind != b->kind) {
    return fail(ErrorCode::kConflict, "cannot merge the " + b->kind + " " + b->id + " into the " + a->kind + " " + a->id);
  }
  auto linked = linked_records({a->id, b->id});
  if (!linked) return std::unexpected(linked.error());
  a->absorbed.push_back(to_json(*b));
  for (const std::string& spelling : b->spellings()) {
    std::string source = "merged";
    for (const AuthorityVariant& v : b->variants) {
      if (v.name == spelling) source = v.source;
    }
    a->add_variant(spelling, source, b->id);
  }
  for (const std::string& external : b->external_ids) a->add_external_id(external);
  for (const AuthorityRole& role : b->roles) {
    if (std::find(a->roles.begin(), a->roles.end(), role) == a->roles.end()) a->roles.push_back(role);
  }
  if (a->birth_year == 0) a->birth_year = b->birth_year;
  if (a->death_year == 0) a->death_year = b->death_year;
  if (a->identification.empty()) a->identification = b->identification;
  Authority redirect;
  redirect.id = b->id;
  redirect.merged_into = a->id;
  *b = redirect;
  Authority result = *a;
  if (auto r = write_changes(archive_.store(), builder.changed(), "editor:merge"); !r) return std::unexpected(r.error());
  auto n = reindex(*linked);
  if (!n) return std::unexpected(n.error());
  if (reindexed != nullptr) *reindexed = *n;
  return result;
}

Result<Authority> NameService::split(const std::string& into, const std::string& from, std::size_t* reindexed) {
  auto all = load_authorities(archive_.store());
  if (!all) return std::unexpected(all.error());
  AuthorityBuilder builder(std::move(*all));
  Authority* a = builder.find(into);
  if (a == nullptr) return fail(ErrorCode::kNotFound, "no authority record " + into);
  auto it = std::find_if(a->absorbed.begin(), a->absorbed.end(),
                         [&](const nlohmann::json& j) { return j.value("id", "") == from; });
  if (it == a->absorbed.end()) return fail(ErrorCode::kNotFound, a->id + " has no merged record " + from);
  auto restored = authority_from_json(*it);
  if (!restored) return std::unexpected(restored.error());
  // Linked to the survivor covers the records of the merged id too.
  auto linked = linked_records({a->id, from});
  if (!linked) return std::unexpected(linked.error());
  a->absorbed.erase(it);
  std::erase_if(a->variants, [&](const AuthorityVariant& v) { return v.origin == from; });
  std::erase_if(a->external_ids, [&](const std::string& x) {
    return std::find(restored->external_ids.begin(), restored->external_ids.end(), x) != restored->external_ids.end();
  });
  std::erase_if(a->roles, [&](const AuthorityRole& r) {
    return std::find(restored->roles.begin(), restored->roles.end(), r) != restored->roles.end();
  });
  // The redirect is replaced by the record as it was before the merge.
  std::vector<const Authority*> changed = builder.changed();
  Authority result = *restored;
  changed.push_back(&result);
  if (auto r = write_changes(archive_.store(), changed, "editor:split"); !r) return std::unexpected(r.error());
  auto n = reindex(*linked);
  if (!n) return std::unexpected(n.error());
  if (reindexed != nullptr) *reindexed = *n;
  return result;
}

Result<std::vector<RecordMention>> NameService::mentions(const std::string& record_id) {
  auto record = archive_.record(record_id);
  if (!record) return std::unexpected(record.error());
  return directory_.snapshot()->all_mentions(*record);
}

}  // namespace chancery
