// Records withdrawn from the archive and brought back. A withdrawal erases
// nothing: a tombstone revision ends the record's revisions, and an
// annotation of type "withdrawal" on it (TARGET#N) says who withdrew it,
// when and why, so its address can say so (410 Gone) and an import of the
// same file does not quietly bring it back.
#include "archive/archive.h"

#include <algorithm>
#include "archive/archive_impl.h"

namespace chancery {
namespace {

std::string source_of(const std::string& author) { return author.empty() ? "editor" : author; }

// The live withdrawal annotations of record `id`, read inside the caller's
// transaction.
Result<std::vector<Revision>> live_withdrawals(Store& store, const std::string& id) {
  auto live = store.children(EntityKind::kAnnotation, id);
  if (!live) return std::unexpected(live.error());
  std::vector<Revision> out;
  for (Revision& r : *live) {
    if (r.meta.title == annotation_type_name(AnnotationType::kWithdrawal)) out.push_back(std::move(r));
  }
  return out;
}

// Runs `body` in one store transaction: committed when it succeeds, rolled
// back (and its error returned) when it or the commit fails.
template <typename T, typename Body>
Result<T> in_transaction(Store& store, Body&& body) {
  if (auto r = store.begin(); !r) return std::unexpected(r.error());
  Result<T> result = body();
  if (!result) {
    (void)store.rollback();
    return result;
  }
  if (auto r = store.commit(); !r) {
    (void)store.rollback();
    return std::unexpected(r.error());
  }
  return result;
}

}  // namespace

Result<Annotation> Archive::withdraw_record(const std::string& id, const std::string& reason,
                                            const std::string& author, bool hide_description) {
  Store& store = *impl_->store;
  Annotation draft;
  draft.target = id;
  draft.target_kind = AnnotationTarget::kRecord;
  draft.type = AnnotationType::kWithdrawal;
  draft.text = reason;
  draft.author = author;
  draft.hide_description = hide_description;
  if (auto valid = validate_annotation(draft); !valid) return std::unexpected(valid.error());
  auto withdrawn = in_transaction<Annotation>(store, [&]() -> Result<Annotation> {
    auto latest = store.latest_meta(EntityKind::kRecord, id);
    if (!latest) return std::unexpected(latest.error());
    if (!*latest) {
      auto earlier = live_withdrawals(store, id);
      if (!earlier) return std::unexpected(earlier.error());
      if (!earlier->empty()) {
        return fail(ErrorCode::kInvalidInput, "record " + id + " is withdrawn already (" + earlier->front().id + ")");
      }
      return fail(ErrorCode::kNotFound, "no record " + id);
    }
    if (auto r = store.remove(EntityKind::kRecord, id, source_of(author)); !r) return std::unexpected(r.error());
    if (auto r = store_annotation(store, draft); !r) return std::unexpected(r.error());
    return draft;
  });
  if (!withdrawn) return withdrawn;
  impl_->restrictions.valid = false;
  // The tombstone takes the record out of the index.
  if (!impl_->options.read_only) (void)impl_->catch_up_index();
  return withdrawn;
}

Result<int> Archive::reinstate_record(const std::string& id, const std::string& author) {
  Store& store = *impl_->store;
  auto number = in_transaction<int>(store, [&]() -> Result<int> {
    auto withdrawals = live_withdrawals(store, id);
    if (!withdrawals) return std::unexpected(withdrawals.error());
    auto latest = store.latest_meta(EntityKind::kRecord, id);
    if (!latest) return std::unexpected(latest.error());
    if (withdrawals->empty()) {
      return fail(ErrorCode::kNotFound, "record " + id + (*latest ? " is not withdrawn" : " was never withdrawn"));
    }
    if (*latest) {
      // Live, with a withdrawal standing (one imported from another
      // archive's annotations.json, say: `check` reports it): the withdrawal
      // goes, and the record stays as it is.
      for (const Revision& w : *withdrawals) {
        if (auto r = store.remove(EntityKind::kAnnotation, w.id, source_of(author)); !r) return std::unexpected(r.error());
      }
      return (*latest)->number;
    }
    auto revisions = store.history_meta(EntityKind::kRecord, id);
    if (!revisions) return std::unexpected(revisions.error());
    const Revision* last_live = nullptr;
    for (const Revision& r : *revisions) {
      if (!r.deleted) last_live = &r;
    }
    if (last_live == nullptr) return fail(ErrorCode::kStorage, "record " + id + " has no revision to reinstate");
    auto full = store.revision(EntityKind::kRecord, id, last_live->number);
    if (!full) return std::unexpected(full.error());
    if (!*full) return fail(ErrorCode::kStorage, "revision " + std::to_string(last_live->number) + " of " + id + " is missing");
    auto written = store.put(EntityKind::kRecord, id, (*full)->json, (*full)->meta, source_of(author));
    if (!written) return std::unexpected(written.error());
    for (const Revision& w : *withdrawals) {
      if (auto r = store.remove(EntityKind::kAnnotation, w.id, source_of(author)); !r) return std::unexpected(r.error());
    }
    return *written;
  });
  if (!number) return number;
  impl_->restrictions.valid = false;
  if (!impl_->options.read_only) (void)impl_->catch_up_index();
  return number;
}

Result<std::vector<std::pair<std::int64_t, Annotation>>> Archive::past_withdrawals(const std::string& id) {
  Store& store = *impl_->store;
  std::vector<std::pair<std::int64_t, Annotation>> out;
  // Annotation numbers run from 1 without gaps (store_annotation never
  // reuses one), so the first number with no history ends the list.
  constexpr int kMostAnnotations = 100000;
  for (int n = 1; n <= kMostAnnotations; ++n) {
    const std::string annotation_id = id + "#" + std::to_string(n);
    auto revisions = store.history_meta(EntityKind::kAnnotation, annotation_id);
    if (!revisions) return std::unexpected(revisions.error());
    if (revisions->empty()) break;
    const Revision& first = revisions->front();
    if (first.meta.title != annotation_type_name(AnnotationType::kWithdrawal)) continue;
    auto full = store.revision(EntityKind::kAnnotation, annotation_id, first.number);
    if (!full) return std::unexpected(full.error());
    if (!*full) continue;
    auto annotation = annotation_of(**full);
    if (!annotation) return std::unexpected(annotation.error());
    out.emplace_back(first.seq, std::move(*annotation));
  }
  return out;
}

Result<std::vector<std::string>> Archive::withdrawn_records() {
  auto current = impl_->current_restrictions();
  if (!current) return std::unexpected(current.error());
  std::vector<std::string> ids;
  ids.reserve((*current)->withdrawn.size());
  for (const auto& [record, annotation] : (*current)->withdrawn) ids.push_back(record);
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<std::optional<Archive::Withdrawal>> Archive::withdrawal(const std::string& id) {
  auto current = impl_->current_restrictions();
  if (!current) return std::unexpected(current.error());
  auto found = (*current)->withdrawn.find(id);
  if (found == (*current)->withdrawn.end()) return std::optional<Withdrawal>();
  Store& store = *impl_->store;
  auto annotation = store.latest(EntityKind::kAnnotation, found->second);
  if (!annotation) return std::unexpected(annotation.error());
  if (!*annotation) return std::optional<Withdrawal>();   // reinstated since the list was read
  auto revisions = store.history_meta(EntityKind::kRecord, id);
  if (!revisions) return std::unexpected(revisions.error());
  if (revisions->empty() || !revisions->back().deleted) return std::optional<Withdrawal>();   // back again
  Withdrawal w;
  auto parsed = annotation_of(**annotation);
  if (!parsed) return std::unexpected(parsed.error());
  w.annotation = std::move(*parsed);
  w.revisions = revisions->back().number;
  for (auto r = revisions->rbegin(); r != revisions->rend(); ++r) {
    if (r->deleted) continue;
    auto full = store.revision(EntityKind::kRecord, id, r->number);
    if (!full) return std::unexpected(full.error());
    if (!*full) break;
    auto record = record_from_revision(**full);
    if (!record) return std::unexpected(record.error());
    w.last = std::move(*record);
    break;
  }
  return std::optional<Withdrawal>(std::move(w));
}

}  // namespace chancery
