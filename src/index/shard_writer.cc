#include "index/shard_writer.h"

#include <algorithm>
#include <functional>
#include <new>
#include <system_error>
#include <utility>
#include <vector>

#include "index/index_terms.h"

namespace chancery {
namespace {

// Operations queued and not yet started, per shard: bounded by the text of
// their records (op_bytes), and in number. A writable index's ShardFeed
// keeps about 512 KiB here and holds the rest of a batch itself (an
// importer's batch must wait somewhere while the next is written: at 512
// operations a shard, both shards ran dry for 0.3-0.4 s at each batch of
// the 22 FRUS volumes); these bounds only stop a caller that queues
// directly from outrunning the shard. 16 MiB is about 3,200 FRUS records;
// the source as imported is not queued (put()).
constexpr std::size_t kMaxQueued = 16384;
constexpr std::size_t kMaxQueuedBytes = std::size_t{16} << 20;

// What an operation's record weighs in the queue: its text, roughly.
std::size_t op_bytes(const Record& record, const std::vector<std::string>& editorial) {
  std::size_t bytes = 256 + record.title.size() + record.summary.size() + record.credits.size() + record.source.size();
  for (const Block& block : record.body) bytes += block.text.size();
  for (const Note& note : record.notes) bytes += note.text.size();
  for (const std::string& text : editorial) bytes += text.size();
  return bytes;
}

}  // namespace

int FlushPolicy::threshold(std::uint64_t shard_documents) const {
  const int low = std::max(min_documents, 1);
  const int high = std::max(max_documents, low);
  const std::uint64_t scaled = shard_documents / static_cast<std::uint64_t>(std::max(documents_per_buffered, 1));
  return static_cast<int>(std::clamp<std::uint64_t>(scaled, static_cast<std::uint64_t>(low), static_cast<std::uint64_t>(high)));
}

ShardWriter::ShardWriter(Xapian::WritableDatabase db, std::size_t index, NameHooks names, FlushPolicy flush)
    : db_(std::move(db)), shard_value_(1, static_cast<char>(index)), builder_(std::move(names)), flush_(flush) {
  flush_threshold_ = flush_.threshold(db_.get_doccount());
  const std::string names_text = db_.get_metadata(std::string(index_terms::kStemmersKey));
  std::size_t start = 0;
  while (start < names_text.size()) {
    std::size_t end = names_text.find(',', start);
    if (end == std::string::npos) end = names_text.size();
    if (end > start) recorded_stemmers_.insert(names_text.substr(start, end - start));
    start = end + 1;
  }
  if (keep_sentinel()) db_.commit();
}

// Adds the shard's sentinel document (index_terms.h) once the shard is big
// enough to need it, to be committed with the shard's next commit. True when
// it added it.
bool ShardWriter::keep_sentinel() {
  if (has_sentinel_ || db_.get_doccount() < index_terms::kSentinelFromDocuments) return false;
  has_sentinel_ = true;
  const std::string term(index_terms::kSentinelTerm);
  if (db_.term_exists(term)) return false;
  Xapian::Document sentinel;
  sentinel.add_boolean_term(term);
  db_.add_document(sentinel);
  return true;
}

ShardWriter::~ShardWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_worker_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void ShardWriter::drop_unindexed(Record& record) {
  record.original.clear();
  record.original.shrink_to_fit();
  record.sections.clear();
}

std::size_t ShardWriter::weight(const Record& record, const std::vector<std::string>& editorial) {
  return op_bytes(record, editorial);
}

void ShardWriter::put(Record record, std::vector<std::string> editorial) {
  // The source as imported is not indexed: not kept while queued.
  drop_unindexed(record);
  const std::size_t bytes = op_bytes(record, editorial);
  queue(Op{Op::Kind::kPut, std::move(record), std::move(editorial), {}, {}, {}, bytes});
}

void ShardWriter::remove(std::string id_term) {
  const std::size_t bytes = 64 + id_term.size();
  queue(Op{Op::Kind::kRemove, {}, {}, std::move(id_term), {}, {}, bytes});
}

void ShardWriter::add_synonym(std::string key, std::string synonym) {
  const std::size_t bytes = 64 + key.size() + synonym.size();
  queue(Op{Op::Kind::kSynonym, {}, {}, std::move(key), std::move(synonym), {}, bytes});
}

void ShardWriter::commit(std::map<std::string, std::string> metadata) {
  queue(Op{Op::Kind::kCommit, {}, {}, {}, {}, std::move(metadata), 64});
}

void ShardWriter::queue(Op op) {
  std::unique_lock lock(mutex_);
  if (!worker_.joinable() && !inline_) {
    try {
      worker_ = std::thread([this] { run(); });
    } catch (const std::system_error&) {
      inline_ = true;
    }
  }
  if (inline_) {
    if (!error_) apply(op);
    return;
  }
  wake_caller_.wait(lock, [this] {
    return queue_.empty() || (queue_.size() < kMaxQueued && queued_bytes_ < kMaxQueuedBytes);
  });
  if (error_) return;  // dropped: sync() reports the failure
  queued_bytes_ += op.bytes;
  queue_.push_back(std::move(op));
  wake_worker_.notify_one();
}

Result<void> ShardWriter::sync() {
  std::unique_lock lock(mutex_);
  wake_caller_.wait(lock, [this] { return queue_.empty() && !busy_; });
  if (error_) {
    Error error = std::move(*error_);
    error_.reset();
    return std::unexpected(std::move(error));
  }
  return {};
}

bool ShardWriter::failed() {
  std::lock_guard lock(mutex_);
  return error_.has_value();
}

bool ShardWriter::idle() {
  std::lock_guard lock(mutex_);
  return queue_.empty() && !busy_;
}

std::size_t ShardWriter::backlog() {
  std::lock_guard lock(mutex_);
  return queued_bytes_ + busy_bytes_;
}

void ShardWriter::set_after_op(std::function<void()> after_op) { after_op_ = std::move(after_op); }

std::set<std::string> ShardWriter::take_stemmers() { return std::exchange(stemmers_, {}); }

void ShardWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_worker_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to do
    Op op = std::move(queue_.front());
    queue_.pop_front();
    queued_bytes_ -= op.bytes;
    busy_bytes_ = op.bytes;
    busy_ = true;
    wake_caller_.notify_all();
    lock.unlock();
    apply(op);
    lock.lock();
    busy_ = false;
    busy_bytes_ = 0;
    if (error_) {
      queue_.clear();
      queued_bytes_ = 0;
    }
    wake_caller_.notify_all();
    if (after_op_) {
      lock.unlock();
      after_op_();
      lock.lock();
    }
  }
}

// Carries out one operation on the shard's thread; a failure is kept for
// sync(). The mutex is not held (except inline, where the caller holds it).
void ShardWriter::apply(Op& op) {
  std::optional<Error> error;
  try {
    switch (op.kind) {
      case Op::Kind::kPut: {
        BuiltDocument built = builder_.build(op.record, op.editorial);
        built.document.add_value(index_terms::kShardSlot, shard_value_);
        db_.replace_document(built.id_term, built.document);
        for (std::string& word : built.spellings) ++spellings_[std::move(word)];
        for (const std::string& name : built.stemmers) {
          if (recorded_stemmers_.insert(name).second) stemmers_to_record_ = true;
        }
        for (std::string& name : built.stemmers) stemmers_.insert(std::move(name));
        for (auto& group : built.synonym_groups) synonym_groups_.push_back(std::move(group));
        count_change();
        break;
      }
      case Op::Kind::kRemove:
        db_.delete_document(op.a);
        count_change();
        break;
      case Op::Kind::kSynonym:
        db_.add_synonym(op.a, op.b);
        break;
      case Op::Kind::kCommit: {
        // In key order: glass keeps one block per level of a table's cursor,
        // so keys in hash or document order each read (and, for synonyms,
        // write back) a leaf block; in order each leaf is met once.
        std::vector<const std::pair<const std::string, Xapian::termcount>*> spellings;
        spellings.reserve(spellings_.size());
        for (const auto& entry : spellings_) spellings.push_back(&entry);
        std::sort(spellings.begin(), spellings.end(), [](auto* a, auto* b) { return a->first < b->first; });
        for (const auto* entry : spellings) db_.add_spelling(entry->first, entry->second);
        std::sort(synonym_groups_.begin(), synonym_groups_.end());
        for (const auto& [key, synonym] : synonym_groups_) db_.add_synonym(key, synonym);
        if (stemmers_to_record_) {
          std::string names;
          for (const std::string& name : recorded_stemmers_) {
            if (!names.empty()) names += ',';
            names += name;
          }
          db_.set_metadata(std::string(index_terms::kStemmersKey), names);
        }
        for (const auto& [key, value] : op.metadata) db_.set_metadata(key, value);
        keep_sentinel();
        db_.commit();
        spellings_.clear();
        synonym_groups_.clear();
        stemmers_to_record_ = false;
        pending_changes_ = 0;
        flush_threshold_ = flush_.threshold(db_.get_doccount());
        break;
      }
    }
  } catch (const Xapian::InvalidArgumentError& e) {
    error = Error{ErrorCode::kInvalidInput, "indexing: " + e.get_description(), {}, 0, 0};
  } catch (const Xapian::Error& e) {
    error = Error{ErrorCode::kStorage, "indexing: " + e.get_description(), {}, 0, 0};
  } catch (const std::bad_alloc&) {
    error = Error{ErrorCode::kStorage, "indexing: out of memory", {}, 0, 0};
  } catch (const std::exception& e) {
    error = Error{ErrorCode::kInternal, std::string("indexing: ") + e.what(), {}, 0, 0};
  }
  if (!error) return;
  builder_.forget_seen_words();   // their stem groups may not reach the index
  if (op.kind == Op::Kind::kPut) error->message += " (record " + op.record.id + ")";
  if (inline_) {
    if (!error_) error_ = std::move(error);
    return;
  }
  std::lock_guard lock(mutex_);
  if (!error_) error_ = std::move(error);
}

// Commits every flush_threshold_ changes, with the sentinel once the shard
// needs it: a reader may open the shard between the caller's commits.
void ShardWriter::count_change() {
  if (++pending_changes_ >= flush_threshold_) {
    keep_sentinel();
    db_.commit();
    pending_changes_ = 0;
    flush_threshold_ = flush_.threshold(db_.get_doccount());
  }
}

}  // namespace chancery
