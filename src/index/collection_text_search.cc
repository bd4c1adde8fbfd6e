#include "index/collection_text_search.h"

#include <algorithm>
#include <set>
#include <utility>

#include "index/document_builder.h"
#include "index/index_terms.h"
#include "index/snippets.h"

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
    for (const std::string& name : stemmer_names) out->stemmers_.emplace_back(name);
    return out;
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::kStorage, "indexing collections' texts: " + e.get_description());
  }
}

Result<CollectionTextResults> CollectionTextSearch::search(std::string_view query, std::size_t limit) const {
  CollectionTextResults out;
  if (texts_.empty()) return out;
  std::string memo_key = std::to_string(limit);
  memo_key += '\n';
  memo_key += query;
  {
    const std::lock_guard<std::mutex> lock(memo_mutex_);
    if (auto it = memo_.find(memo_key); it != memo_.end()) return it->second;
  }
  SynonymLookup synonyms = [this](const std::string& key) {
    auto it = synonym_groups_.find(key);
    return it == synonym_groups_.end() ? std::vector<std::string>{} : it->second;
  };
  QueryParser parser(stemmers_, std::move(synonyms), limits_);
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
  const Highlighter highlighter(parsed->words, stemmers_, parsed->unmarked);
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
