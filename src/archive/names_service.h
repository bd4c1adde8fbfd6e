// The names layer's operations on an archive: building authority records from
// their sources, linking every record's mentions (and reindexing), importing
// POCOM, and the editor's changes (variants, merge, split). The CLI's
// `chancery names ...` and the reading room call these.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "archive/archive.h"
#include "archive/names_authority.h"
#include "archive/names_directory.h"
#include "util/error.h"

namespace chancery {

struct NameLinkReport {
  std::size_t authorities = 0;      // live authorities after linking
  std::size_t created = 0;          // authorities created by this run
  std::size_t updated = 0;          // authorities given new variants, ids or roles
  std::size_t records = 0;          // records scanned and reindexed
  std::size_t mentions = 0;         // names found
  std::size_t certain = 0;          // ... linked to one authority
  std::size_t ambiguous = 0;        // ... kept with several candidates
  std::size_t text_bytes = 0;       // bytes of text scanned
  double seconds = 0;
};

// A variant spelling corrected by an editor's footnote ("the published
// versions mistakenly render Malnasan's surname as Malnasanu"): the person as
// the note names them, the wrong spelling, and what the note says of them.
struct FootnoteVariant {
  std::string name;            // "Aurel Malnasan"
  std::string variant;         // "Malnasanu"
  std::string identification;  // "who was then a deputy foreign minister in Romania"
};

// The spelling corrections a footnote states: "render(s|ed) X's surname as Y",
// "misspell(s|ed) X as Y", "X is misspelled as Y". Returns {} for other notes.
std::vector<FootnoteVariant> footnote_variants(std::string_view note);

class NameService {
 public:
  explicit NameService(Archive& archive) : archive_(archive), directory_(archive.store()) {}

  // Builds or updates authorities from every source in the archive (persons
  // lists, people fields of records, spelling footnotes), then scans every
  // record for mentions and reindexes it, and records spellings seen in text.
  // Existing authorities and editors' changes are kept. `progress(done, total)`
  // is called as records are scanned.
  Result<NameLinkReport> link(const std::function<void(std::size_t, std::size_t)>& progress = {});

  // Reads POCOM from `dir` and adds or updates one authority per person
  // (joined to an existing one where names are compatible and dates agree).
  // Returns the number of POCOM persons read.
  Result<std::size_t> import_pocom(const std::filesystem::path& dir);

  // The authority `id_or_name` names: an authority or source id, else the one
  // compatible authority. kNotFound when none; kConflict (message lists them)
  // when a name fits several.
  Result<Authority> find_one(const std::string& id_or_name);
  // Every revision of the authority `id_or_name` names (as find_one()),
  // oldest first: who changed it (source "names:link", "editor:merge", ...) and when.
  Result<std::vector<Revision>> history(const std::string& id_or_name);
  // Authorities a name fits, best first (at most `limit`).
  std::vector<Authority> search(const std::string& name, std::size_t limit = 20);

  // The editor's changes below reindex at once, in one index transaction, the
  // records the index links (certainly or as a candidate) to the authorities
  // they change, so searches and facets show the change without `names link`;
  // `reindexed`, when given, is set to their number.

  // Records `variant` on the authority, sourced "editor:NAME" or as given.
  Result<Authority> add_variant(const std::string& id_or_name, const std::string& variant, const std::string& source,
                                std::size_t* reindexed = nullptr);
  // Merges `from` into `into`: `into` takes its variants, ids and roles;
  // `from` becomes a redirect (both ids keep resolving). Returns `into`;
  // kConflict when they are one already or of different kinds.
  Result<Authority> merge(const std::string& into, const std::string& from, std::size_t* reindexed = nullptr);
  // Undoes merge(into, from): `from` is restored as it was, and what it
  // brought is removed from the survivor. Returns the restored `from`.
  Result<Authority> split(const std::string& into, const std::string& from, std::size_t* reindexed = nullptr);

  // The names found in one record (for pages and the API).
  Result<std::vector<RecordMention>> mentions(const std::string& record_id);
  NameDirectory& directory() { return directory_; }

 private:
  // Ids of the records the index links to any of `authority_ids` (or to ids
  // merged into them), sorted.
  Result<std::vector<std::string>> linked_records(const std::vector<std::string>& authority_ids);
  // Reindexes `record_ids` with the current authorities and commits the index once.
  Result<std::size_t> reindex(const std::vector<std::string>& record_ids);

  Archive& archive_;
  NameDirectory directory_;
};

}  // namespace chancery
