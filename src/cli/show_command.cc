// `chancery show ID`, `chancery history ID` and `chancery changes ID`: one
// record, its revisions, and what changed between two of them.
#include <iomanip>
#include <iostream>
#include <limits>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/cli_support.h"
#include "formats/record_text.h"
#include "model/record_diff.h"
#include "model/record_json.h"

namespace chancery::cli {
namespace {

struct ShowArgs {
  std::string id;
  std::string format = "record-text";
  int revision = 0;
};

}  // namespace

void add_show_commands(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<ShowArgs>();
  CLI::App* show = app.add_subcommand("show", "Print a record");
  show->add_option("id", args->id, "record id (117079, frus1955-57v25/d159)")->required();
  show->add_option("--format", args->format, "record-text, json, or tei (the TEI as imported)")
      ->capture_default_str()
      ->check(CLI::IsMember({"record-text", "json", "tei"}));
  show->add_option("--revision", args->revision, "an earlier revision (see `history`)")->check(CLI::Range(1, std::numeric_limits<int>::max()));
  show->callback([args, &global] {
    auto archive = open_archive(global, Access::kRead);
    auto record = args->revision > 0 ? archive->record_revision(args->id, args->revision) : archive->record(args->id);
    if (!record && record.error().code == ErrorCode::kNotFound && args->revision == 0) {
      if (auto w = archive->withdrawal(args->id); w && *w) {
        const Annotation& a = (*w)->annotation;
        exit_with(Error{ErrorCode::kNotFound,
                        "record " + args->id + " was withdrawn from the archive on " + a.created.substr(0, 10) +
                            " by " + a.author + ": " + a.text + " (its text as it stood: --revision " +
                            std::to_string((*w)->revisions - 1) + "; `chancery reinstate " + args->id +
                            "` brings it back)",
                        {}, 0, 0});
      }
    }
    if (!record) exit_with(record.error());
    // For the archivist at the terminal (stderr, so the output stays the record).
    if (auto restricted = archive->restriction(*record); restricted && *restricted) {
      std::cerr << "chancery: note: " << record->id << " is closed to readers "
                << ((*restricted)->until.empty() ? "until lifted" : "until " + (*restricted)->until) << " ("
                << (*restricted)->id << ": " << (*restricted)->text << ")\n";
    }
    if (args->format == "json") {
      print_text(to_json(*record).dump(2));
    } else if (args->format == "tei") {
      if (record->original.empty()) {
        exit_with(Error{ErrorCode::kNotFound,
                        "record " + args->id + " has no TEI source (it was imported as " +
                            (record->source_format.empty() ? std::string("something else") : record->source_format) + ")",
                        {}, 0, 0});
      }
      print_text(record->original);
    } else {
      print_text(write_record_text(*record));
    }
  });

  auto history_id = std::make_shared<std::string>();
  CLI::App* history = app.add_subcommand("history", "List every revision of a record (or of an annotation, ID#N)");
  history->add_option("id", *history_id, "record id, or annotation id")->required();
  history->callback([history_id, &global] {
    auto archive = open_archive(global, Access::kRead);
    auto revisions = archive->history_meta(*history_id);
    if (!revisions && revisions.error().code == ErrorCode::kNotFound &&
        history_id->find('#') != std::string::npos) {
      revisions = archive->annotation_history(*history_id);
    }
    if (!revisions) exit_with(revisions.error());
    std::cout << std::left << std::setw(5) << "rev" << std::setw(26) << "created (UTC)" << std::setw(8) << "seq"
              << "source\n";
    for (const Revision& revision : *revisions) {
      std::cout << std::left << std::setw(5) << revision.number << std::setw(26) << revision.created_at
                << std::setw(8) << revision.seq << revision.source << (revision.deleted ? "  (withdrawn)" : "") << "\n";
    }
    std::cout.flush();
  });

  struct ChangesArgs {
    std::string id;
    int from = 0;
    int to = 0;
    bool json = false;
  };
  auto changes_args = std::make_shared<ChangesArgs>();
  CLI::App* changes = app.add_subcommand(
      "changes", "What changed between two revisions of a record, word by word (default: the latest change)");
  changes->add_option("id", changes_args->id, "record id")->required();
  changes->add_option("--from", changes_args->from, "the older revision (default: the one before --to)")
      ->check(CLI::Range(1, std::numeric_limits<int>::max()));
  changes->add_option("--to", changes_args->to, "the newer revision (default: the latest)")->check(CLI::Range(1, std::numeric_limits<int>::max()));
  changes->add_flag("--json", changes_args->json, "the changes as JSON: field, label, kind, spans of op and text");
  changes->callback([changes_args, &global] {
    auto archive = open_archive(global, Access::kRead);
    auto latest = archive->record_version(changes_args->id);
    if (!latest) exit_with(latest.error());
    const int to = changes_args->to == 0 ? latest->latest : changes_args->to;
    const int from = changes_args->from == 0 ? to - 1 : changes_args->from;
    if (from < 1 || from == to) {
      exit_with(Error{ErrorCode::kInvalidInput,
                      latest->latest == 1 ? "record " + changes_args->id + " has one revision: nothing to compare"
                                          : std::string("--from and --to must name two different revisions"),
                      {}, 0, 0});
    }
    auto older = archive->record_revision(changes_args->id, from);
    if (!older) exit_with(older.error());
    auto newer = archive->record_revision(changes_args->id, to);
    if (!newer) exit_with(newer.error());
    const std::vector<FieldChange> found = compare_records(*older, *newer);
    if (changes_args->json) {
      print_text(nlohmann::json{{"id", changes_args->id}, {"from", from}, {"to", to}, {"changes", field_changes_json(found)}}
                     .dump(2));
      return;
    }
    std::cout << "revision " << from << " -> " << to << " of " << changes_args->id << ": " << found.size()
              << (found.size() == 1 ? " change" : " changes") << "\n\n"
              << field_changes_text(found);
    std::cout.flush();
  });
}

}  // namespace chancery::cli
