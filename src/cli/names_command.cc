// `chancery names ...`: authority records for people, organisations and
// places under every spelling.
//   names show ID|NAME          one authority: variants with sources, roles, ids
//   names history ID|NAME       its revisions
//   names search NAME           authorities a name fits
//   names add-variant ID|NAME VARIANT [--source S]
//   names merge INTO FROM       names split INTO FROM
//   names import-pocom DIR      names link (re-links the whole archive)
#include <unistd.h>

#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

#include "archive/names_service.h"
#include "cli/cli_support.h"

namespace chancery::cli {
namespace {

struct NamesArgs {
  std::string target;
  std::string other;
  std::string source = "editor";
  std::string dir;
  bool json = false;
};

nlohmann::json summary_json(const Authority& a) { return {{"id", a.id}, {"kind", a.kind}, {"name", a.name}}; }

void print_authority(const Authority& a, bool json) {
  if (json) {
    print_text(to_json(a).dump(2));
    return;
  }
  std::cout << a.name << "  [" << a.id << "]\n";
  if (a.kind != "person") std::cout << "  kind: " << a.kind << "\n";
  if (a.birth_year != 0 || a.death_year != 0) {
    std::cout << "  life: " << (a.birth_year ? std::to_string(a.birth_year) : "?") << "-"
              << (a.death_year ? std::to_string(a.death_year) : "") << "\n";
  }
  if (!a.identification.empty()) std::cout << "  identification: " << a.identification << "\n";
  if (!a.variants.empty()) std::cout << "  variants:\n";
  for (const AuthorityVariant& v : a.variants) {
    std::cout << "    " << v.name << "  (" << v.source << (v.origin.empty() ? "" : ", from " + v.origin) << ")\n";
  }
  if (!a.roles.empty()) std::cout << "  roles:\n";
  for (const AuthorityRole& r : a.roles) {
    std::cout << "    " << r.title;
    if (!r.from.empty() || !r.to.empty()) std::cout << "  " << r.from << "-" << r.to;
    std::cout << "  (" << r.source << ")\n";
  }
  if (!a.external_ids.empty()) {
    std::cout << "  ids:";
    for (const std::string& id : a.external_ids) std::cout << " " << id;
    std::cout << "\n";
  }
  for (const nlohmann::json& merged : a.absorbed) std::cout << "  merged: " << merged.value("id", "") << "\n";
  std::cout.flush();
}

// Redraws "[=====   ] done/total" on stderr when it is a terminal.
void draw_progress(std::size_t done, std::size_t total) {
  static const bool tty = ::isatty(STDERR_FILENO) == 1;
  if (!tty || total == 0 || (done % 50 != 0 && done != total)) return;
  constexpr std::size_t kWidth = 30;
  std::size_t filled = std::min(done, total) * kWidth / total;
  std::cerr << "\r[" << std::string(filled, '=') << std::string(kWidth - filled, ' ') << "] " << done << "/" << total
            << " records\033[K" << (done == total ? "\r\033[K" : "") << std::flush;
}

}  // namespace

void add_names_command(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<NamesArgs>();
  CLI::App* names = app.add_subcommand("names", "Authority records: people, organisations and places under every spelling");
  names->require_subcommand(1);

  CLI::App* show = names->add_subcommand("show", "Show an authority record (by id, source id or name)");
  show->add_option("target", args->target, "authority id, source id (frus1961-63v05/p_YAA1) or name")->required();
  show->add_flag("--json", args->json, "print the stored JSON");
  show->callback([args, &global] {
    auto archive = open_archive(global, Access::kRead);
    NameService service(*archive);
    auto a = service.find_one(args->target);
    if (!a) exit_with(a.error());
    print_authority(*a, args->json);
  });

  CLI::App* search = names->add_subcommand("search", "List the authorities a name fits, in any spelling");
  search->add_option("name", args->target, "a name: Chruschtschow, \"Imre Nagy\", Yepishev")->required();
  search->add_flag("--json", args->json, "print JSON");
  search->callback([args, &global] {
    auto archive = open_archive(global, Access::kRead);
    NameService service(*archive);
    auto found = service.search(args->target);
    if (args->json) {
      nlohmann::json out = nlohmann::json::array();
      for (const Authority& a : found) out.push_back(summary_json(a));
      print_text(out.dump(2));
      return;
    }
    if (found.empty()) exit_with(Error{ErrorCode::kNotFound, "no authority fits " + args->target, {}, 0, 0});
    for (const Authority& a : found) std::cout << std::left << std::setw(48) << a.id << " " << a.name << "\n";
    std::cout.flush();
  });

  CLI::App* history = names->add_subcommand("history", "List every revision of an authority record");
  history->add_option("target", args->target, "authority id, source id or name")->required();
  history->callback([args, &global] {
    auto archive = open_archive(global, Access::kRead);
    NameService service(*archive);
    auto revisions = service.history(args->target);
    if (!revisions) exit_with(revisions.error());
    std::cout << std::left << std::setw(5) << "rev" << std::setw(26) << "created (UTC)" << std::setw(8) << "seq"
              << "source\n";
    for (const Revision& revision : *revisions) {
      std::cout << std::left << std::setw(5) << revision.number << std::setw(26) << revision.created_at
                << std::setw(8) << revision.seq << revision.source << "\n";
    }
    std::cout.flush();
  });

  CLI::App* add = names->add_subcommand("add-variant", "Record another spelling of an authority's name");
  add->add_option("target", args->target, "authority id or name")->required();
  add->add_option("variant", args->other, "the spelling")->required();
  add->add_option("--source", args->source, "where it is recorded (default: editor)");
  add->callback([args, &global] {
    auto archive = open_archive(global, Access::kWrite);
    NameService service(*archive);
    std::string source = args->source == "editor" ? "editor" : args->source;
    if (source == "editor") {
      const char* user = std::getenv("USER");
      source = std::string("editor:") + (user != nullptr && *user != '\0' ? user : "unknown");
    }
    std::size_t reindexed = 0;
    auto a = service.add_variant(args->target, args->other, source, &reindexed);
    if (!a) exit_with(a.error());
    std::cout << "added \"" << args->other << "\" to " << a->id << " (" << a->name << "); reindexed " << reindexed
              << " linked records\n";
  });

  CLI::App* merge = names->add_subcommand("merge", "Merge authority FROM into INTO (both ids keep resolving)");
  merge->add_option("into", args->target, "the authority that stays")->required();
  merge->add_option("from", args->other, "the authority merged into it")->required();
  merge->callback([args, &global] {
    auto archive = open_archive(global, Access::kWrite);
    NameService service(*archive);
    std::size_t reindexed = 0;
    auto a = service.merge(args->target, args->other, &reindexed);
    if (!a) exit_with(a.error());
    std::cout << "merged " << args->other << " into " << a->id << " (" << a->name << "); reindexed " << reindexed
              << " linked records\n";
  });

  CLI::App* split = names->add_subcommand("split", "Undo a merge: restore FROM out of INTO");
  split->add_option("into", args->target, "the authority FROM was merged into")->required();
  split->add_option("from", args->other, "the merged id to restore")->required();
  split->callback([args, &global] {
    auto archive = open_archive(global, Access::kWrite);
    NameService service(*archive);
    std::size_t reindexed = 0;
    auto a = service.split(args->target, args->other, &reindexed);
    if (!a) exit_with(a.error());
    std::cout << "restored " << a->id << " (" << a->name << ") from " << args->target << "; reindexed " << reindexed
              << " linked records\n";
  });

  CLI::App* pocom = names->add_subcommand("import-pocom", "Import POCOM persons (Principal Officers and Chiefs of Mission)");
  pocom->add_option("dir", args->dir, "the POCOM folder (with people/ and missions-countries/)")->required();
  pocom->callback([args, &global] {
    auto archive = open_archive(global, Access::kCreate);
    NameService service(*archive);
    auto n = service.import_pocom(args->dir);
    if (!n) exit_with(n.error());
    std::cout << "imported " << *n << " POCOM persons\n";
  });

  CLI::App* link = names->add_subcommand("link", "Build authorities from every source and link names in every record");
  link->add_flag("--json", args->json, "print the report as JSON");
  link->callback([args, &global] {
    // It reindexes every record: replicas copy the index whole afterwards.
    auto archive = open_archive(global, Access::kBulkWrite);
    NameService service(*archive);
    auto report = service.link(draw_progress);
    if (!report) exit_with(report.error());
    const double rate = report->seconds > 0 ? static_cast<double>(report->records) / report->seconds : 0;
    if (args->json) {
      print_text(nlohmann::json{{"authorities", report->authorities}, {"created", report->created},
                                {"updated", report->updated}, {"records", report->records},
                                {"mentions", report->mentions}, {"certain", report->certain},
                                {"ambiguous", report->ambiguous}, {"text_bytes", report->text_bytes},
                                {"seconds", report->seconds}, {"records_per_second", rate}}
                     .dump());
      return;
    }
    std::cout << "linked " << report->records << " records in " << std::fixed << std::setprecision(1)
              << report->seconds << " s (" << std::setprecision(0) << rate << " records/s): " << report->mentions
              << " mentions (" << report->certain << " certain, " << report->ambiguous << " ambiguous); "
              << report->authorities << " authorities (" << report->created << " new, " << report->updated
              << " updated)\n";
  });
}

}  // namespace chancery::cli
