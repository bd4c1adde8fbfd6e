// Word positions kept per record, beside the index instead of in it.
//
// Xapian keeps a position list for every word of every record, keyed by the
// word and the record: about 17 bytes a word-in-record, and the import's
// largest single cost (22 FRUS volumes: 7.9 s with them, 5.6 s without). The
// index carries no positions. Each record instead keeps one block in a value
// slot (index_terms.h, kPositionsSlot): the record's distinct terms, each
// with its positions, as Xapian's position table keeps them, but in one
// value read instead of a B-tree lookup a term. A phrase is the AND
// of its words, ranked by Xapian as any AND is, and checked against the
// blocks:
// - PhraseSource, a posting source under OP_FILTER, checks each candidate
//   (any query, phrases anywhere in it);
// - PhraseDecider, a match decider, checks only the candidates that would
//   make the page (as Xapian checks its own phrases, after their weight),
//   when every phrase of the query must hold (lazy_phrases()).
//
// The block (numbers are unsigned LEB128 varints):
//   format (5)
//   field sets: count; each: count of prefixes; each: length, bytes. A
//     set's first prefix is its canonical one: its words are named by their
//     term with that prefix.
//   fields (the words of one add_text(), at consecutive positions): count,
//     byte length, then each: its first position minus the previous field's
//     last, number of positions, field set.
//   dictionary, the distinct terms in byte order: count, byte length, then
//     each term as bytes shared with the previous one, length of the rest,
//     the rest, and the byte length of its position list (every 16th term
//     whole, shared 0); then for each group of 16, where it starts in the
//     dictionary and in the lists, and its first term's first four bytes as
//     a big-endian number (4 bytes each, little-endian).
//   position lists, in the dictionary's order: byte length, then each
//     list's positions as differences from the previous one (from 0). A
//     non-ASCII word's Latin key is a term of its own at the same position.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <list>
#include <mutex>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace chancery {

// Collects a record's words in position order while its document is built,
// then encodes them.
class PositionsWriter {
 public:
  // Starts a field at position `first` (the next word's), whose words are
  // indexed under each of `prefixes` ("" for the unprefixed copy).
  void begin_field(Xapian::termpos first, std::initializer_list<std::string_view> prefixes);
  // The word at the next position: its folded key ("" when it is not
  // indexed) and its Latin key ("" when it has none).
  void add_word(std::string_view key, std::string_view latin);
  // The block; empty when no word was added.
  std::string encode() const;
  void clear();

 private:
  // The id of `term`, added if new.
  std::uint32_t intern(std::string_view term);

  struct Field {
    Xapian::termpos first = 0;
    std::uint32_t set = 0;
    std::size_t begin = 0;   // into words_
    std::size_t end = 0;
  };
  std::vector<std::vector<std::string>> sets_;
  std::vector<Field> fields_;
  // Each position's term (its field's first prefix + the word) as an id + 1;
  // 0 for a word not indexed.
  std::vector<std::uint32_t> words_;
  // (index into words_, term id) of each Latin key.
  std::vector<std::pair<std::size_t, std::uint32_t>> latin_;
  // The distinct terms, by id: views of chunks_, which never move.
  std::vector<std::string_view> terms_;
  std::unordered_map<std::string_view, std::uint32_t> ids_;
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::size_t chunk_used_ = 0;
  std::string scratch_;
};

// A phrase to look for: consecutive words, each any of its alternatives
// (folded keys, unprefixed), in a field indexed under `prefix`.
struct PhrasePattern {
  std::string prefix;
  std::vector<std::vector<std::string>> words;
};

// Whether `block` holds `pattern`. False for a malformed block.
bool block_has_phrase(std::string_view block, const PhrasePattern& pattern);

// For a record indexed with Xapian's positions (layout 3 and older, until a
// writer rebuilds the index): whether document `did` of `db` holds `pattern`.
bool positions_have_phrase(const Xapian::Database& db, Xapian::docid did, const PhrasePattern& pattern);

// The blocks read for phrase checks, by shard revision and docid, up to a
// budget of bytes, the least recently used dropped first. Xapian reads a
// block of a few KB as several B-tree items and copies it twice: 3.8-4.9 us
// a check, against about 1 us a check once the block is here (a phrase
// search checks about 140 candidates, 85 of them to count its matches).
// Shared by every search of the process; a writer's commit or a reader's
// refresh changes the revision, so a replaced record's old block is never
// found again (it ages out).
class PositionsCache {
 public:
  struct Stats {
    std::uint64_t hits = 0;   // found in the shared cache (not in a thread's own slots)
    std::uint64_t misses = 0;
    std::uint64_t bytes = 0;
  };

  static PositionsCache& instance();
  // The key of a shard at its current revision.
  static std::uint64_t revision_key(const Xapian::Database& shard);

  void set_capacity(std::size_t bytes);
  std::shared_ptr<const std::string> get(std::uint64_t revision, Xapian::docid did);
  void put(std::uint64_t revision, Xapian::docid did, std::shared_ptr<const std::string> block);
  // Drops the block of `did` at `revision`: a writer replaced or deleted
  // the document, which searches through that writer see before it commits.
  // Empties every thread's own slots (each thread keeps its last blocks in
  // front of the shared cache).
  void forget(std::uint64_t revision, Xapian::docid did);
  Stats stats() const;

 private:
  PositionsCache();
  std::shared_ptr<const std::string> get_shared(std::uint64_t revision, Xapian::docid did);
  struct Part;
  static constexpr std::size_t kParts = 16;
  std::unique_ptr<Part[]> parts_;
};

// Matches the records holding a phrase: a weightless filter, the right side
// of OP_FILTER with the AND of the phrase's words on the left (which ranks
// and finds the candidates; this checks each).
class PhraseSource : public Xapian::PostingSource {
 public:
  explicit PhraseSource(std::shared_ptr<const PhrasePattern> pattern) : pattern_(std::move(pattern)) {}
  PhraseSource* clone() const override { return new PhraseSource(pattern_); }
  std::string name() const override { return "chancery.PhraseSource"; }
  // For a query handed to another thread (Query::serialise(), then
  // unserialise() with registry()).
  std::string serialise() const override;
  PhraseSource* unserialise(const std::string& serialised) const override;
  std::string get_description() const override;
  void init(const Xapian::Database& db) override;
  // Never fewer than the AND's words, so that the AND drives the match.
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return all_; }
  Xapian::doccount get_termfreq_max() const override { return all_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool check(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return at_end_; }
  Xapian::docid get_docid() const override { return current_; }

  const std::shared_ptr<const PhrasePattern>& pattern() const { return pattern_; }
  // The phrase of `query` when it is a PhraseSource's leaf; null otherwise.
  static std::shared_ptr<const PhrasePattern> pattern_of(const Xapian::Query& query);
  // A registry that unserialises PhraseSources.
  static const Xapian::Registry& registry();

 private:
  // Whether `did` holds the phrase, from its block or its positions.
  bool matches(Xapian::docid did);
  // From the first document at or after `did` holding the phrase.
  void find_from(Xapian::docid did);

  std::shared_ptr<const PhrasePattern> pattern_;
  Xapian::Database db_;
  std::uint64_t revision_ = 0;   // PositionsCache::revision_key(db_)
  Xapian::ValueIterator values_;
  Xapian::PostingIterator all_docs_;
  bool has_positions_ = false;
  Xapian::doccount all_ = 0;
  Xapian::docid current_ = 0;
  bool matched_ = false;   // current_ holds the phrase
  bool at_end_ = false;
};

// Accepts the documents holding every one of its phrases. `shards`: the
// databases the searched one is made of, in order, for the positions cache
// (Xapian hands a decider each document with its docid in its shard; the
// document's kShardSlot names the shard).
class PhraseDecider : public Xapian::MatchDecider {
 public:
  PhraseDecider(std::vector<std::shared_ptr<const PhrasePattern>> patterns, const std::vector<Xapian::Database>& shards);
  bool operator()(const Xapian::Document& doc) const override;
  // How many documents it turned away: Xapian lowers a match's upper bound
  // by them, which a count that samples by that bound must add back to
  // sample as it would without the decider.
  Xapian::doccount denied() const { return denied_; }

 private:
  bool holds_all(const Xapian::Document& doc) const;

  std::vector<std::shared_ptr<const PhrasePattern>> patterns_;
  std::vector<std::uint64_t> revisions_;   // PositionsCache::revision_key() of each shard
  mutable Xapian::doccount denied_ = 0;
};

// A query whose phrases are checked by a PhraseDecider instead of
// PhraseSources: `query` without them, and the phrases every match holds.
struct LazyPhrases {
  Xapian::Query query;
  std::vector<std::shared_ptr<const PhrasePattern>> patterns;
};

// When `query` has PhraseSources and each one must hold for a document to
// match (it is reached only through AND, FILTER, the left of AND_NOT and of
// AND_MAYBE), the query without them and their phrases: the same matches
// once the decider has checked them. Nullopt otherwise.
std::optional<LazyPhrases> lazy_phrases(const Xapian::Query& query);

}  // namespace chancery
