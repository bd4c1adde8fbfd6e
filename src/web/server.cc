#include "images/image_codec.h"
#include "web/server.h"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>

#include <atomic>
#include <ctime>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/span_body.hpp>
#include <fmt/format.h>

#include "archive/archive.h"
#include "archive/names_directory.h"
#include "archive/store_version.h"
#include "web/archive_versions.h"
#include "web/collection_cache.h"
#include "web/mention_cache.h"
#include "util/idle_thread.h"
#include "web/printed_index_headings.h"
#include "web/dispatcher.h"
#include "web/response_cache.h"
#include "web/responses.h"
#include "web/router.h"
#include "web/site.h"
#include "web/url.h"
#include "web/worker_pool.h"

namespace chancery::web {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// The records' mentions kept (MentionCache): about 12 bytes a mention and 200
// a record, so every record of the 22 FRUS volumes takes 3-4 MB, and this
// holds some 70,000 records of a larger archive.
constexpr std::size_t kMentionCacheBytes = std::size_t{32} << 20;

class Session;

// Answers the workers have handed to the I/O threads and that are not written
// yet. The I/O threads run as SCHED_BATCH (run_server): under load they run
// when a worker's time slice ends, at the scheduler's tick (4 ms here), and
// the answers wait until then. A worker that finds the oldest answer waiting
// longer than kGiveWayAfter when it ends a job yields its core, so the I/O
// thread runs and writes them all. On 2 cores, cold search pages, three pairs
// in turns (bench/README, 2026-12-01 17:05): p99 19.1/18.7/19.1 ms against
// 20.1/20.0/19.9 ms without, at 2,343/2,333/2,324 against 2,370/2,320/2,380
// requests/s. Trials of the prototype: a limit of 1 ms gave p99 19.0 ms at
// 2,328 requests/s, yielding after every job p99 19.1 ms at 2,211-2,247
// requests/s, 3 ms about nothing.
class AnswerBacklog {
 public:
  static constexpr std::chrono::nanoseconds kGiveWayAfter = std::chrono::milliseconds(2);

  // On the thread that made an answer, as it hands it over.
  void handed_over() {
    std::int64_t none = 0;
    oldest_.compare_exchange_strong(none, now(), std::memory_order_relaxed);
  }
  // On an I/O thread, as it writes an answer: it writes all those waiting
  // before it sleeps again.
  void writing() {
    if (oldest_.load(std::memory_order_relaxed) != 0) oldest_.store(0, std::memory_order_relaxed);
  }
  // On a worker, between jobs.
  void give_way_if_late() const {
    const std::int64_t oldest = oldest_.load(std::memory_order_relaxed);
    if (oldest != 0 && now() - oldest > kGiveWayAfter.count()) sched_yield();
  }

 private:
  static std::int64_t now() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
  }
  std::atomic<std::int64_t> oldest_{0};   // steady-clock ns; 0: none waiting
};

// State shared by the listener and every session.
struct ServerState {
  ServerState(const ServerOptions& o, Site& s, Dispatcher& d, AnswerBacklog& b)
      : options(o), site(s), dispatcher(d), backlog(b) {}

  const ServerOptions& options;
  Site& site;
  Dispatcher& dispatcher;
  AnswerBacklog& backlog;
  std::atomic<bool> stopping{false};
  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  std::mutex log_mutex;

  std::size_t open_sessions() {
    std::lock_guard lock(sessions_mutex);
    return sessions.size();
  }
};

std::string log_time() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[64];
  std::strftime(buf, sizeof buf, "%d/%b/%Y:%H:%M:%S +0000", &utc);
  return buf;
}

// The request line as logged: control characters and quotes escaped.
std::string log_safe(std::string_view text) {
  std::string out;
  for (unsigned char c : text.substr(0, 2048)) {
    if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, ServerState& state) : stream_(std::move(socket)), state_(state) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    remote_ = ec ? "-" : endpoint.address().to_string();
  }
  ~Session() {
    std::size_t open;
    {
      std::lock_guard lock(state_.sessions_mutex);
      state_.sessions.erase(this);
      open = state_.sessions.size();
    }
    state_.site.metrics.set_open_connections(static_cast<std::int64_t>(open));
  }

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_head(); });
  }

  // On shutdown: a connection waiting for its next request is closed now;
  // one in the middle of a request finishes it (and then closes).
  void shutdown_if_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) self->close();
    });
  }

 private:
  // Between keep-alive requests: wait (idle timeout) for the first byte, then
  // give the whole head the header timeout, so a slow sender is dropped.
  void wait_for_next_request() {
    if (state_.stopping) return close();
    if (buffer_.size() > 0) return read_head();
    idle_ = true;
    stream_.expires_after(state_.options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      self->idle_ = false;
      if (ec) return self->close();
      self->buffer_.commit(n);
      self->read_head();
    });
  }

  void read_head() {
    // Nothing of this request has arrived yet: shutdown may close it.
    idle_ = buffer_.size() == 0;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(state_.options.limits.parser_head_limit()));
    parser_->body_limit(state_.options.limits.max_body_bytes);
    stream_.expires_after(state_.options.header_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_head(ec); });
  }

  void on_head(beast::error_code ec) {
    idle_ = false;
    started_ = Clock::now();
    if (ec == http::error::header_limit) {
      // The parser may already have taken the request line out of the buffer
      // (a head arriving in pieces): then only the header fields overflowed.
      std::string_view target(parser_->get().target().data(), parser_->get().target().size());
      if (!target.empty()) return send_limit_error(target.size() > state_.options.limits.max_target_bytes ? 414 : 431);
      std::string_view received(static_cast<const char*>(buffer_.data().data()), buffer_.size());
      return send_limit_error(classify_oversized_head(received, state_.options.limits));
    }
    // A Content-Length over the body limit is refused as soon as the head is read.
    if (ec == http::error::body_limit) return send_limit_error(413);
    if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec == net::error::eof) {
      return close();
    }
    if (ec == beast::error::timeout) {
      state_.site.metrics.count_dropped();
      return close();
    }
    if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
      return send_limit_error(400);
    }
    if (ec) return close();

    const auto& head = parser_->get();
    std::size_t header_bytes = 0;
    for (const auto& field : head) header_bytes += field.name_string().size() + field.value().size() + 4;
    std::optional<std::uint64_t> length;
    if (auto n = parser_->content_length()) length = *n;
    std::string_view target(head.target().data(), head.target().size());
    if (int status = check_request_head(target, header_bytes, length, state_.options.limits)) {
      return send_limit_error(status);
    }
    if (parser_->is_done()) return handle();
    stream_.expires_after(state_.options.body_timeout);
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec == http::error::body_limit) return self->send_limit_error(413);
      if (ec) {
        self->state_.site.metrics.count_dropped();
        return self->close();
      }
      self->handle();
    });
  }

  void handle() {
    auto& message = parser_->get();
    keep_alive_ = message.keep_alive();
    is_head_ = message.method() == http::verb::head;
    request_line_ = fmt::format("{} {} HTTP/{}.{}", std::string_view(message.method_string()),
                                std::string_view(message.target()), message.version() / 10,
                                message.version() % 10);
    HttpRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers.emplace(std::move(name), std::string(field.value()));
    }
    request.body = std::move(message.body());
    auto target = parse_target(request.target);
    if (!target) {
      HttpResponse response = error_page(state_.site, 400, target.error().message);
      add_security_headers(response);
      return write(std::move(response));
    }
    request.path = std::move(target->path);
    request.query = std::move(target->query);
    // `done` may run on a worker thread: hop back to this connection's strand.
    state_.dispatcher.dispatch(std::move(request), [self = shared_from_this()](HttpResponse response) {
      self->state_.backlog.handed_over();
      net::post(self->stream_.get_executor(),
                [self, response = std::move(response)]() mutable { self->write(std::move(response)); });
    });
  }

  // Answers a request that broke a limit, then closes: the rest of what the
  // client sends is not read.
  void send_limit_error(int status) {
    keep_alive_ = false;
    linger_ = true;
    is_head_ = false;
    if (request_line_.empty()) request_line_ = "-";
    HttpResponse response = error_page(state_.site, status, "The request exceeds the server's limits.");
    if (status == 400) response = error_page(state_.site, 400, "The request is malformed.");
    response.route = "limits";
    add_security_headers(response);
    write(std::move(response));
  }

  void write(HttpResponse response) {
    state_.backlog.writing();
    // The body is sent from where it is (a kept page's is shared, not
    // copied); `body` keeps it alive until the write completes.
    std::shared_ptr<const std::string> body =
        response.shared_body ? std::move(response.shared_body)
                             : std::make_shared<const std::string>(std::move(response.body));
    auto message = std::make_shared<http::response<http::span_body<const char>>>();
    message->version(11);
    message->result(static_cast<unsigned>(response.status));
    message->set(http::field::server, "Chancery");
    // 204 and 304 have no body, so neither a type nor a length (RFC 9110 8.6,
    // 15.4.5: a 304's length would be the 200's, not 0).
    const bool bodiless = response.status == 204 || response.status == 304;
    if (response.status != 204) message->set(http::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) message->insert(name, value);
    bool keep_alive = keep_alive_ && !state_.stopping;
    message->keep_alive(keep_alive);
    std::size_t body_size = bodiless ? 0 : body->size();
    if (bodiless) {
      // the header alone
    } else if (is_head_) {
      message->content_length(body_size);
    } else {
      message->body() = beast::span<const char>(body->data(), body->size());
      message->prepare_payload();
    }
    double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    state_.site.metrics.observe(response.route, response.status, seconds);
    log(response.status, is_head_ ? 0 : body_size, seconds);
    if (!response.failure.empty()) log_failure(response.status, response.failure);
    stream_.expires_after(state_.options.write_timeout);
    http::async_write(stream_, *message, [self = shared_from_this(), message, body, keep_alive](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      if (!keep_alive) return self->linger_ ? self->linger_close() : self->close();
      self->request_line_.clear();
      self->wait_for_next_request();
    });
  }

  void log(int status, std::size_t bytes, double seconds) {
    std::ostream* out = state_.options.access_log;
    if (out == nullptr) return;
    std::string line = fmt::format("{} - - [{}] \"{}\" {} {} {:.6f}\n", remote_, log_time(), log_safe(request_line_),
                                   status, bytes, seconds);
    std::lock_guard lock(state_.log_mutex);
    *out << line << std::flush;
  }

  void log_failure(int status, std::string_view failure) {
    std::ostream* out = state_.options.error_log;
    if (out == nullptr) return;
    std::string line = fmt::format("[{}] chancery serve: {} \"{}\": {}\n", log_time(), status, log_safe(request_line_),
                                   log_safe(failure));
    std::lock_guard lock(state_.log_mutex);
    *out << line << std::flush;
  }

  // After refusing a request whose body is still arriving: stop sending, then
  // read and discard for a moment so the client sees the response instead of
  // a reset.
  void linger_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
    discard();
  }

  void discard() {
    buffer_.consume(buffer_.size());
    stream_.async_read_some(buffer_.prepare(16384), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      self->discarded_ += n;
      if (ec || self->discarded_ > (4u << 20)) return self->close();
      self->discard();
    });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  ServerState& state_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string remote_;
  std::string request_line_;
  Clock::time_point started_ = Clock::now();
  bool keep_alive_ = false;
  bool is_head_ = false;
  bool idle_ = false;
  bool linger_ = false;
  std::size_t discarded_ = 0;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& io, ServerState& state) : io_(io), acceptor_(net::make_strand(io)), state_(state) {}

  Result<std::string> bind(const std::string& host, unsigned short port) {
    beast::error_code ec;
    auto address = net::ip::make_address(host, ec);
    if (ec) return fail(ErrorCode::kInvalidInput, "bad listen address '" + host + "': " + ec.message());
    tcp::endpoint endpoint(address, port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return fail(ErrorCode::kIo, fmt::format("cannot listen on {}:{}: {}", host, port, ec.message()));
    auto local = acceptor_.local_endpoint(ec);
    return fmt::format("{}:{}", local.address().to_string(), local.port());
  }

  void accept() {
    acceptor_.async_accept(net::make_strand(io_), [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
      if (self->state_.stopping) return;
      if (!ec) self->admit(std::move(socket));
      self->accept();
    });
  }

  void stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
    });
  }

 private:
  void admit(tcp::socket socket) {
    std::shared_ptr<Session> session;
    std::size_t open;
    {
      std::lock_guard lock(state_.sessions_mutex);
      if (state_.sessions.size() >= state_.options.max_connections) {
        state_.site.metrics.count_dropped();
        beast::error_code ec;
        socket.close(ec);
        return;
      }
      session = std::make_shared<Session>(std::move(socket), state_);
      state_.sessions.emplace(session.get(), session);
      open = state_.sessions.size();
    }
    state_.site.metrics.set_open_connections(static_cast<std::int64_t>(open));
    session->start();
  }

  net::io_context& io_;
  tcp::acceptor acceptor_;
  ServerState& state_;
};

// 2,000 idle keep-alive clients need 2,000 descriptors: use the hard limit.
void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

Result<void> run_server(const ServerOptions& options) {
  raise_descriptor_limit();
  std::filesystem::path web_dir = options.web_dir.empty() ? default_web_dir() : options.web_dir;

  std::vector<std::unique_ptr<Archive>> archives;
  int workers = std::max(1, options.workers);
  for (int i = 0; i < workers; ++i) {
    ArchiveOptions archive_options;
    archive_options.dir = options.archive_dir;
    archive_options.read_only = true;
    archive_options.related_ahead = options.related_ahead;
    auto archive = Archive::open(archive_options);
    if (!archive) return std::unexpected(archive.error());
    archives.push_back(std::move(*archive));
  }
  std::int64_t docs = archives.front()->index().doc_count();
  // The facet table, made once for every worker (index/facets.h), each
  // worker's names lookups and the collections' texts' search, before the
  // first visitor rather than during their search (Archive::warm_up). A
  // failure here is left to the searches, which report it.
  for (const auto& archive : archives) (void)archive->warm_up();

  auto site = make_site(web_dir, "");
  if (!site) return std::unexpected(site.error());
  (*site)->metrics.set_doc_count(docs);
  (*site)->names = archive_name_directory(options.archive_dir);
  (*site)->names->snapshot();  // built now rather than by the first document request
  (*site)->mentions = std::make_shared<MentionCache>(kMentionCacheBytes);

  auto store_version = StoreVersion::for_archive(options.archive_dir);
  if (!store_version) return std::unexpected(store_version.error());
  std::shared_ptr<StoreVersion> probe = std::move(*store_version);
  (*site)->versions = std::make_shared<ArchiveVersions>([probe] { return probe->current(); });
  (*site)->collections = std::make_shared<CollectionCache>();
  (*site)->index_headings = std::make_shared<IndexHeadingsCache>();
  // The volumes' printed indexes, read ahead at idle priority with an
  // archive of its own (IndexHeadingsCache::read_ahead): the first page of
  // each volume after a start then does not wait for its volume's. Stopped
  // and joined before the server returns.
  IdleThread read_ahead;
  read_ahead.start([dir = options.archive_dir, headings = (*site)->index_headings, versions = (*site)->versions,
                    names = (*site)->names, mentions = (*site)->mentions](std::stop_token stop) {
    (void)pthread_setname_np(pthread_self(), "chancery-ahead");
    ArchiveOptions reader;
    reader.dir = dir;
    reader.read_only = true;
    reader.related_ahead = false;
    auto archive = Archive::open(reader);
    if (!archive) return;
    std::optional<std::int64_t> version = versions->store_version();
    if (version) (void)headings->read_ahead(**archive, *version, stop);
    // And the names each record mentions (MentionCache::read_ahead), as far
    // as the cache holds them: half the CPU time of a first document page
    // on an archive whose names are linked.
    (void)mentions->read_ahead((*archive)->store(), names->snapshot(), stop);
  });
  if (options.page_cache_bytes > 0) {
    ResponseCache::Limits limits;
    limits.max_bytes = options.page_cache_bytes;
    limits.max_entry_bytes = std::min(limits.max_entry_bytes, options.page_cache_bytes / 8);
    (*site)->responses = std::make_shared<ResponseCache>(limits);
  }
  (*site)->images = std::make_shared<images::ImageRenderer>(options.image_cache_bytes);
  WorkerPool::RefreshHook on_refresh = [versions = (*site)->versions, &metrics = (*site)->metrics](Archive& archive) {
    std::string revision = archive.index().revision();
    if (!revision.empty()) versions->note_index(revision);
    if (auto last = archive.store().last_seq()) metrics.set_changes(*last, archive.index().applied_seq());
    // Here, not after each answer: counting the records reads the index.
    metrics.set_doc_count(archive.index().doc_count());
  };

  Router router;
  register_routes(router);
  AnswerBacklog backlog;
  WorkerPool pool(std::move(archives), options.queue_capacity, std::chrono::seconds(1), std::move(on_refresh),
                  [&backlog] { backlog.give_way_if_late(); });
  Dispatcher dispatcher(router, **site, &pool);

  // Sessions refer to `state`: it must outlive the io_context that owns them.
  ServerState state(options, **site, dispatcher, backlog);
  net::io_context io(std::max(1, options.io_threads));
  auto listener = std::make_shared<Listener>(io, state);
  auto bound = listener->bind(options.host, options.port);
  if (!bound) return std::unexpected(bound.error());
  (*site)->base_url = options.base_url.empty() ? "http://" + *bound : options.base_url;
  while ((*site)->base_url.ends_with('/')) (*site)->base_url.pop_back();
  if (!options.oai_repository.empty()) (*site)->oai_repository = options.oai_repository;
  (*site)->compress = options.compress;
  if (!options.admin_email.empty()) (*site)->admin_email = options.admin_email;
  listener->accept();
  if (options.on_listening) options.on_listening(*bound);

  auto work = net::make_work_guard(io);
  net::signal_set signals(io, SIGINT, SIGTERM);
  net::steady_timer drain_timer(io);
  Clock::time_point deadline;
  std::function<void()> drain = [&] {
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(state.sessions_mutex);
      for (auto& [ptr, weak] : state.sessions) {
        if (auto s = weak.lock()) live.push_back(std::move(s));
      }
    }
    for (auto& s : live) s->shutdown_if_idle();
    bool empty = live.empty();
    live.clear();
    if (empty || Clock::now() >= deadline) {
      work.reset();
      if (!empty) io.stop();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(100));
    drain_timer.async_wait([&](beast::error_code) { drain(); });
  };
  signals.async_wait([&](beast::error_code ec, int) {
    if (ec) return;
    state.stopping = true;
    listener->stop();
    deadline = Clock::now() + options.shutdown_grace;
    drain();
  });

  std::vector<std::thread> threads;
  // The I/O threads run as SCHED_BATCH: a socket event does not preempt a
  // worker in the middle of a page (two context switches for a few
  // microseconds of I/O); the I/O thread runs when a core frees or the
  // worker's time slice ends, and then handles all the events since. On 2
  // cores (bench/README, 2026-12-01 16:40): cold search pages 2,087/2,114 ->
  // 2,325/2,352 requests/s, server CPU 0.900/0.892 -> 0.824/0.815 ms a page,
  // p50 15.3/15.1 -> 12.4/12.1 ms, p99 21.2/20.9 -> 20.1/20.0 ms; cold document
  // pages 8,679 -> 10,061 requests/s. An idle core runs it at once, so a
  // lightly loaded server answers as before. (The policy needs no privilege;
  // where it is refused, the threads keep the normal one.)
  // They are threads of their own, named as `top -H` shows them; the calling
  // thread (the process's main thread, whose name is the process's) waits.
  auto io_thread = [&io] {
    (void)pthread_setname_np(pthread_self(), "chancery-io");
    sched_param param{};
    (void)sched_setscheduler(0, SCHED_BATCH, &param);
    io.run();
  };
  for (int i = 0; i < std::max(1, options.io_threads); ++i) threads.emplace_back(io_thread);
  for (auto& t : threads) t.join();
  pool.shutdown();
  return {};
}

}  // namespace chancery::web
