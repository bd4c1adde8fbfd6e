#include "archive/replication.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "archive/archive_impl.h"
#include "index/xapian_index.h"
#include "store/postgres_store.h"
#include "store/store.h"
#include "util/subprocess.h"

namespace chancery {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxConfigBytes = 4096;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool has_archive(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / kStoreFileName, ec) || fs::exists(dir / kStoreLocationFileName, ec);
}

// The tool's last lines, for an error message.
std::string tail_of(const std::string& output) {
  std::string_view text = trim(output);
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (text.size() > 600) text = text.substr(text.size() - 600);
  return std::string(text);
}

// One xapian-replicate run: the primary's `master` into `replica`.
Result<void> replicate_shard(const ReplicationConfig& config, const std::string& master, const fs::path& replica,
                             const PullOptions& options) {
  const std::vector<std::string> argv = {
      "xapian-replicate", "--host=" + config.primary_host, "--port=" + std::to_string(config.primary_port),
      "--master=" + master, "--one-shot", "--reader-time=" + std::to_string(options.reader_time.count()),
      // Socket timeouts, so a primary that stops answering ends the round.
      "--timeout=60", replica.string()};
  auto ran = run_process(argv, options.timeout);
  if (!ran) {
    return fail(ErrorCode::kIo, ran.error().message + " (xapian-replicate is in Debian's xapian-tools)");
  }
  if (ran->exit_status != 0) {
    return fail(ErrorCode::kIo, "replicating " + master + " from " + config.primary() + " failed (exit status " +
                                    std::to_string(ran->exit_status) + "): " + tail_of(ran->output));
  }
  // The tool reports one failure on its output and still exits 0: a full
  // copy that the primary's commits kept overtaking ("Replication using a
  // full copy failed").
  if (ran->output.find("failed") != std::string::npos) {
    return fail(ErrorCode::kIo, "replicating " + master + " from " + config.primary() + ": " + tail_of(ran->output));
  }
  return {};
}

// The replica's pull lock (DIR/replication.lock, flock): held by a pull
// round, and by a promotion, so neither meets the other half done.
class PullLock {
 public:
  static Result<PullLock> take(const fs::path& dir) {
    const fs::path path = dir / "replication.lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return fail(ErrorCode::kIo, "cannot open " + path.string() + ": " + std::strerror(errno));
    PullLock lock(fd);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      return fail(ErrorCode::kConflict, "a `chancery replication pull` is running on " + dir.string());
    }
    return lock;
  }
  PullLock(PullLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  PullLock& operator=(PullLock&&) = delete;
  ~PullLock() {
    if (fd_ >= 0) ::close(fd_);
  }

 private:
  explicit PullLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace

std::string ReplicationConfig::primary() const {
  const bool v6 = primary_host.find(':') != std::string::npos;
  return (v6 ? "[" + primary_host + "]" : primary_host) + ":" + std::to_string(primary_port);
}

Result<std::pair<std::string, int>> parse_host_port(std::string_view text) {
  const auto bad = [&] {
    std::string message = "'";
    message.append(text.substr(0, 100));
    message += "' is not HOST:PORT";
    return fail(ErrorCode::kInvalidInput, std::move(message));
  };
  std::string_view host;
  std::string_view port;
  if (text.starts_with('[')) {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') return bad();
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return bad();
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) return bad();   // IPv6 goes in brackets
  }
  if (host.empty() || host.size() > 253) return bad();
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == ':' || c == '_';
    if (!ok) return bad();
  }
  int number = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || number < 1 || number > 65535) {
    return bad();
  }
  return std::pair<std::string, int>{std::string(host), number};
}

Result<ReplicationConfig> read_replication(const fs::path& dir) {
  const fs::path path = dir / kReplicationFileName;
  std::error_code ec;
  ReplicationConfig config;
  if (!fs::exists(path, ec)) return config;
  const std::string file = path.string();
  if (fs::file_size(path, ec) > kMaxConfigBytes) {
    return fail_at(file, 0, "longer than " + std::to_string(kMaxConfigBytes) + " bytes: not a replication setting");
  }
  std::ifstream in(path);
  if (!in) return fail(ErrorCode::kIo, "cannot read " + file);
  std::string raw;
  int line_number = 0;
  bool has_role = false;
  while (std::getline(in, raw)) {
    ++line_number;
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    const std::size_t space = line.find_first_of(" \t");
    const std::string_view key = line.substr(0, space);
    const std::string_view value = space == std::string_view::npos ? std::string_view{} : trim(line.substr(space));
    if (key == "role") {
      if (value == "primary") {
        config.role = ReplicationRole::kPrimary;
      } else if (value == "replica") {
        config.role = ReplicationRole::kReplica;
      } else {
        return fail_at(file, line_number, "expected 'role primary' or 'role replica'");
      }
      has_role = true;
    } else if (key == "changesets") {
      const auto [end, errc] = std::from_chars(value.data(), value.data() + value.size(), config.changesets);
      if (value.empty() || errc != std::errc{} || end != value.data() + value.size() || config.changesets < 1 ||
          config.changesets > kMaxChangesets) {
        return fail_at(file, line_number,
                       "expected 'changesets N' with N from 1 to " + std::to_string(kMaxChangesets));
      }
    } else if (key == "primary") {
      auto address = parse_host_port(value);
      if (!address) return fail_at(file, line_number, "expected 'primary HOST:PORT'");
      config.primary_host = address->first;
      config.primary_port = address->second;
    } else {
      return fail_at(file, line_number, "unknown setting '" + std::string(key.substr(0, 40)) +
                                            "' (expected role, changesets or primary)");
    }
  }
  if (!has_role) return fail_at(file, line_number, "no 'role primary' or 'role replica' line");
  if (config.role == ReplicationRole::kPrimary && config.changesets == 0) config.changesets = kDefaultChangesets;
  if (config.role == ReplicationRole::kReplica && config.primary_port == 0) {
    return fail_at(file, line_number, "a replica needs a 'primary HOST:PORT' line");
  }
  return config;
}

Result<void> replace_file(const fs::path& path, std::string_view text) {
  const fs::path temporary = path.string() + ".new";
  {
    std::ofstream out(temporary, std::ios::trunc | std::ios::binary);
    out << text;
    out.flush();
    if (!out) return fail(ErrorCode::kIo, "cannot write " + temporary.string());
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot write " + path.string() + ": " + ec.message());
  return {};
}

Result<void> write_replication(const fs::path& dir, const ReplicationConfig& config) {
  const fs::path path = dir / kReplicationFileName;
  if (config.role == ReplicationRole::kNone) {
    std::error_code ec;
    fs::remove(path, ec);
    if (ec) return fail(ErrorCode::kIo, "cannot remove " + path.string() + ": " + ec.message());
    return {};
  }
  std::ostringstream text;
  text << "# Index replication of this archive folder (README \"Replicas\"); written by `chancery`.\n";
  if (config.role == ReplicationRole::kPrimary) {
    text << "role primary\nchangesets " << config.changesets << "\n";
  } else {
    text << "role replica\nprimary " << config.primary() << "\n";
  }
  return replace_file(path, text.str());
}

Result<void> create_replica(const fs::path& dir, const std::string& store_location, const std::string& primary) {
  auto address = parse_host_port(primary);
  if (!address) return std::unexpected(address.error());
  if (!is_postgres_location(store_location)) {
    return fail(ErrorCode::kInvalidInput,
                "a replica reads its primary's records from PostgreSQL: give the primary's store (--store "
                "postgresql://...)");
  }
  std::error_code ec;
  if (has_archive(dir)) return fail(ErrorCode::kConflict, "there is an archive in " + dir.string() + " already");
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return fail(ErrorCode::kConflict, dir.string() + " is not empty");
  }
  // The store must be there already: a replica never creates one.
  auto store = open_store(store_location, /*read_only=*/true);
  if (!store) {
    return fail(store.error().code, "the replica's store: " + store.error().message +
                                        " (initialise the primary first, with `chancery init --store`)");
  }
  store->reset();
  fs::create_directories(dir, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot create " + dir.string() + ": " + ec.message());
  ReplicationConfig config;
  config.role = ReplicationRole::kReplica;
  config.primary_host = address->first;
  config.primary_port = address->second;
  // The setting first: a folder with store.location and no replication.conf
  // would be taken for a primary by the next writer.
  if (auto r = write_replication(dir, config); !r) return r;
  return replace_file(dir / kStoreLocationFileName, store_location + "\n");
}

Result<PullReport> pull_index(const fs::path& dir, const PullOptions& options) {
  auto config = read_replication(dir);
  if (!config) return std::unexpected(config.error());
  if (config->role != ReplicationRole::kReplica) {
    return fail(ErrorCode::kConflict, dir.string() + " is no index replica (`chancery init --store URI --replica-of "
                                                     "HOST:PORT` makes one)");
  }
  // One pull at a time: two xapian-replicate runs on one replica would
  // write the same copy.
  auto lock = PullLock::take(dir);
  if (!lock) return std::unexpected(lock.error());
  PullReport report;
  const fs::path index = dir / kIndexDirName;
  std::error_code ec;
  if (!xapian_shard_paths(index).empty()) {
    // Shard by shard, in place: xapian-replicate applies changesets to the
    // live copy, or switches the stub to a new whole copy.
    for (int i = 0; fs::exists(index / ("shard" + std::to_string(i)), ec); ++i) {
      const std::string name = "shard" + std::to_string(i);
      if (auto r = replicate_shard(*config, name, index / name, options); !r) return std::unexpected(r.error());
      ++report.shards;
    }
    return report;
  }
  // The first copy: all shards beside the index, then one rename.
  const fs::path staging = dir / "index.pull";
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot create " + staging.string() + ": " + ec.message());
  if (auto r = replicate_shard(*config, "shard0", staging / "shard0", options); !r) return std::unexpected(r.error());
  std::vector<fs::path> copied = xapian_shard_paths(staging);
  if (copied.empty()) return fail(ErrorCode::kIo, "the primary sent no database for shard0");
  auto shards = xapian_recorded_shard_count(copied.front());
  if (!shards) return std::unexpected(shards.error());
  for (int i = 1; i < *shards; ++i) {
    const std::string name = "shard" + std::to_string(i);
    if (auto r = replicate_shard(*config, name, staging / name, options); !r) return std::unexpected(r.error());
  }
  if (const std::size_t got = xapian_shard_paths(staging).size(); static_cast<int>(got) != *shards) {
    return fail(ErrorCode::kIo, "the primary's index has " + std::to_string(*shards) + " shards; " +
                                    std::to_string(got) + " were copied");
  }
  fs::remove_all(index, ec);   // an empty or partial folder (no shard 0)
  fs::rename(staging, index, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot move " + staging.string() + " to " + index.string() + ": " + ec.message());
  report.shards = *shards;
  report.first_copy = true;
  return report;
}

Result<void> promote_replica(const fs::path& dir, int changesets) {
  auto config = read_replication(dir);
  if (!config) return std::unexpected(config.error());
  if (config->role != ReplicationRole::kReplica) return fail(ErrorCode::kConflict, dir.string() + " is no index replica");
  auto lock = PullLock::take(dir);
  if (!lock) return std::unexpected(lock.error());
  if (xapian_shard_paths(dir / kIndexDirName).empty()) {
    return fail(ErrorCode::kConflict, dir.string() + " has no index copied yet: pull once first");
  }
  ReplicationConfig primary;
  primary.role = ReplicationRole::kPrimary;
  primary.changesets = changesets;
  return write_replication(dir, primary);
}

std::vector<std::string> replication_server_command(const fs::path& dir, const std::string& host, int port) {
  return {"xapian-replicate-server", "--interface=" + host, "--port=" + std::to_string(port),
          (dir / kIndexDirName).string()};
}

}  // namespace chancery
