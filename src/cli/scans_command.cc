// `scans add|list|history|remove`: page images of records, added by archivists after
// the record (src/archive/archive_scans.cc); the reading room shows them and
// serves them over IIIF.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/cli_support.h"

namespace chancery::cli {
namespace {

struct ScansArgs {
  std::string id;
  std::vector<std::string> files;
  std::vector<std::string> labels;
  bool replace = false;
  std::string by;
  bool json = false;
};

void print_scans(const ScanSet& scans, bool json) {
  if (json) {
    print_text(scan_set_to_json(scans));
    return;
  }
  std::cout << scans.record << ": " << scans.pages.size() << (scans.pages.size() == 1 ? " page\n" : " pages\n");
  for (std::size_t i = 0; i < scans.pages.size(); ++i) {
    const ScanPage& p = scans.pages[i];
    std::cout << fmt::format("  {:>4}  {:<12} {} x {}  {}  {} bytes  {}  {}\n", i + 1, p.label, p.width, p.height,
                             p.media_type, p.bytes, p.image.substr(0, 12), p.file);
  }
}

}  // namespace

void add_scans_command(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<ScansArgs>();
  CLI::App* scans = app.add_subcommand("scans", "Page images of records: add, list, remove (served over IIIF)");
  scans->require_subcommand(1);

  CLI::App* add = scans->add_subcommand(
      "add", "Add page images (JPEG, PNG, TIFF, WebP) to a record, in the order given; all or none are added");
  add->add_option("id", args->id, "record id")->required();
  add->add_option("files", args->files, "image files")->required()->check(CLI::ExistingFile);
  add->add_option("--label", args->labels, "each page's label, in order (default: the file's name)");
  add->add_flag("--replace", args->replace, "the new pages replace the record's earlier ones");
  add->add_option("--by", args->by, "the archivist (default: $USER)");
  add->add_flag("--json", args->json, "print the record's pages as JSON");
  add->callback([args, &global] {
    if (!args->labels.empty() && args->labels.size() != args->files.size()) {
      exit_with(Error{ErrorCode::kInvalidInput,
                      fmt::format("{} labels for {} files: give one --label per file, or none", args->labels.size(),
                                  args->files.size()),
                      {}, 0, 0},
                2);
    }
    std::vector<ScanFile> files;
    for (std::size_t i = 0; i < args->files.size(); ++i) {
      files.push_back(ScanFile{args->files[i], args->labels.empty() ? std::string() : args->labels[i]});
    }
    auto archive = open_archive(global, Access::kWrite);
    auto stored = archive->add_scans(args->id, files, args->replace, editor(args->by));
    if (!stored) exit_with(stored.error());
    print_scans(*stored, args->json);
  });

  CLI::App* list = scans->add_subcommand("list", "List a record's page images");
  list->add_option("id", args->id, "record id")->required();
  list->add_flag("--json", args->json, "as JSON");
  list->callback([args, &global] {
    auto archive = open_archive(global, Access::kRead);
    auto found = archive->scans(args->id);
    if (!found) exit_with(found.error());
    if (!*found) {
      if (auto record = archive->record(args->id); !record) exit_with(record.error());
      if (args->json) {
        print_text(scan_set_to_json(ScanSet{args->id, {}}));
      } else {
        std::cout << args->id << ": no pages\n";
      }
      return;
    }
    print_scans(**found, args->json);
  });

  CLI::App* history = scans->add_subcommand("history", "Every revision of a record's page list: when, by whom, how many pages");
  history->add_option("id", args->id, "record id")->required();
  history->callback([args, &global] {
    auto archive = open_archive(global, Access::kRead);
    auto revisions = archive->store().history(EntityKind::kScans, args->id);
    if (!revisions) exit_with(revisions.error());
    if (revisions->empty()) {
      if (auto record = archive->record(args->id); !record) exit_with(record.error());
      std::cout << args->id << ": no pages, ever\n";
      return;
    }
    for (const Revision& r : *revisions) {
      std::cout << fmt::format("{:>3}  {}  {}  ", r.number, r.created_at, r.source);
      if (r.deleted) {
        std::cout << "removed\n";
      } else {
        std::cout << r.meta.position << (r.meta.position == 1 ? " page\n" : " pages\n");
      }
    }
  });

  CLI::App* remove = scans->add_subcommand("remove", "Remove a record's page images (their history stays)");
  remove->add_option("id", args->id, "record id")->required();
  remove->add_option("--by", args->by, "the archivist (default: $USER)");
  remove->callback([args, &global] {
    auto archive = open_archive(global, Access::kWrite);
    if (auto r = archive->remove_scans(args->id, editor(args->by)); !r) exit_with(r.error());
    std::cout << "removed the pages of " << args->id << "\n";
  });
}

}  // namespace chancery::cli
