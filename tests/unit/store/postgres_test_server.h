// A private PostgreSQL server for the tests: a cluster created with initdb in
// a fresh folder under the system's temporary one, listening on a unix socket
// in that folder only (no TCP port), started on first use and stopped (and
// its folder removed) when the test program exits. Run as root, the cluster
// belongs to the `postgres` user, as initdb requires. Without PostgreSQL's
// server programs (Debian's postgresql package) there is no server, and the
// reason says why.
#pragma once

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <system_error>

namespace chancery::testing {

class PostgresTestServer {
 public:
  // The shared server, or null with `why` set when it cannot run here.
  static PostgresTestServer* instance(std::string* why) {
    static std::string reason;
    static std::unique_ptr<PostgresTestServer> server = start(reason);
    if (!server && why != nullptr) *why = reason;
    return server.get();
  }

  // A libpq connection string for the server's `postgres` database.
  const std::string& conninfo() const { return conninfo_; }

  ~PostgresTestServer() {
    (void)run(pg_ctl() + " -D '" + (dir_ / "data").string() + "' -m immediate -w stop > /dev/null 2>&1");
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  PostgresTestServer(const PostgresTestServer&) = delete;
  PostgresTestServer& operator=(const PostgresTestServer&) = delete;

 private:
  PostgresTestServer() = default;

  static std::filesystem::path find_bin() {
    std::error_code ec;
    std::filesystem::path best;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
      std::filesystem::path bin = entry.path() / "bin";
      if (std::filesystem::exists(bin / "initdb", ec) && std::filesystem::exists(bin / "pg_ctl", ec) &&
          (best.empty() || bin > best)) {
        best = bin;
      }
    }
    return best;
  }

  std::string as_owner(const std::string& command) const {
    return run_as_postgres_ ? "runuser -u postgres -- " + command : command;
  }
  std::string pg_ctl() const { return as_owner("'" + (bin_ / "pg_ctl").string() + "'"); }
  static int run(const std::string& command) { return std::system(command.c_str()); }

  static std::unique_ptr<PostgresTestServer> start(std::string& why) {
    auto server = std::unique_ptr<PostgresTestServer>(new PostgresTestServer());
    server->bin_ = find_bin();
    if (server->bin_.empty()) {
      why = "PostgreSQL's server programs are not installed (/usr/lib/postgresql/*/bin; scripts/install-deps)";
      return nullptr;
    }
    std::random_device random;
    server->dir_ = std::filesystem::temp_directory_path() /
                   ("chancery-pg-test-" + std::to_string(::getpid()) + "-" + std::to_string(random() % 100000));
    std::filesystem::create_directories(server->dir_);
    if (::geteuid() == 0) {
      const passwd* owner = ::getpwnam("postgres");
      if (owner == nullptr) {
        why = "running as root and there is no postgres user to own the test cluster";
        return nullptr;
      }
      if (::chown(server->dir_.c_str(), owner->pw_uid, owner->pw_gid) != 0) {
        why = "cannot hand " + server->dir_.string() + " to the postgres user";
        return nullptr;
      }
      server->run_as_postgres_ = true;
    }
    const std::string dir = server->dir_.string();
    const int port = 20000 + static_cast<int>(::getpid() % 20000);
    const std::string initdb = server->as_owner("'" + (server->bin_ / "initdb").string() + "' -D '" + dir +
                                                "/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8 > '" + dir +
                                                "/initdb.log' 2>&1");
    if (run(initdb) != 0) {
      why = "initdb failed (see " + dir + "/initdb.log)";
      return nullptr;
    }
    // No TCP at all: the socket in the test's own folder. fsync off: a test
    // cluster need not survive a power cut.
    const std::string start = server->pg_ctl() + " -D '" + dir + "/data' -l '" + dir + "/server.log' -w -t 60 -o \"" +
                              "-c listen_addresses='' -c unix_socket_directories='" + dir + "' -p " +
                              std::to_string(port) + " -c fsync=off -c max_connections=200\" start > /dev/null 2>&1";
    if (run(start) != 0) {
      why = "the test PostgreSQL server did not start (see " + dir + "/server.log)";
      return nullptr;
    }
    server->conninfo_ = "host=" + dir + " port=" + std::to_string(port) + " user=postgres dbname=postgres";
    return server;
  }

  std::filesystem::path bin_;
  std::filesystem::path dir_;
  bool run_as_postgres_ = false;
  std::string conninfo_;
};

}  // namespace chancery::testing
