// Editors' annotations: corrections, notes and restrictions, stored as their
// own revisioned entities beside the records (EntityKind::kAnnotation, whose
// meta.parent is the target), so a source is never rewritten.
#include <algorithm>
#include <charconv>

#include "archive/archive.h"
#include "archive/archive_impl.h"

namespace chancery {

Result<EntityMeta> annotation_meta(const Annotation& a) {
  const std::size_t hash = a.id.rfind('#');
  int number = 0;
  if (hash != std::string::npos && a.id.compare(0, hash, a.target) == 0) {
    const std::string_view digits = std::string_view(a.id).substr(hash + 1);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (error != std::errc() || end != digits.data() + digits.size() || digits.starts_with('0')) number = 0;
  }
  if (number <= 0) {
    return fail(ErrorCode::kInvalidInput, "annotation id '" + a.id + "' is not its target's id, '#' and a number");
  }
  EntityMeta meta;
  meta.title = std::string(annotation_type_name(a.type));
  meta.parent = a.target;
  meta.position = number;
  if (auto made = iso_day(std::string_view(a.created).substr(0, 10))) meta.date_first = *made;
  if (auto until = iso_day(a.until)) meta.date_last = *until;
  return meta;
}

namespace {

// The texts of a record field a quote may be taken from.
std::vector<std::string_view> field_texts(const Record& r, const std::string& field) {
  std::vector<std::string_view> out;
  auto names = [&out](const std::vector<NameRef>& refs) {
    for (const NameRef& n : refs) out.push_back(n.name);
  };
  if (field == "title") {
    out.push_back(r.title);
    for (const auto& line : r.title_lines) out.push_back(line);
  } else if (field == "date") {
    out.push_back(r.date.as_written);
  } else if (field == "place") {
    out.push_back(r.place);
  } else if (field == "citation") {
    out.push_back(r.citation.as_written);
  } else if (field == "summary") {
    out.push_back(r.summary);
  } else if (field == "credits") {
    out.push_back(r.credits);
  } else if (field == "languages") {
    for (const auto& l : r.languages) out.push_back(l);
    out.push_back(r.contents);
  } else if (field == "body") {
    for (const Block& b : r.body) out.push_back(b.text);
  } else if (field == "notes") {
    for (const Note& n : r.notes) out.push_back(n.text);
  } else if (field == "people") {
    names(r.people);
    names(r.organisations);
  } else if (field == "places") {
    names(r.places);
  } else if (field == "author") {
    out.push_back(r.author);
  } else if (field == "sender") {
    out.push_back(r.sender);
  } else if (field == "recipient") {
    out.push_back(r.recipient);
  } else if (field == "archive") {
    out.push_back(r.archive);
    out.push_back(r.citation.archive);
  } else if (field == "source") {
    out.push_back(r.source);
  }
  // Record-text sections hold every field exactly as written.
  for (const Section& s : r.sections) out.push_back(s.value);
  return out;
}

}  // namespace

Result<Annotation> annotation_of(const Revision& revision) {
  auto a = annotation_from_json(revision.json);
  if (!a) {
    return fail(ErrorCode::kStorage, "annotation " + revision.id + " (revision " + std::to_string(revision.number) +
                                         "): " + a.error().message);
  }
  return a;
}

Result<void> store_annotation(Store& store, Annotation& draft) {
  auto live = store.children(EntityKind::kAnnotation, draft.target);
  if (!live) return std::unexpected(live.error());
  int number = 1;
  for (const Revision& r : *live) number = std::max(number, r.meta.position + 1);
  for (;; ++number) {   // a withdrawn number is never given again
    auto earlier = store.history_meta(EntityKind::kAnnotation, draft.target + "#" + std::to_string(number));
    if (!earlier) return std::unexpected(earlier.error());
    if (earlier->empty()) break;
  }
  draft.id = draft.target + "#" + std::to_string(number);
  draft.created = utc_timestamp_now();
  auto meta = annotation_meta(draft);
  if (!meta) return std::unexpected(meta.error());
  auto written = store.put(EntityKind::kAnnotation, draft.id, annotation_to_json(draft), *meta,
                           draft.author.empty() ? "editor" : draft.author);
  if (!written) return std::unexpected(written.error());
  return {};
}

Result<Annotation> Archive::annotate(Annotation draft) {
  Store& store = *impl_->store;
  draft.id.clear();
  draft.created.clear();
  if (draft.type == AnnotationType::kWithdrawal) {   // it takes the record away with it
    return fail(ErrorCode::kInvalidInput, "a record is withdrawn by withdraw_record (chancery withdraw ID --reason TEXT)");
  }
  // The target first: a restriction may close a collection.
  auto record = store.latest(EntityKind::kRecord, draft.target);
  if (!record) return std::unexpected(record.error());
  std::optional<Record> target_record;
  if (*record) {
    draft.target_kind = AnnotationTarget::kRecord;
    auto parsed = record_from_revision(**record);
    if (!parsed) return std::unexpected(parsed.error());
    target_record = std::move(*parsed);
  } else {
    auto collection = draft.type == AnnotationType::kRestriction
                          ? store.latest_meta(EntityKind::kCollection, draft.target)
                          : Result<std::optional<Revision>>(std::nullopt);
    if (!collection) return std::unexpected(collection.error());
    if (!*collection) {
      return fail(ErrorCode::kNotFound, draft.type == AnnotationType::kRestriction
                                            ? "no record or collection " + draft.target
                                            : "no record " + draft.target);
    }
    draft.target_kind = AnnotationTarget::kCollection;
  }
  if (auto valid = validate_annotation(draft); !valid) return std::unexpected(valid.error());
  if (target_record && !draft.quote.empty()) {
    std::vector<std::string_view> texts = field_texts(*target_record, draft.field);
    const bool found = std::any_of(texts.begin(), texts.end(), [&](std::string_view t) {
      return t.find(draft.quote) != std::string_view::npos;
    });
    if (!found) {
      return fail(ErrorCode::kInvalidInput, "the quote \u201c" + draft.quote + "\u201d is not in the " + draft.field +
                                                " of record " + draft.target + " as published");
    }
  }

  if (auto r = store.begin(); !r) return std::unexpected(r.error());
  auto fail_rolled_back = [&store](Error e) -> Result<Annotation> {
    (void)store.rollback();
    return std::unexpected(std::move(e));
  };
  if (auto r = store_annotation(store, draft); !r) return fail_rolled_back(r.error());
  if (auto r = store.commit(); !r) return fail_rolled_back(r.error());
  impl_->restrictions.valid = false;
  // The index records the store's seq it has applied, and the record's
  // document holds its corrections' and notes' words: the catch-up reindexes it.
  if (!impl_->options.read_only) (void)impl_->catch_up_index();
  return draft;
}

Result<Annotation> Archive::withdraw_annotation(const std::string& annotation_id, const std::string& author) {
  Store& store = *impl_->store;
  auto latest = store.latest(EntityKind::kAnnotation, annotation_id);
  if (!latest) return std::unexpected(latest.error());
  if (!*latest) return fail(ErrorCode::kNotFound, "no annotation " + annotation_id);
  auto annotation = annotation_of(**latest);
  if (!annotation) return std::unexpected(annotation.error());
  if (annotation->type == AnnotationType::kWithdrawal) {
    // Without it the record would be gone with no reason given, and the next
    // import would bring it back unasked.
    return fail(ErrorCode::kInvalidInput, annotation_id + " withdraws record " + annotation->target +
                                              " from the archive: `chancery reinstate " + annotation->target +
                                              "` brings the record back");
  }
  if (auto r = store.begin(); !r) return std::unexpected(r.error());
  if (auto r = store.remove(EntityKind::kAnnotation, annotation_id, author.empty() ? "editor" : author); !r) {
    (void)store.rollback();
    return std::unexpected(r.error());
  }
  if (auto r = store.commit(); !r) {
    (void)store.rollback();
    return std::unexpected(r.error());
  }
  impl_->restrictions.valid = false;
  if (!impl_->options.read_only) (void)impl_->catch_up_index();
  return annotation;
}

Result<std::vector<Annotation>> Archive::annotations(const std::string& target) {
  auto live = impl_->store->children(EntityKind::kAnnotation, target);
  if (!live) return std::unexpected(live.error());
  std::vector<Annotation> out;
  out.reserve(live->size());
  for (const Revision& revision : *live) {
    auto a = annotation_of(revision);
    if (!a) return std::unexpected(a.error());
    out.push_back(std::move(*a));
  }
  return out;
}

Result<std::vector<Revision>> Archive::annotation_history(const std::string& annotation_id) {
  auto revisions = impl_->store->history(EntityKind::kAnnotation, annotation_id);
  if (!revisions) return std::unexpected(revisions.error());
  if (revisions->empty()) return fail(ErrorCode::kNotFound, "no annotation " + annotation_id);
  return revisions;
}

Result<const Archive::Impl::Restrictions*> Archive::Impl::current_restrictions() {
  const bool pinned = pinned_version.has_value();
  auto version = pinned ? Result<std::int64_t>(*pinned_version) : store->commit_version();
  if (!version) return std::unexpected(version.error());
  const std::int64_t day = today_utc_day();
  if (restrictions.valid && restrictions.pinned == pinned && restrictions.version == *version &&
      restrictions.day == day) {
    return &restrictions;
  }
  auto listed = store->list_meta(EntityKind::kAnnotation);
  if (!listed) return std::unexpected(listed.error());
  Restrictions fresh;
  fresh.valid = true;
  fresh.pinned = pinned;
  fresh.version = *version;
  fresh.day = day;
  for (const Revision& r : *listed) {
    if (r.meta.title == annotation_type_name(AnnotationType::kWithdrawal)) {
      fresh.withdrawn.emplace(r.meta.parent, r.id);
      fresh.withdrawn_by_seq.emplace_back(r.seq, r.meta.parent);
      continue;
    }
    if (r.meta.title != annotation_type_name(AnnotationType::kRestriction)) {
      fresh.annotated.insert(r.meta.parent);
      continue;
    }
    if (r.meta.date_last != 0 && day >= r.meta.date_last) continue;   // open again
    fresh.targets.emplace(r.meta.parent, r.id);
  }
  for (const auto& [target, id] : fresh.targets) fresh.ids.push_back(target);
  std::sort(fresh.ids.begin(), fresh.ids.end());
  std::sort(fresh.withdrawn_by_seq.begin(), fresh.withdrawn_by_seq.end());
  restrictions = std::move(fresh);
  return &restrictions;
}

void Archive::Impl::Restrictions::add_pending_withdrawals(std::vector<std::string>& out, std::int64_t applied) const {
  for (auto w = withdrawn_by_seq.rbegin(); w != withdrawn_by_seq.rend() && w->first > applied; ++w) {
    out.push_back(w->second);
  }
}

Result<void> Archive::Impl::index_record(Record record) {
  // A writer's listing stays valid until it changes annotations itself (no
  // other writer can meanwhile): no read of the store for each record.
  if (!restrictions.valid) {
    if (auto current = current_restrictions(); !current) return std::unexpected(current.error());
  }
  if (!scanned) {
    auto listed = store->list_meta(EntityKind::kScans);
    if (!listed) return std::unexpected(listed.error());
    scanned.emplace();
    for (const Revision& r : *listed) scanned->insert(r.id);
  }
  if (scanned->contains(record.id)) record.scanned = true;
  if (!restrictions.annotated.contains(record.id)) return index->put(std::move(record));
  auto live = store->children(EntityKind::kAnnotation, record.id);
  if (!live) return std::unexpected(live.error());
  std::vector<std::string> texts;
  for (const Revision& revision : *live) {
    auto a = annotation_of(revision);
    if (!a) return std::unexpected(a.error());
    if (a->type == AnnotationType::kRestriction || a->type == AnnotationType::kWithdrawal) continue;
    texts.push_back(a->text);
    if (!a->comment.empty()) texts.push_back(a->comment);
  }
  return index->put(std::move(record), std::move(texts));
}

Result<void> Archive::index_record(const Record& record) { return impl_->index_record(record); }

void Archive::pin_store_version(std::optional<std::int64_t> version) { impl_->pinned_version = version; }

Result<void> Archive::begin_store_read() { return impl_->store->begin_read(); }

void Archive::end_store_read() { impl_->store->end_read(); }

std::optional<std::int64_t> Archive::pinned_store_version() const { return impl_->pinned_version; }

Result<std::vector<std::string>> Archive::restricted_targets() {
  auto current = impl_->current_restrictions();
  if (!current) return std::unexpected(current.error());
  return (*current)->ids;
}

Result<std::optional<Annotation>> Archive::restriction(const Record& record) {
  return restriction_of(record.id, record.collections);
}

Result<Archive::ReaderView> Archive::reader_view(const Record& record) {
  ReaderView view;
  auto restriction = restriction_of(record.id, record.collections);
  if (!restriction) return std::unexpected(restriction.error());
  view.restriction = std::move(*restriction);
  // restriction_of has just brought the listing up to date with the store.
  if (view.restriction || !impl_->restrictions.annotated.contains(record.id)) return view;
  auto all = annotations(record.id);
  if (!all) return std::unexpected(all.error());
  for (Annotation& a : *all) {
    if (a.type != AnnotationType::kRestriction && a.type != AnnotationType::kWithdrawal) {
      view.annotations.push_back(std::move(a));
    }
  }
  return view;
}

Result<std::optional<Annotation>> Archive::restriction_of(const std::string& id,
                                                          const std::vector<std::string>& collections) {
  auto current = impl_->current_restrictions();
  if (!current) return std::unexpected(current.error());
  const auto& targets = (*current)->targets;
  if (targets.empty()) return std::optional<Annotation>();
  auto found = targets.find(id);
  for (auto c = collections.rbegin(); found == targets.end() && c != collections.rend(); ++c) {
    found = targets.find(*c);
  }
  if (found == targets.end()) return std::optional<Annotation>();
  auto latest = impl_->store->latest(EntityKind::kAnnotation, found->second);
  if (!latest) return std::unexpected(latest.error());
  if (!*latest) return std::optional<Annotation>();   // withdrawn since the list was read
  auto a = annotation_of(**latest);
  if (!a) return std::unexpected(a.error());
  return std::optional<Annotation>(std::move(*a));
}

}  // namespace chancery
