// `chancery replication enable|disable|serve|pull|promote|status`: index replicas
// for reading rooms on other machines (src/archive/replication.h).
#include <atomic>
#include <chrono>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "archive/replication.h"
#include "cli/cli_support.h"
#include "util/subprocess.h"

namespace chancery::cli {
namespace {

std::atomic<bool> stop_pulling{false};
extern "C" void on_stop_signal(int) { stop_pulling = true; }

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

ReplicationConfig read_or_exit(const GlobalOptions& global) {
  auto config = read_replication(global.archive_dir);
  if (!config) exit_with(config.error());
  return *config;
}

// The archive must exist and be no replica (enable, disable, serve).
ReplicationConfig primary_or_exit(const GlobalOptions& global) {
  open_archive(global, Access::kRead);   // exits with a message when there is none
  ReplicationConfig config = read_or_exit(global);
  if (config.role == ReplicationRole::kReplica) {
    exit_with(fail(ErrorCode::kConflict, global.archive_dir + " is an index replica of " + config.primary() +
                                             ", not a primary")
                  .error());
  }
  return config;
}

}  // namespace

void add_replication_command(CLI::App& app, GlobalOptions& global) {
  CLI::App* replication = app.add_subcommand(
      "replication", "Index replicas: reading rooms on other machines searching a copy of this archive's index");
  replication->require_subcommand(1);

  auto changesets = std::make_shared<int>(kDefaultChangesets);
  CLI::App* enable = replication->add_subcommand(
      "enable", "Make this archive a primary: its index keeps its last commits for replicas to apply");
  enable->add_option("--changesets", *changesets,
                     "commits each shard keeps (a replica further behind copies the shard whole)")
      ->check(CLI::Range(1, kMaxChangesets));
  enable->callback([&global, changesets] {
    ReplicationConfig config = primary_or_exit(global);
    config.role = ReplicationRole::kPrimary;
    config.changesets = *changesets;
    if (auto r = write_replication(global.archive_dir, config); !r) exit_with(r.error());
    std::cout << "primary: each shard keeps its last " << config.changesets
              << " commits for replicas, from the next write on; serve them with `chancery replication serve`"
              << std::endl;
  });

  CLI::App* disable = replication->add_subcommand("disable", "Stop keeping commits for replicas (a primary)");
  disable->callback([&global] {
    primary_or_exit(global);
    if (auto r = write_replication(global.archive_dir, ReplicationConfig{}); !r) exit_with(r.error());
    std::cout << "replication off: replicas copy each shard whole at their next pull" << std::endl;
  });

  auto promote_changesets = std::make_shared<int>(kDefaultChangesets);
  CLI::App* promote = replication->add_subcommand(
      "promote", "Make this replica a primary (when the old primary is gone): it writes its own index from now on");
  promote->add_option("--changesets", *promote_changesets, "commits each shard keeps for replicas of its own")
      ->check(CLI::Range(1, kMaxChangesets));
  promote->callback([&global, promote_changesets] {
    if (auto r = promote_replica(global.archive_dir, *promote_changesets); !r) exit_with(r.error());
    // A writer now: it catches the index up with the store's changes the
    // last pull had not brought.
    auto archive = open_archive(global, Access::kWrite);
    auto stats = archive->stats();
    if (!stats) exit_with(stats.error());
    std::cout << "primary: " << global.archive_dir << " writes its own index from now on (at store change "
              << stats->index_seq << "); stop writing through the old primary" << std::endl;
  });

  auto listen = std::make_shared<std::string>("127.0.0.1:7010");
  CLI::App* serve = replication->add_subcommand(
      "serve", "Serve this primary's index to replicas (runs xapian-replicate-server until stopped)");
  serve->add_option("--listen", *listen,
                    "HOST:PORT to listen on (default 127.0.0.1:7010; the protocol has no authentication: "
                    "listen on a private network only)");
  serve->callback([&global, listen] {
    const ReplicationConfig config = primary_or_exit(global);
    if (config.role != ReplicationRole::kPrimary) {
      exit_with(fail(ErrorCode::kConflict, global.archive_dir + " is not a primary (`chancery replication enable`)").error());
    }
    auto address = parse_host_port(*listen);
    if (!address) exit_with(address.error());
    std::cout << "serving the index of " << global.archive_dir << " to replicas on " << *listen << std::endl;
    auto status = run_foreground(replication_server_command(global.archive_dir, address->first, address->second));
    if (!status) {
      exit_with(fail(ErrorCode::kIo, status.error().message + " (xapian-replicate-server is in Debian's xapian-tools)")
                    .error());
    }
    // Stopped by a signal we passed on: a normal end.
    if (*status != 0 && *status != 128 + SIGTERM) throw CLI::RuntimeError(*status);
  });

  struct PullArgs {
    double interval = 1;
    int reader_time = 0;
    bool once = false;
  };
  auto pull_args = std::make_shared<PullArgs>();
  CLI::App* pull = replication->add_subcommand(
      "pull", "Bring this replica's index up to the primary's, every --interval seconds until stopped");
  pull->add_option("--interval", pull_args->interval, "seconds between rounds (default 1)")
      ->check(CLI::Range(0.1, 86400.0));
  pull->add_option("--reader-time", pull_args->reader_time,
                   "seconds to leave readers between two changesets applied (default 0: readers reopen)")
      ->check(CLI::Range(0, 3600));
  pull->add_flag("--once", pull_args->once, "one round, then exit (status 1 if it failed)");
  pull->callback([&global, pull_args] {
    // A missing tool is no passing failure: say so and stop.
    if (auto tool = run_process({"xapian-replicate", "--version"}, std::chrono::seconds(30));
        !tool || tool->exit_status != 0) {
      exit_with(fail(ErrorCode::kNotFound, "xapian-replicate does not run (it is in Debian's xapian-tools)").error());
    }
    PullOptions options;
    options.reader_time = std::chrono::seconds(pull_args->reader_time);
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);
    bool failing = false;
    while (true) {
      auto round = pull_index(global.archive_dir, options);
      if (!round) {
        if (round.error().code == ErrorCode::kConflict || round.error().code == ErrorCode::kInvalidInput ||
            pull_args->once) {
          exit_with(round.error());
        }
        // The primary may be restarting: say so once, and go on trying.
        if (!failing) std::cerr << utc_now() << " chancery: " << round.error().describe() << std::endl;
        failing = true;
      } else {
        if (round->first_copy) {
          std::cout << utc_now() << " copied the primary's index: " << round->shards << " shards" << std::endl;
        } else if (failing) {
          std::cout << utc_now() << " replicating again" << std::endl;
        }
        failing = false;
      }
      if (pull_args->once || stop_pulling) return;
      const auto until =
          std::chrono::steady_clock::now() + std::chrono::duration<double>(pull_args->interval);
      while (!stop_pulling && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      if (stop_pulling) return;
    }
  });

  CLI::App* status = replication->add_subcommand("status", "What this folder is, and how far its index is behind");
  status->callback([&global] {
    const ReplicationConfig config = read_or_exit(global);
    auto archive = open_archive(global, Access::kRead);
    auto stats = archive->stats();
    if (!stats) exit_with(stats.error());
    switch (config.role) {
      case ReplicationRole::kNone: std::cout << "role         none (`chancery replication enable` makes a primary)\n"; break;
      case ReplicationRole::kPrimary: {
        // What the shards keep now (a bulk import keeps none).
        std::uintmax_t files = 0, bytes = 0;
        std::error_code ec;
        const std::filesystem::path index = std::filesystem::path(global.archive_dir) / "index";
        for (std::filesystem::recursive_directory_iterator it(index, ec), end; !ec && it != end; it.increment(ec)) {
          if (it->is_regular_file(ec) && it->path().filename().string().starts_with("changes")) {
            ++files;
            bytes += it->file_size(ec);
          }
        }
        std::cout << "role         primary\nchangesets   " << config.changesets << " kept a shard; " << files
                  << " now, " << (bytes + 500000) / 1000000 << " MB\n";
        break;
      }
      case ReplicationRole::kReplica: std::cout << "role         replica\nprimary      " << config.primary() << "\n"; break;
    }
    const std::int64_t behind = stats->store.last_seq - stats->index_seq;
    std::cout << "store at     change " << stats->store.last_seq << "\n"
              << "index at     change " << stats->index_seq << "\n"
              << "behind       " << behind << (behind == 0 ? " (up to date)" : " changes") << std::endl;
  });
}

}  // namespace chancery::cli
