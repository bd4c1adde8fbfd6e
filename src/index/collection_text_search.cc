#include "index/collection_text_search.h"

#include <algorithm>
#include <set>
#include <utility>

#include "index/document_builder.h"
#include "index/index_terms.h"
#include "index/snippets.h"
#include "names/name_key.h"
#include "util/word_tokenizer.h"

namespace chancery {

namespace t = index_terms;

CollectionTextSearch::CollectionTextSearch(QueryLimits limits)
    : db_(std::string(), Xapian::DB_BACKEND_INMEMORY), limits_(limits) {}

Result<std::unique_ptr<CollectionTextSearch>> CollectionTextSearch::build(const std::vector<CollectionAbout>& abouts,
                                                                          QueryLimits limits) {
  try {
    std::unique_ptr<CollectionTextSearch> out(new CollectionTextSearch(limits));
    DocumentBuilder builder;
    std::set<std::string> stemmer_names;
    for (const CollectionAbout& about : abouts) {
      for (const CollectionText& text : about.texts) {
        // Read as a record's text: its title, its blocks and notes.
        Record as_record;
        as_record.id = about.id + "#" + std::to_string(out->texts_.size());
        as_record.title = text.title;
        as_record.body = text.body;
        as_record.notes = text.notes;
        BuiltDocument built = builder.build(as_record);
        out->db_.add_document(built.document);   // docids 1, 2, ... as texts_ grows
        // The snippet source decoded once: each search would decompress it.
        out->texts_.push_back({about.id, text.id, text.title.empty() ? text.id : text.title,
                               decode_snippet_text(built.document.get_value(t::kTextSlot))});
        stemmer_names.insert(built.stemmers.begin(), built.stemmers.end());
        // A query word finds its stem's other words through these, as in
        // the records' index.
        for (auto& [key, word] : built.synonym_groups) out->synonym_groups_[key].push_back(std::move(word));
      }
    }
    out->stemmer_names_.assign(stemmer_names.begin(), stemmer_names.end());
    for (const CollectionAbout& about : abouts) out->add_references(about.id, about.index);
    return out;
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::kStorage, "indexing collections' texts: " + e.get_description());
  }
}

namespace {

// A heading as a reader would type it: its words folded as the index folds
// them, joined by one space ("Soekarno." -> "soekarno"), as synonyms' keys are.
std::string heading_key(std::string_view text) {
  std::string out;
  for (const Word& word : split_words(text)) {
    if (!out.empty()) out += ' ';
    out += folded_word(text, word);
  }
  return out;
}

}  // namespace

bool bracketed_other_name(std::string_view heading, std::string_view& name, std::string_view& other) {
  if (!heading.ends_with(')')) return false;
  const std::size_t open = heading.rfind(" (");
  if (open == std::string_view::npos || open == 0) return false;
  name = heading.substr(0, open);
  other = heading.substr(open + 2, heading.size() - open - 3);
  if (other.empty() || other.size() > 40 || name.size() > 60) return false;
  if (other.find_first_of(";,()") != std::string_view::npos || name.find_first_of(";()") != std::string_view::npos) {
    return false;
  }
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  const auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  if (!upper(other.front()) || !std::any_of(other.begin(), other.end(), lower)) return false;   // "RVN", "see also ..."
  // Another spelling, not a qualifier ("Aksal (Turkey)", "Byrnes (Professor)").
  return std::count(other.begin(), other.end(), ' ') < 3 && names::spelled_alike(name, other);
}

void CollectionTextSearch::add_references(const std::string& collection_id, const std::vector<IndexEntry>& entries) {
  for (const IndexEntry& e : entries) {
    auto add = [&](std::string_view heading, std::string_view target, const char* how) {
      const std::string key = heading_key(heading);
      if (key.empty() || heading_key(target).empty() || heading_key(target) == key) return;
      std::vector<IndexCrossReference>& listed = references_[key];
      // One per volume and heading sent to: "Soekarno, see Sukarno" says
      // what "Sukarno (Soekarno)" does.
      const bool said = std::any_of(listed.begin(), listed.end(), [&](const IndexCrossReference& r) {
        return r.collection_id == collection_id && heading_key(r.target) == heading_key(target);
      });
      if (!said && listed.size() < kMaxIndexCrossReferences) {
        listed.push_back(IndexCrossReference{collection_id, std::string(heading), std::string(target), how});
      }
    };
    for (const IndexReference& r : e.references) {
      if (r.end > e.text.size() || r.start > r.end) continue;
      add(e.heading, std::string_view(e.text).substr(r.start, r.end - r.start), r.also ? "see also" : "see");
    }
    std::string_view name, other;
    if (bracketed_other_name(e.heading, name, other)) add(other, name, "also");
    add_references(collection_id, e.entries);
  }
}

std::vector<IndexCrossReference> CollectionTextSearch::references(std::string_view query) const {
  if (references_.empty() || query.size() > 200) return {};
  auto found = references_.find(heading_key(query));
  return found == references_.end() ? std::vector<IndexCrossReference>{} : found->second;
}

Result<CollectionTextResults> CollectionTextSearch::search(std::string_view query, std::size_t limit) const {
  CollectionTextResults out;
  if (texts_.empty()) {
    out.references = references(query);
    return out;
  }
  std::string memo_key = std::to_string(limit);
  memo_key += '\n';
  memo_key += query;
  {
    const std::lock_guard<std::mutex> lock(memo_mutex_);
    if (auto it = memo_.find(memo_key); it != memo_.end()) return it->second;   // its references kept with it
  }
  out.references = references(query);
  SynonymLookup synonyms = [this](const std::string& key) {
    auto it = synonym_groups_.find(key);
    return it == synonym_groups_.end() ? std::vector<std::string>{} : it->second;
  };
  std::vector<Xapian::Stem> stemmers;   // this search's own (see stemmer_names_)
  for (const std::string& name : stemmer_names_) stemmers.emplace_back(name);
  QueryParser parser(stemmers, std::move(synonyms), limits_);
  parser.set_word_pairs(true);
  auto parsed = parser.parse(query);
  if (!parsed) return std::unexpected(parsed.error());
  if (parsed->match_all) return out;
  std::vector<Xapian::docid> found;
  try {
    const std::lock_guard<std::mutex> lock(mutex_);
    Xapian::Enquire enquire(db_);
    enquire.set_query(parsed->query);
    const Xapian::doccount count = db_.get_doccount();
    // Every match is looked at (the texts are few), so the total is exact.
    const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(std::min<std::size_t>(limit, count)),
                                               count);
    out.total = mset.get_matches_estimated();
    for (auto it = mset.begin(); it != mset.end(); ++it) found.push_back(*it);
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::kStorage, "searching collections' texts: " + e.get_description());
  }
  // The snippets from the decoded texts, outside the lock (texts_ is never
  // changed after build).
  const Highlighter highlighter(parsed->words, std::move(stemmers), parsed->unmarked);
  for (const Xapian::docid did : found) {
    if (did == 0 || did > texts_.size()) continue;
    const Text& text = texts_[did - 1];
    SnippetText source = SnippetText::plain(text.snippet_text);
    // For a query of several words, from the whole text: a preface may
    // name one word of a phrase long before the phrase itself.
    out.hits.push_back({text.collection_id, text.text_id, text.title,
                        make_snippet(source, highlighter, 30, /*whole_text=*/parsed->words.size() > 1)});
  }
  const std::lock_guard<std::mutex> lock(memo_mutex_);
  if (memo_.size() >= kMemoEntries) memo_.clear();
  memo_.emplace(std::move(memo_key), out);
  return out;
}

}  // namespace chancery
