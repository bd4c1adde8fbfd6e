// The archive's authority records in memory: resolving ids (merged and source
// ids too), finding authorities by a name in any spelling, linking the names a
// record mentions, and the NameHooks that plug all this into the index.
//
// A NameSnapshot is immutable once built. A NameDirectory hands out the
// current snapshot and rebuilds it when the store's names generation (bumped
// by every change to authorities, see bump_names_generation) has moved, so a
// server sees `chancery names ...` changes without restarting. Beside it, the
// directory hands out the persons lists' entries (ListedPersons), for quoted
// names no authority knows yet; those are loaded only when a query asks and
// again once the store has changed (an import adds persons lists without
// touching the names generation).
//
// Checking costs a read of the store (a transaction, its file locks) for every
// lookup. A search makes several lookups, so a reader's index uses the
// directory's pinned view instead (pinned_snapshot(), pinned_listed_persons()):
// the names as of the index's last refresh(), which the server's workers call
// at most every second, as they do to see new index revisions.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "archive/index_spellings.h"
#include "archive/listed_persons.h"
#include "archive/names_authority.h"
#include "index/index.h"
#include "index/name_hooks.h"
#include "model/record.h"
#include "names/mention_finder.h"
#include "names/person_name.h"
#include "store/store.h"
#include "util/error.h"

namespace chancery {

// Store meta keys of the names layer.
inline constexpr std::string_view kNamesGenerationKey = "names.generation";
inline constexpr std::string_view kNamesLexiconKey = "names.common_words";

// Marks authorities as changed for every NameDirectory reading `store`.
Result<void> bump_names_generation(Store& store);

// One name found in one record, for pages and the API.
struct RecordMention {
  std::string field;               // "title", "summary", "body", "notes", "people"
  std::size_t block = 0;           // index of the body block or note
  std::size_t begin = 0;           // byte range in that text
  std::size_t end = 0;
  std::string text;
  std::vector<std::string> ids;    // authority ids; several = ambiguous candidates
  bool certain = false;
  bool exact = false;              // spelled as a recorded variant (not only by key)
};

class NameSnapshot {
 public:
  // Builds lookups and the mention finder from live authorities (redirects
  // included, for resolving). `common_words` feeds MentionFinderOptions.
  NameSnapshot(std::vector<Authority> authorities, std::unordered_set<std::string> common_words);

  // The authority with this id, following merges, or whose source entries
  // include it ("frus1955-57v25/p_KNS1", "pocom/..."); nullptr if none.
  const Authority* resolve(std::string_view id) const;
  // Authorities one of whose spellings is compatible with `name`
  // (names_compatible: "Imre Nagy" fits "Nagy, Imre"; "Chruschtschow" fits
  // "Khrushchev, Nikita S."), best first: those with a same-spelled variant,
  // then by id. Only the first reading of `name` (person_name_readings) that
  // some authority fits counts: "William Carmichael" is Carmichael, not every
  // authority with a family name William.
  std::vector<const Authority*> find(std::string_view name) const;
  // Ids merged into `id` (which stay resolvable and may still be indexed).
  std::vector<std::string> merged_ids(const std::string& id) const;
  const std::vector<Authority>& authorities() const { return live_; }

  // Every known person's name in the record's title, summary, body and notes,
  // plus its linked people fields. Ambiguous mentions keep all candidates,
  // narrowed to those in the record's own volume's persons list where that
  // decides.
  std::vector<RecordMention> mentions(const Record& record) const;
  // mentions() and the names of organisations and places, found in the same
  // texts by a recorded spelling (letters compared, case and diacritics
  // ignored); for pages and the API, in reading order (field, block,
  // position). The index links persons only.
  std::vector<RecordMention> all_mentions(const Record& record) const;
  // Organisations and places one of whose spellings is `name` (compared as
  // all_mentions() does), by id.
  std::vector<const Authority*> find_named(std::string_view name) const;
  // mentions() reduced to what the index needs.
  std::vector<LinkedName> linked_names(const Record& record) const;

  // NameHooks lookups (see index/name_hooks.h).
  std::vector<std::string> person_ids(std::string_view value) const;
  bool is_person_key(std::string_view key) const;
  // Whether `key` is also the key of a known family name that `word` does not
  // spell (names::key_names_another: Gheorghiu and George share "gErgE").
  bool key_names_another(std::string_view key, std::string_view word) const;
  // Those of some lowercase words that are in the names lexicon
  // (kNamesLexiconKey, as the mention finder has it): words of the archive's
  // text in lowercase ("east").
  std::vector<std::string> common_words_among(const std::vector<std::string>& words) const;
  // Those of some folded words that are words of a known person's family name
  // as the authorities spell it ("cooper"), compared by their letters, in any
  // reading of a spelling (is_person_key's: "Nagy Imre" may be family first).
  std::vector<std::string> family_words_among(const std::vector<std::string>& words) const;
  std::string preferred_for_variant(std::string_view word) const;

 private:
  // Finds the mentions in one text of `record`. A name several authorities
  // could bear is narrowed to those among `tagged` (the authorities the
  // record's own people list names by id: the editors' tagging of this
  // document) when that leaves one, else to those the record's volume lists.
  // `tokens`: mention_tokens(text).
  void scan(const Record& record, const std::vector<std::string>& tagged, std::string_view field, std::size_t block,
            std::string_view text, const std::vector<names::MentionToken>& tokens,
            std::vector<RecordMention>& out) const;
  // The names of organisations and places in one text, by a recorded spelling.
  void scan_named(std::string_view field, std::size_t block, std::string_view text,
                  const std::vector<names::MentionToken>& tokens, std::vector<RecordMention>& out) const;
  // mentions(), and with `named` all_mentions()'s other names too (unsorted):
  // each text read into words once for both finders.
  std::vector<RecordMention> collect_mentions(const Record& record, bool named) const;
  // Whether the word at `begin` of `text` follows, after spaces, the word
  // before it in the name of a known place or organisation ("New" before
  // "York").
  bool follows_place_word(std::string_view text, std::size_t begin, std::string_view word) const;
  // Whether a word of `text` other than an initial is a common lower-case
  // word of the archive's text (the mention finder's lexicon).
  bool has_common_word(std::string_view text) const;
  // Whether a lowercase preposition of place ("in", "into", "via") comes just
  // before the word [begin, end) of `text`, which is no possessive.
  static bool after_place_preposition(std::string_view text, std::size_t begin, std::size_t end);
  void prepare_readings() const;
  std::vector<Authority> live_;
  std::unordered_map<std::string, std::size_t> by_id_;
  std::unordered_map<std::string, std::string> aliases_;   // merged or source id -> authority id
  std::unordered_map<std::string, std::vector<std::string>> merged_;  // authority id -> merged ids
  std::unordered_map<std::string, std::vector<std::size_t>> by_family_;  // family key -> authorities
  // Per authority (as live_): the readings of its spellings with a family
  // name, prepared for find() by its first call (prepare_readings()).
  mutable std::once_flag readings_once_;
  mutable std::vector<std::vector<names::PreparedName>> readings_;
  // Family-name word key -> those words (fold_ascii, letters and digits), at
  // most kMaxFamilyWordsPerKey of them.
  static constexpr std::size_t kMaxFamilyWordsPerKey = 32;
  std::unordered_map<std::string, std::vector<std::string>> person_keys_;
  std::unordered_set<std::string> pocom_only_;  // authorities known only from POCOM
  std::unordered_map<std::string, std::size_t> variant_words_;  // folded one-word variant -> authority
  std::unordered_map<std::string, std::unordered_set<std::string>> volume_ids_;  // authority -> volumes
  std::unordered_set<std::string> place_pairs_;   // folded word pairs of place and organisation names: "new york"
  std::unique_ptr<names::MentionFinder> finder_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_spelling_;  // organisations, places
  std::unique_ptr<names::MentionFinder> named_finder_;  // organisations and places: whole spellings
};

// Loads every authority (redirects too) from the store.
Result<std::vector<Authority>> load_authorities(Store& store);

class NameDirectory {
 public:
  // Reads authorities from `store`, which must outlive the directory.
  explicit NameDirectory(Store& store) : store_(&store) {}
  // Opens its own read-only connection to the store at `store_location` (a
  // SQLite file or a PostgreSQL URI, open_store) on first use: the index is
  // opened beside the store and cannot borrow the archive's.
  explicit NameDirectory(std::string store_location) : store_location_(std::move(store_location)) {}
  NameDirectory(const NameDirectory&) = delete;
  NameDirectory& operator=(const NameDirectory&) = delete;

  // The current snapshot, rebuilt first when the store's names generation
  // changed. Never null: an unreadable store gives the previous (or an empty)
  // snapshot. Thread-safe.
  // `store_version`: the store's version as the caller read it just before
  // (StoreVersion::current; the reading room's answer pins one), always from
  // the same StoreVersion. While it is the one of the last call, nothing was
  // committed since and the directory reads nothing of the store.
  std::shared_ptr<const NameSnapshot> snapshot(std::optional<std::int64_t> store_version = std::nullopt);

  // The persons lists' entries in the store, loaded on first use and again
  // when anything has been committed to the store since (Store::last_seq()
  // moved). Never null: an unreadable store gives the previous (or an empty)
  // list. Thread-safe.
  std::shared_ptr<const ListedPersons> listed_persons();

  // The other spellings the printed indexes give (index_spellings.h),
  // loaded on first use and again when a collection's texts or index changed.
  // Never null. Thread-safe.
  std::shared_ptr<const IndexSpellings> index_spellings();

  // The snapshot and persons lists as of the last refresh() (loaded by the
  // first call when there was none): no store read. Thread-safe.
  std::shared_ptr<const NameSnapshot> pinned_snapshot();
  std::shared_ptr<const ListedPersons> pinned_listed_persons();
  std::shared_ptr<const IndexSpellings> pinned_index_spellings();
  // Checks the store for changes (as snapshot() and listed_persons() do) and
  // pins what it finds. The persons lists are checked only when they have
  // been asked for since the previous refresh().
  void refresh();

 private:
  // The store, opened first when the directory reads its own connection;
  // nullptr when it cannot be opened. Call with `mutex_` held.
  Store* store_locked();

  Store* store_ = nullptr;
  std::string store_location_;
  std::unique_ptr<Store> owned_store_;
  std::mutex mutex_;
  std::string generation_ = "\x01unloaded";
  // The store's commit version when generation_ was last read, on a
  // connection of the directory's own (which never writes): while it holds,
  // nothing was committed and the generation is as it was.
  std::optional<std::int64_t> generation_checked_at_;
  // The callers' store version (snapshot(store_version)) when generation_ was
  // last read.
  std::optional<std::int64_t> generation_known_at_;
  std::shared_ptr<const NameSnapshot> snapshot_;
  std::int64_t listed_seq_ = -1;
  std::shared_ptr<const ListedPersons> listed_;
  std::mutex pinned_mutex_;   // never held with mutex_
  std::shared_ptr<const NameSnapshot> pinned_snapshot_;
  std::shared_ptr<const ListedPersons> pinned_listed_;
  bool listed_asked_ = false;   // pinned_listed_persons() called since the last refresh()
  std::int64_t spellings_seq_ = -1;
  std::string spellings_signature_;
  std::shared_ptr<const IndexSpellings> spellings_;
  std::shared_ptr<const IndexSpellings> pinned_spellings_;   // under pinned_mutex_; dropped by refresh()
};

// A NameDirectory reading the authorities of the archive in `archive_dir`
// over its own read-only connection (for the reading room).
std::shared_ptr<NameDirectory> archive_name_directory(const std::filesystem::path& archive_dir);

// When NameHooks look for changed names in the store: at every lookup (a
// writer, which must see the authorities it has just changed, e.g. names
// link), or when the index refreshes (a reader: one search makes several
// lookups).
enum class NameChecks { kEveryLookup, kOnRefresh };

// NameHooks backed by `directory` (word keys, variants, linking, query
// lookups); the hooks share ownership of it.
NameHooks name_hooks(std::shared_ptr<NameDirectory> directory, NameChecks checks = NameChecks::kEveryLookup);

// The archive's default index (Xapian in `index_dir`) with the names layer
// plugged in, reading authorities from the store at `store_location`
// (open_store); a reader (not `writable`) sees changed names when it refreshes.
// `related_ahead`: XapianIndexOptions::related_ahead (a reader that serves pages).
Result<std::unique_ptr<SearchIndex>> open_index_with_names(const std::filesystem::path& index_dir, bool writable,
                                                            const std::string& store_location,
                                                            bool related_ahead = false);

}  // namespace chancery
