// Revisions in the reading room: a record's history, the comparison of two
// of its revisions (word by word, model/record_diff.h), and what a document
// page says of the revision it shows. HTML comes from the "history" and
// "changes" templates; the API gets the same as JSON.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "archive/archive.h"
#include "model/record_diff.h"
#include "store/store.h"
#include "web/templates.h"

namespace chancery::web {

struct DocumentSurroundings;

// "/history/ID", "/changes/ID?from=N&to=M", "/document/ID?revision=N".
std::string history_path(std::string_view id);
std::string changes_path(std::string_view id, int from, int to);
std::string revision_path(std::string_view id, int number);
std::string api_history_path(std::string_view id);
// "/api/v1/documents/ID", with "?revision=N" for a number above 0.
std::string api_document_path(std::string_view id, int revision = 0);
std::string api_changes_path(std::string_view id, int from, int to);

// Where a revision came from, as readers are told: an editor's name
// ("editor:ann" -> "editor ann"), or the name of the file it was imported
// from without its folders (the server's paths are not published).
std::string revision_source_label(std::string_view source);

// "2026-12-02T13:16:42.767Z" -> "December 2, 2026, 13:16 UTC" (display_iso_date
// and the time); other text as it is.
std::string display_timestamp(std::string_view iso);

// What readers call a field of record_diff ("body" -> "text").
std::string field_display_name(std::string_view field);
// Fields as a phrase: {"summary", "body"} -> "summary and text".
std::string changed_fields_phrase(const std::vector<std::string>& fields);

// One line of a history: a revision and the fields it changed from the one
// before (empty for the first; `compared` false when that was not worked out).
struct HistoryLine {
  Revision revision;   // without its JSON
  std::vector<std::string> changed;
  bool compared = false;
  int compared_with = 0;     // the revision `changed` is against: the one before, or the last before a withdrawal
  bool reinstated = false;   // the revision before it is a withdrawal's tombstone
  std::string withdrawal_reason;   // a tombstone's: why the record was withdrawn
};

// The "history" page: the record's revisions, newest first, `lines` being one
// page of them; `page` counts from 1.
struct HistoryPage {
  std::vector<HistoryLine> lines;
  int latest = 0;
  int page = 1;
  int pages = 1;
};
TemplateData history_view(const Record& latest, const HistoryPage& history);
nlohmann::json history_json(const Record& latest, const HistoryPage& history);

// The "changes" page between two revisions of a record.
TemplateData changes_view(const Archive::RecordVersion& from, const Archive::RecordVersion& to,
                          const std::vector<FieldChange>& changes);
nlohmann::json changes_json(const Archive::RecordVersion& from, const Archive::RecordVersion& to,
                            const std::vector<FieldChange>& changes);

// What a document page says of the revision it shows (DocumentSurroundings::
// revision): its number and date with links to the history, to the last
// change and to this revision's own address (a permanent link, which later
// revisions do not change); for an earlier revision, a notice with links to the current text
// and to what changed since. Nothing when the revision is not known.
void put_revision_notice(TemplateData& d, std::string_view id, const DocumentSurroundings& around);

// Text shared by both sides of a change, shortened for reading when long: its
// start and end around an ellipsis (only its end before the first change, only
// its start after the last), cut at spaces and never inside a character.
std::string elided(std::string_view text, bool keep_start, bool keep_end, std::size_t keep = 160);

}  // namespace chancery::web
