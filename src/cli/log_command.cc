// `chancery log`: what changed in the archive, newest first, from the
// store's change log: imports, editors' corrections, restrictions and
// withdrawals, names work, scans. For the archivist asking "what did
// yesterday's import do" or "what has editor:ana changed".
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/cli_support.h"
#include "cli/commands.h"
#include "store/store.h"

namespace chancery::cli {
namespace {

struct LogArgs {
  int limit = 50;
  std::string by;
  std::string kind;
  std::string since;
  bool json = false;
  bool summary = false;
};

// A run of consecutive changes from one source (an import of a file, a
// `names link`, an editor's session), counted by kind and change.
struct Run {
  std::string source;
  std::int64_t first_seq = 0;
  std::int64_t last_seq = 0;
  std::string first_at;
  std::string last_at;
  std::vector<std::pair<std::string, int>> counts;   // "record added" -> n, in order of first appearance

  void add(const std::string& what) {
    for (auto& [key, n] : counts) {
      if (key == what) {
        ++n;
        return;
      }
    }
    counts.emplace_back(what, 1);
  }
};

void print_run(const Run& run, bool json) {
  if (json) {
    nlohmann::json counts = nlohmann::json::object();
    for (const auto& [key, n] : run.counts) counts[key] = n;
    nlohmann::json line{{"first_seq", run.first_seq}, {"last_seq", run.last_seq}, {"first_at", run.first_at},
                        {"last_at", run.last_at},     {"source", run.source},     {"changes", counts}};
    std::cout << line.dump() << "\n";
    return;
  }
  std::string counts;
  for (const auto& [key, n] : run.counts) {
    if (!counts.empty()) counts += ", ";
    // "record added" -> "3 records added"
    const std::size_t space = key.find(' ');
    std::string noun = key.substr(0, space);
    if (noun == "scans") noun = "scan set";
    if (noun == "about") noun = "collection description";   // a collection's preface, sources, ...
    if (n != 1) noun = noun == "authority" ? "authorities" : noun + "s";
    counts += std::to_string(n) + " " + noun + key.substr(space);
  }
  const std::string seqs = run.first_seq == run.last_seq ? std::to_string(run.first_seq)
                                                         : std::to_string(run.first_seq) + "-" + std::to_string(run.last_seq);
  std::cout << std::left << std::setw(14) << seqs << std::setw(26) << run.last_at << run.source << ": " << counts
            << "\n";
}

// What a revision did, in an archivist's words.
std::string change_of(const Revision& r) {
  if (r.deleted) {
    if (r.kind == EntityKind::kRecord || r.kind == EntityKind::kAnnotation) return "withdrawn";
    return "removed";
  }
  return r.number == 1 ? "added" : "revised";
}

// The log reads the change log backwards in windows of this many changes.
constexpr std::int64_t kWindow = 2000;

}  // namespace

void add_log_command(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<LogArgs>();
  CLI::App* log = app.add_subcommand("log", "What changed in the archive, newest first (imports, editors, names, scans)");
  log->add_option("--limit", args->limit, "at most this many changes")->capture_default_str()->check(CLI::Range(1, 1000000));
  log->add_option("--by", args->by, "only changes whose source contains this (editor:ana, a file name, names:)");
  log->add_option("--kind", args->kind, "only this kind: record, collection, about, person, term, authority, annotation, scans")
      ->check(CLI::IsMember({"record", "collection", "about", "person", "term", "authority", "annotation", "scans"}));
  log->add_option("--since", args->since, "only changes at or after this time (UTC): 2026-12-01, 2026-12-01T14:00");
  log->add_flag("--summary", args->summary,
                "one line for each run of changes from one source (an import of a file, a names link, an editor)");
  log->add_flag("--json", args->json, "one JSON object a line: seq, created_at, kind, id, revision, change, title, source");
  log->callback([args, &global] {
    if (!args->since.empty() &&
        (args->since.size() < 4 || !std::all_of(args->since.begin(), args->since.begin() + 4, [](char c) {
          return c >= '0' && c <= '9';
        }))) {
      exit_with(Error{ErrorCode::kInvalidInput, "--since must be a UTC time such as 2026-12-01 or 2026-12-01T14:00",
                      {}, 0, 0},
                2);
    }
    auto archive = open_archive(global, Access::kRead);
    Store& store = archive->store();
    auto last = store.last_seq();
    if (!last) exit_with(last.error());
    const std::optional<EntityKind> kind =
        args->kind.empty() ? std::nullopt : kind_from_name(args->kind);
    if (!args->json && args->summary) {
      std::cout << std::left << std::setw(14) << "seq" << std::setw(26) << "last change (UTC)" << "source: changes\n";
    } else if (!args->json) {
      std::cout << std::left << std::setw(8) << "seq" << std::setw(26) << "created (UTC)" << std::setw(12) << "kind"
                << std::setw(10) << "change" << "id (revision)  source\n";
    }
    int shown = 0;
    bool done = false;
    std::optional<Run> run;   // --summary: the run being counted (read newest first)
    for (std::int64_t high = *last; high > 0 && !done;) {
      const std::int64_t low = std::max<std::int64_t>(0, high - kWindow);
      auto window = store.changes_since(low, static_cast<int>(kWindow), /*with_json=*/false);
      if (!window) exit_with(window.error());
      for (auto r = window->rbegin(); r != window->rend(); ++r) {
        if (r->seq > high) continue;
        if (!args->since.empty() && r->created_at.compare(0, args->since.size(), args->since) < 0) {
          done = true;   // older than asked for, and so is everything after it
          break;
        }
        if (kind && r->kind != *kind) continue;
        if (!args->by.empty() && r->source.find(args->by) == std::string::npos) continue;
        const std::string change = change_of(*r);
        if (args->summary) {
          if (run && run->source != r->source) {
            print_run(*run, args->json);
            run.reset();
            if (++shown >= args->limit) {
              done = true;
              break;
            }
          }
          if (!run) {
            run.emplace();
            run->source = r->source;
            run->last_seq = r->seq;
            run->last_at = r->created_at;
          }
          run->first_seq = r->seq;
          run->first_at = r->created_at;
          run->add(std::string(kind_name(r->kind)) + " " + change);
          continue;
        }
        if (args->json) {
          nlohmann::json line{{"seq", r->seq},       {"created_at", r->created_at}, {"kind", kind_name(r->kind)},
                              {"id", r->id},         {"revision", r->number},       {"change", change},
                              {"title", r->meta.title}, {"source", r->source}};
          std::cout << line.dump() << "\n";
        } else {
          std::string what = r->id + " (" + std::to_string(r->number) + ")";
          // An annotation's type ("correction", "withdrawal") is its listing title.
          if (r->kind == EntityKind::kAnnotation && !r->meta.title.empty()) what += " " + r->meta.title;
          std::cout << std::left << std::setw(8) << r->seq << std::setw(26) << r->created_at << std::setw(12)
                    << kind_name(r->kind) << std::setw(10) << change << what << "  " << r->source << "\n";
        }
        if (++shown >= args->limit) {
          done = true;
          break;
        }
      }
      high = low;
    }
    if (run) print_run(*run, args->json);
    std::cout.flush();
  });
}

}  // namespace chancery::cli
