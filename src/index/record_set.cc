#include "index/record_set.h"

#include <algorithm>

#include "index/index_terms.h"

namespace chancery {
namespace {

namespace t = index_terms;

class RecordSetSource final : public Xapian::PostingSource {
 public:
  explicit RecordSetSource(std::shared_ptr<const std::vector<std::string>> id_terms) : id_terms_(std::move(id_terms)) {}

  Xapian::PostingSource* clone() const override { return new RecordSetSource(id_terms_); }

  // Called for each database searched (each shard of a combined one), whose
  // own document ids the source then gives.
  void init(const Xapian::Database& db) override {
    docids_.clear();
    for (const std::string& term : *id_terms_) {
      Xapian::PostingIterator it = db.postlist_begin(term);
      if (it != db.postlist_end(term)) docids_.push_back(*it);
    }
    std::sort(docids_.begin(), docids_.end());
    docids_.erase(std::unique(docids_.begin(), docids_.end()), docids_.end());
    started_ = false;
    at_ = 0;
    set_maxweight(0.0);
  }

  Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(docids_.size()); }
  Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(docids_.size()); }
  Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(docids_.size()); }

  void next(double) override {
    if (started_) {
      ++at_;
    } else {
      started_ = true;
    }
  }

  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    if (at_ < docids_.size() && docids_[at_] >= did) return;
    at_ = static_cast<std::size_t>(std::lower_bound(docids_.begin() + static_cast<std::ptrdiff_t>(at_), docids_.end(), did) -
                                   docids_.begin());
  }

  bool check(Xapian::docid did, double min_wt) override {
    skip_to(did, min_wt);
    return true;
  }

  bool at_end() const override { return started_ && at_ >= docids_.size(); }
  Xapian::docid get_docid() const override { return docids_[at_]; }
  std::string get_description() const override {
    return "RecordSetSource(" + std::to_string(id_terms_->size()) + " ids)";
  }

 private:
  std::shared_ptr<const std::vector<std::string>> id_terms_;
  std::vector<Xapian::docid> docids_;
  bool started_ = false;
  std::size_t at_ = 0;
};

}  // namespace

Xapian::Query record_set_query(std::vector<std::string> ids) {
  auto terms = std::make_shared<std::vector<std::string>>();
  terms->reserve(ids.size());
  for (std::string& id : ids) {
    if (id.empty() || t::kIdPrefix.size() + id.size() > t::kMaxTermBytes) continue;
    terms->push_back(std::string(t::kIdPrefix) + id);
  }
  if (terms->empty()) return Xapian::Query::MatchNothing;
  std::sort(terms->begin(), terms->end());   // neighbouring terms share the B-tree's blocks
  terms->erase(std::unique(terms->begin(), terms->end()), terms->end());
  return Xapian::Query((new RecordSetSource(std::move(terms)))->release());
}

}  // namespace chancery
