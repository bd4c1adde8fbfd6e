// `chancery show ID` and `chancery history ID`: one record, its revisions.
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

#include "cli/cli_support.h"
#include "formats/record_text.h"
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
  show->add_option("--revision", args->revision, "an earlier revision (see `history`)")->check(CLI::PositiveNumber);
  show->callback([args, &global] {
    auto archive = open_archive(global, Access::kRead);
    auto record = args->revision > 0 ? archive->record_revision(args->id, args->revision) : archive->record(args->id);
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
    auto revisions = archive->history(*history_id);
    if (!revisions && revisions.error().code == ErrorCode::kNotFound &&
        history_id->find('#') != std::string::npos) {
      revisions = archive->annotation_history(*history_id);
    }
    if (!revisions) exit_with(revisions.error());
    std::cout << std::left << std::setw(5) << "rev" << std::setw(26) << "created (UTC)" << std::setw(8) << "seq"
              << "source\n";
    for (const Revision& revision : *revisions) {
      std::cout << std::left << std::setw(5) << revision.number << std::setw(26) << revision.created_at
                << std::setw(8) << revision.seq << revision.source << (revision.deleted ? "  (deleted)" : "") << "\n";
    }
    std::cout.flush();
  });
}

}  // namespace chancery::cli
