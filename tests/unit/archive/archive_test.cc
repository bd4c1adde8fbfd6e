// The archive service: per-file transactions, revisions, index catch-up,
// export round trips. The index is an in-memory fake injected through
// ArchiveOptions::index_factory, so failures can be provoked and inspected.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include "archive/archive.h"
#include "archive/archive_impl.h"   // annotation_meta, to write what an older version wrote
#include "model/record_json.h"

namespace chancery {
namespace {

namespace fs = std::filesystem;

// What a fake index holds; shared with the test so it survives the Archive.
struct FakeIndexState {
  std::map<std::string, Record> committed;
  std::map<std::string, Record> pending;
  std::set<std::string> pending_removals;
  std::map<std::string, std::string> synonyms;
  std::int64_t applied_seq = 0;
  int commits = 0;
  bool fail_puts = false;
};

class FakeIndex final : public SearchIndex {
 public:
  explicit FakeIndex(std::shared_ptr<FakeIndexState> state) : state_(std::move(state)) {}

  using SearchIndex::put;
  Result<void> put(Record record, std::vector<std::string>) override {
    if (state_->fail_puts) return fail(ErrorCode::kStorage, "fake index: put refused");
    state_->pending_removals.erase(record.id);
    state_->pending[record.id] = std::move(record);
    return {};
  }
  Result<void> remove(const std::string& id) override {
    state_->pending.erase(id);
    state_->pending_removals.insert(id);
    return {};
  }
  Result<void> add_synonym(const std::string& term, const std::string& synonym) override {
    if (term.size() > 20) return fail(ErrorCode::kInvalidInput, "synonym too long: " + term);
    state_->synonyms[term] = synonym;
    return {};
  }
  Result<void> commit(std::int64_t seq) override {
    for (const auto& id : state_->pending_removals) state_->committed.erase(id);
    for (auto& [id, record] : state_->pending) state_->committed[id] = record;
    state_->pending.clear();
    state_->pending_removals.clear();
    state_->applied_seq = seq;
    ++state_->commits;
    return {};
  }
  std::int64_t applied_seq() const override { return state_->applied_seq; }
  Result<SearchResults> search(const SearchRequest& request) override {
    SearchResults results;
    for (const auto& [id, record] : state_->committed) {
      if (record.title.find(request.query) != std::string::npos) results.hits.push_back(Hit{id, record.title, "", "", 1, std::nullopt});
    }
    results.total = static_cast<std::int64_t>(results.hits.size());
    return results;
  }
  Result<std::vector<Hit>> similar(const std::string&, int, const std::vector<std::string>&, bool) override {
    return std::vector<Hit>{};
  }
  Result<std::vector<std::string>> all_ids() override {
    std::vector<std::string> ids;
    for (const auto& [id, record] : state_->committed) ids.push_back(id);
    return ids;
  }
  std::int64_t doc_count() override { return static_cast<std::int64_t>(state_->committed.size()); }
  Result<void> refresh() override { return {}; }

 private:
  std::shared_ptr<FakeIndexState> state_;
};

class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    root_ = fs::temp_directory_path() /
            ("chancery-archive-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(root_);
    fs::create_directories(root_ / "in");
    archive_ = open(root_ / "archive", index_);
  }
  void TearDown() override {
    archive_.reset();
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  // Opens (creating) an archive in `dir` whose index is the fake with `state`.
  std::unique_ptr<Archive> open(const fs::path& dir, std::shared_ptr<FakeIndexState> state, bool read_only = false,
                                std::function<void(std::int64_t)> on_index_build = {},
                                std::function<void(std::int64_t, std::int64_t)> on_progress = {}) {
    ArchiveOptions options;
    options.dir = dir;
    options.create = !read_only;
    options.read_only = read_only;
    options.on_index_build = std::move(on_index_build);
    options.on_index_build_progress = std::move(on_progress);
    options.index_factory = [state](const fs::path&, bool) -> Result<std::unique_ptr<SearchIndex>> {
      return std::unique_ptr<SearchIndex>(new FakeIndex(state));
    };
    auto archive = Archive::open(options);
    EXPECT_TRUE(archive.has_value()) << archive.error().describe();
    return archive ? std::move(*archive) : nullptr;
  }

  fs::path write(const std::string& name, const std::string& text) {
    fs::path path = root_ / "in" / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }

  std::int64_t last_seq() { return archive_->stats().value().store.last_seq; }

  fs::path root_;
  std::shared_ptr<FakeIndexState> index_ = std::make_shared<FakeIndexState>();
  std::unique_ptr<Archive> archive_;
};

Record record_with_id(std::string id) {
  Record record;
  record.id = std::move(id);
  return record;
}

// A volume with two documents in published order (d2 before d1) and a glossary term.
constexpr const char* kVolume = R"({"chancery_export": 1,
  "collections": [{"id": "vol", "title": "A Volume", "record_ids": ["vol/d2", "vol/d1"]}],
  "records": [
    {"id": "vol/d1", "title": "Second document", "collections": ["vol"]},
    {"id": "vol/d2", "title": "First document", "collections": ["vol"]}],
  "terms": [{"id": "vol/t_ACEN", "term": "ACEN", "expansion": "Assembly of Captive European Nations"},
            {"id": "vol/t_LONG", "term": "AN-ABBREVIATION-FAR-TOO-LONG", "expansion": "x"}]})";

TEST_F(ArchiveTest, ImportStoresEveryEntityAndIndexesRecords) {
  FileImportReport report = archive_->import_file(write("vol.json", kVolume));
  ASSERT_FALSE(report.error) << report.error->describe();
  EXPECT_EQ(report.status, ImportStatus::kImported);
  EXPECT_EQ(report.records_added, 2);

  auto record = archive_->record("vol/d1");
  ASSERT_TRUE(record.has_value()) << record.error().describe();
  EXPECT_EQ(record->title, "Second document");
  auto collections = archive_->collections("");
  ASSERT_TRUE(collections.has_value());
  ASSERT_EQ(collections->size(), 1u);
  EXPECT_EQ((*collections)[0].id, "vol");

  // Records are listed in the collection's published order.
  auto children = archive_->store().children(EntityKind::kRecord, "vol");
  ASSERT_TRUE(children.has_value());
  ASSERT_EQ(children->size(), 2u);
  EXPECT_EQ((*children)[0].id, "vol/d2");
  EXPECT_EQ((*children)[1].id, "vol/d1");

  // The index holds both records, committed at the store's last change; terms
  // are synonyms, and one the index refuses does not stop the import.
  EXPECT_EQ(index_->committed.size(), 2u);
  EXPECT_EQ(index_->applied_seq, last_seq());
  EXPECT_EQ(index_->synonyms["ACEN"], "Assembly of Captive European Nations");
  auto check = archive_->check();
  ASSERT_TRUE(check.has_value());
  EXPECT_TRUE(check->ok()) << check->problems[0];
}

// A record's page reads it without its original source (kept apart in the
// store): the same record but for `original`, which a full read still has,
// byte for byte.
TEST_F(ArchiveTest, APageReadsTheRecordWithoutItsOriginalSource) {
  std::string original = R"(<div xml:id=\"d3\"><head>Telegram</head>)";
  for (int i = 0; i < 40; ++i) original += "<p>Khrushchev said \\\"no\\\" to Mălnăşan, " + std::to_string(i) + ".</p>";
  original += "</div>";
  const std::string unit = R"({"chancery_export": 1, "collections": [{"id": "vol", "title": "A Volume"}],
    "records": [{"id": "vol/d3", "title": "Telegram", "collections": ["vol"], "summary": "Khrushchev answers.",
                 "original": ")" + original + R"("}]})";
  FileImportReport report = archive_->import_file(write("vol.json", unit));
  ASSERT_FALSE(report.error) << report.error->describe();

  auto whole = archive_->record_version("vol/d3");
  ASSERT_TRUE(whole.has_value()) << whole.error().describe();
  EXPECT_NE(whole->record.original.find("Khrushchev said \"no\" to Mălnăşan, 39."), std::string::npos);
  auto shown = archive_->record_version("vol/d3", 0, /*without_original=*/true);
  ASSERT_TRUE(shown.has_value()) << shown.error().describe();
  EXPECT_TRUE(shown->record.original.empty());
  EXPECT_EQ(shown->number, whole->number);
  Record expected = whole->record;
  expected.original.clear();
  EXPECT_EQ(canonical_json(shown->record), canonical_json(expected));
  auto check = archive_->check();
  ASSERT_TRUE(check.has_value());
  EXPECT_TRUE(check->ok()) << check->problems[0];
}

TEST_F(ArchiveTest, AFailedFileLeavesNothing) {
  // The second record repeats the first's id: the file is malformed as a whole.
  FileImportReport report = archive_->import_file(write("dup.json", R"({"chancery_export": 1, "records": [
      {"id": "a", "title": "one"}, {"id": "b", "title": "two"}, {"id": "a", "title": "three"}]})"));
  EXPECT_EQ(report.status, ImportStatus::kFailed);
  ASSERT_TRUE(report.error.has_value());
  EXPECT_NE(report.error->message.find("duplicate record id a"), std::string::npos);
  EXPECT_EQ(report.error->file, (root_ / "in" / "dup.json").string());
  auto stats = archive_->stats();
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->store.records, 0);
  EXPECT_EQ(stats->store.revisions, 0);
  EXPECT_TRUE(index_->committed.empty());
  EXPECT_FALSE(archive_->record("b").has_value());
}

TEST_F(ArchiveTest, UnparseableFileIsReportedWithItsLine) {
  FileImportReport report = archive_->import_file(write("bad.txt", "**Citation:**\n\nfoo\n"));
  EXPECT_EQ(report.status, ImportStatus::kFailed);
  ASSERT_TRUE(report.error.has_value());
  EXPECT_EQ(report.error->line, 1);
}

TEST_F(ArchiveTest, UnchangedReimportChangesNothing) {
  fs::path file = write("vol.json", kVolume);
  archive_->import_file(file);
  std::int64_t seq = last_seq();
  int commits = index_->commits;
  FileImportReport again = archive_->import_file(file);
  EXPECT_EQ(again.status, ImportStatus::kUnchanged);
  EXPECT_EQ(again.records_unchanged, 2);
  EXPECT_EQ(last_seq(), seq);
  EXPECT_EQ(index_->commits, commits);
}

TEST_F(ArchiveTest, ChangedFileAddsARevision) {
  fs::path file = write("r.json", R"({"chancery_export": 1, "records": [{"id": "r", "title": "Old title"}]})");
  archive_->import_file(file);
  write("r.json", R"({"chancery_export": 1, "records": [{"id": "r", "title": "New title"}]})");
  FileImportReport report = archive_->import_file(file);
  EXPECT_EQ(report.status, ImportStatus::kUpdated);
  EXPECT_EQ(report.records_updated, 1);
  auto history = archive_->history("r");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 2u);
  auto first = archive_->record_revision("r", 1);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->title, "Old title");
  EXPECT_EQ(archive_->record("r")->title, "New title");
  EXPECT_EQ(index_->committed["r"].title, "New title");
  EXPECT_FALSE(archive_->record_revision("r", 3).has_value());
  EXPECT_EQ(archive_->history("nope").error().code, ErrorCode::kNotFound);
}

// Withdrawing a record: gone from reading and the index, kept in the store
// with a signed reason, left withdrawn by a later import, and brought back.
TEST_F(ArchiveTest, AWithdrawnRecordLeavesTheIndexAndKeepsItsHistory) {
  fs::path file = write("vol.json", kVolume);
  ASSERT_FALSE(archive_->import_file(file).error);
  ASSERT_EQ(index_->committed.count("vol/d1"), 1u);

  auto withdrawn = archive_->withdraw_record("vol/d1", "A duplicate of vol/d2", "editor:ana");
  ASSERT_TRUE(withdrawn.has_value()) << withdrawn.error().describe();
  EXPECT_EQ(withdrawn->id, "vol/d1#1");
  EXPECT_EQ(withdrawn->type, AnnotationType::kWithdrawal);
  EXPECT_FALSE(withdrawn->created.empty());

  EXPECT_EQ(archive_->record("vol/d1").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(index_->committed.count("vol/d1"), 0u);
  EXPECT_EQ(index_->committed.count("vol/d2"), 1u);
  EXPECT_EQ(index_->applied_seq, last_seq());
  auto history = archive_->history("vol/d1");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_FALSE((*history)[0].deleted);
  EXPECT_TRUE((*history)[1].deleted);
  EXPECT_EQ(archive_->record_revision("vol/d1", 1)->title, "Second document");

  auto why = archive_->withdrawal("vol/d1");
  ASSERT_TRUE(why.has_value()) << why.error().describe();
  ASSERT_TRUE(why->has_value());
  EXPECT_EQ((*why)->annotation.text, "A duplicate of vol/d2");
  EXPECT_EQ((*why)->annotation.author, "editor:ana");
  EXPECT_EQ((*why)->last.title, "Second document");
  EXPECT_EQ((*why)->revisions, 2);
  EXPECT_FALSE(archive_->withdrawal("vol/d2")->has_value());
  EXPECT_FALSE(archive_->withdrawal("nope")->has_value());
  // Withdrawals are not among the record's editorial annotations.
  auto check = archive_->check();
  ASSERT_TRUE(check.has_value());
  EXPECT_TRUE(check->ok()) << check->problems[0];
}

TEST_F(ArchiveTest, WithdrawingIsRefusedWithoutAReasonTwiceOrForNoRecord) {
  ASSERT_FALSE(archive_->import_file(write("vol.json", kVolume)).error);
  std::int64_t seq = last_seq();
  EXPECT_EQ(archive_->withdraw_record("vol/d1", "  ", "editor:ana").error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(archive_->withdraw_record("nope", "gone", "editor:ana").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(last_seq(), seq);
  ASSERT_TRUE(archive_->withdraw_record("vol/d1", "gone", "editor:ana").has_value());
  seq = last_seq();
  auto again = archive_->withdraw_record("vol/d1", "gone again", "editor:ana");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(again.error().message.find("withdrawn already (vol/d1#1)"), std::string::npos) << again.error().message;
  EXPECT_EQ(last_seq(), seq);
  // A withdrawal is written only through withdraw_record.
  Annotation draft;
  draft.target = "vol/d2";
  draft.type = AnnotationType::kWithdrawal;
  draft.text = "by the back door";
  draft.author = "editor:ana";
  EXPECT_EQ(archive_->annotate(draft).error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(last_seq(), seq);
  // Nor is it withdrawn as an annotation: that would leave the record gone without a reason.
  EXPECT_EQ(archive_->withdraw_annotation("vol/d1#1", "editor:ana").error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(archive_->reinstate_record("vol/d2", "editor:ana").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(archive_->reinstate_record("nope", "editor:ana").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(last_seq(), seq);
}

TEST_F(ArchiveTest, ImportingAgainLeavesAWithdrawnRecordWithdrawnAndSaysSo) {
  fs::path file = write("vol.json", kVolume);
  ASSERT_FALSE(archive_->import_file(file).error);
  ASSERT_TRUE(archive_->withdraw_record("vol/d1", "taken down at the owner's request", "editor:ana").has_value());
  std::int64_t seq = last_seq();
  FileImportReport again = archive_->import_file(file);
  ASSERT_FALSE(again.error) << again.error->describe();
  EXPECT_EQ(again.records_added, 0);
  EXPECT_EQ(archive_->record("vol/d1").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(index_->committed.count("vol/d1"), 0u);
  EXPECT_EQ(last_seq(), seq);
  bool said = false;
  for (const std::string& w : again.warnings) said = said || w.find("vol/d1") != std::string::npos;
  EXPECT_TRUE(said) << "the report names the record left withdrawn";

  // A changed file changes its other records but still not the withdrawn one.
  std::string changed = kVolume;
  changed.replace(changed.find("First document"), 14, "First, revised");
  write("vol.json", changed);
  FileImportReport updated = archive_->import_file(file);
  ASSERT_FALSE(updated.error) << updated.error->describe();
  EXPECT_EQ(updated.records_updated, 1);
  EXPECT_EQ(archive_->record("vol/d2")->title, "First, revised");
  EXPECT_EQ(archive_->record("vol/d1").error().code, ErrorCode::kNotFound);
}

TEST_F(ArchiveTest, AReinstatedRecordComesBackAsANewRevision) {
  ASSERT_FALSE(archive_->import_file(write("vol.json", kVolume)).error);
  ASSERT_TRUE(archive_->withdraw_record("vol/d1", "withdrawn by mistake", "editor:ana").has_value());
  auto number = archive_->reinstate_record("vol/d1", "editor:ben");
  ASSERT_TRUE(number.has_value()) << number.error().describe();
  EXPECT_EQ(*number, 3);
  auto record = archive_->record("vol/d1");
  ASSERT_TRUE(record.has_value()) << record.error().describe();
  EXPECT_EQ(record->title, "Second document");
  EXPECT_EQ(index_->committed.count("vol/d1"), 1u);
  EXPECT_FALSE(archive_->withdrawal("vol/d1")->has_value());
  auto history = archive_->history("vol/d1");
  ASSERT_EQ(history->size(), 3u);
  EXPECT_FALSE((*history)[2].deleted);
  // The withdrawal's own history stays; it can be withdrawn again afterwards,
  // under a new number.
  auto trail = archive_->annotation_history("vol/d1#1");
  ASSERT_TRUE(trail.has_value()) << trail.error().describe();
  EXPECT_EQ(trail->size(), 2u);
  EXPECT_EQ(archive_->withdraw_record("vol/d1", "a duplicate after all", "editor:ana")->id, "vol/d1#2");
  EXPECT_EQ(archive_->reinstate_record("vol/d1", "editor:ana").value(), 5);
}

TEST_F(ArchiveTest, AnImportedWithdrawalTakesItsLiveRecordOut) {
  ASSERT_FALSE(archive_->import_file(write("vol.json", kVolume)).error);
  // Another archive's export says vol/d1 was withdrawn; here it is live.
  const fs::path annotations = write("annotations.json", R"({"chancery_export": 1, "annotations": [
      {"id": "vol/d1#1", "target": "vol/d1", "type": "withdrawal", "text": "A duplicate",
       "author": "editor:ann", "created": "2026-12-01T10:00:00.000Z"}]})");
  FileImportReport report = archive_->import_file(annotations);
  ASSERT_FALSE(report.error) << report.error->describe();
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_NE(report.warnings[0].find("withdrawn from the archive by the file's withdrawals: vol/d1"), std::string::npos)
      << report.warnings[0];
  EXPECT_EQ(archive_->record("vol/d1").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(index_->committed.count("vol/d1"), 0u);
  auto history = archive_->history("vol/d1");
  ASSERT_EQ(history->size(), 2u);
  EXPECT_TRUE((*history)[1].deleted);
  ASSERT_TRUE(archive_->withdrawal("vol/d1")->has_value());
  EXPECT_EQ(archive_->withdrawal("vol/d1")->value().last.title, "Second document");
  auto check = archive_->check();
  ASSERT_TRUE(check.has_value());
  EXPECT_TRUE(check->ok()) << check->problems[0];
  // The same file again changes nothing.
  const std::int64_t seq = last_seq();
  report = archive_->import_file(annotations);
  ASSERT_FALSE(report.error) << report.error->describe();
  EXPECT_TRUE(report.warnings.empty());
  EXPECT_EQ(last_seq(), seq);
}

TEST_F(ArchiveTest, CheckFindsALiveRecordWhoseWithdrawalStandsAndReinstateSettlesIt) {
  ASSERT_FALSE(archive_->import_file(write("vol.json", kVolume)).error);
  // A withdrawal written beside a live record (by a version before imported
  // withdrawals took their records out, say).
  Annotation a;
  a.id = "vol/d1#1";
  a.target = "vol/d1";
  a.target_kind = AnnotationTarget::kRecord;
  a.type = AnnotationType::kWithdrawal;
  a.text = "A duplicate";
  a.author = "editor:ann";
  a.created = "2026-12-01T10:00:00.000Z";
  auto meta = annotation_meta(a);
  ASSERT_TRUE(meta.has_value()) << meta.error().describe();
  ASSERT_TRUE(archive_->store().put(EntityKind::kAnnotation, a.id, annotation_to_json(a), *meta, "old"));
  archive_.reset();   // opened again, the index catches up with the store
  archive_ = open(root_ / "archive", index_);
  auto check = archive_->check();
  ASSERT_TRUE(check.has_value());
  ASSERT_FALSE(check->ok());
  EXPECT_NE(check->problems[0].find("record vol/d1 (vol/d1#1) is live, yet its withdrawal stands"), std::string::npos)
      << check->problems[0];
  auto settled = archive_->reinstate_record("vol/d1", "editor:ann");
  ASSERT_TRUE(settled.has_value()) << settled.error().describe();
  EXPECT_EQ(*settled, 1);
  EXPECT_EQ(archive_->record("vol/d1")->title, "Second document");
  check = archive_->check();
  ASSERT_TRUE(check.has_value());
  EXPECT_TRUE(check->ok()) << check->problems[0];
}

TEST_F(ArchiveTest, ImportPathsWalksSortedAndGoesOnAfterAFailure) {
  write("b/2.json", R"({"chancery_export": 1, "records": [{"id": "two", "title": "Two"}]})");
  write("a.json", R"({"chancery_export": 1, "records": [{"id": "one", "title": "One"}]})");
  write("b/1_bad.json", R"({"chancery_export": 1, "records": [{"id": 5}]})");
  write(".hidden/x.json", R"({"chancery_export": 1, "records": [{"id": "hidden", "title": "H"}]})");
  std::vector<std::string> seen;
  auto reports = archive_->import_paths({root_ / "in", root_ / "missing"},
                                        [&](const FileImportReport& r, std::size_t, std::size_t) { seen.push_back(r.path); });
  ASSERT_EQ(reports.size(), 4u);
  EXPECT_EQ(reports[0].status, ImportStatus::kFailed);  // the missing path
  EXPECT_EQ(reports[1].path, (root_ / "in" / "a.json").string());
  EXPECT_EQ(reports[2].status, ImportStatus::kFailed);
  EXPECT_EQ(reports[3].status, ImportStatus::kImported);
  EXPECT_EQ(seen.size(), 4u);
  EXPECT_TRUE(archive_->record("one").has_value());
  EXPECT_TRUE(archive_->record("two").has_value());
  EXPECT_FALSE(archive_->record("hidden").has_value());
  EXPECT_EQ(index_->committed.size(), 2u);
  EXPECT_EQ(index_->applied_seq, last_seq());
}

TEST_F(ArchiveTest, ImportPathsOrdersAFolderElementByElement) {
  // As std::filesystem::path orders them: the folder "a" before "a-b" before
  // the file "a.json" (a plain string order would put "a/" last).
  write("a.json", R"({"chancery_export": 1, "records": [{"id": "three", "title": "Three"}]})");
  write("a-b/y.json", R"({"chancery_export": 1, "records": [{"id": "two", "title": "Two"}]})");
  write("a/x.json", R"({"chancery_export": 1, "records": [{"id": "one", "title": "One"}]})");
  auto reports = archive_->import_paths({root_ / "in"});
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].path, (root_ / "in" / "a" / "x.json").string());
  EXPECT_EQ(reports[1].path, (root_ / "in" / "a-b" / "y.json").string());
  EXPECT_EQ(reports[2].path, (root_ / "in" / "a.json").string());
  for (const FileImportReport& report : reports) EXPECT_EQ(report.status, ImportStatus::kImported) << report.path;
}

TEST_F(ArchiveTest, ImportPathsCanKeepOnlyTheReportsOfProblems) {
  write("a.json", R"({"chancery_export": 1, "records": [{"id": "one", "title": "One"}]})");
  write("b_bad.json", R"({"chancery_export": 1, "records": [{"id": 5}]})");
  write("c.json", R"({"chancery_export": 1, "records": [{"id": "two", "title": "Two"}]})");
  std::vector<std::pair<std::string, std::size_t>> seen;
  auto reports = archive_->import_paths(
      {root_ / "in"}, [&](const FileImportReport& r, std::size_t done, std::size_t) { seen.emplace_back(r.path, done); },
      KeepReports::kProblems);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].path, (root_ / "in" / "b_bad.json").string());
  EXPECT_EQ(reports[0].status, ImportStatus::kFailed);
  ASSERT_EQ(seen.size(), 3u);   // progress still sees every file, in order
  EXPECT_EQ(seen[0], std::make_pair((root_ / "in" / "a.json").string(), std::size_t{1}));
  EXPECT_EQ(seen[2], std::make_pair((root_ / "in" / "c.json").string(), std::size_t{3}));
  EXPECT_TRUE(archive_->record("one").has_value());
  EXPECT_TRUE(archive_->record("two").has_value());
  EXPECT_EQ(index_->committed.size(), 2u);
}

TEST_F(ArchiveTest, AFileFailingMidWriteLeavesNothingWhileItsBatchNeighboursStay) {
  write("a.json", R"({"chancery_export": 1, "records": [{"id": "a", "title": "A"}]})");
  // Fails in the store stage, after b1 was written inside the shared transaction.
  write("b.json", R"({"chancery_export": 1, "records": [{"id": "b1", "title": "B"}, {"id": "b1", "title": "B again"}]})");
  write("c.json", R"({"chancery_export": 1, "records": [{"id": "c", "title": "C"}]})");
  auto reports = archive_->import_paths({root_ / "in"});
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].status, ImportStatus::kImported);
  EXPECT_EQ(reports[1].status, ImportStatus::kFailed);
  EXPECT_EQ(reports[2].status, ImportStatus::kImported);
  EXPECT_TRUE(archive_->record("a").has_value());
  EXPECT_FALSE(archive_->record("b1").has_value());
  EXPECT_TRUE(archive_->record("c").has_value());
  EXPECT_EQ(archive_->stats()->store.revisions, 2);
  EXPECT_EQ(index_->committed.count("b1"), 0u);
  EXPECT_TRUE(archive_->check()->ok());
}

TEST_F(ArchiveTest, WriterReplaysWhatTheIndexMissed) {
  archive_->import_file(write("vol.json", kVolume));
  archive_.reset();
  // A fresh index (as after losing it) is rebuilt from the store's change log.
  auto fresh = std::make_shared<FakeIndexState>();
  archive_ = open(root_ / "archive", fresh);
  EXPECT_EQ(fresh->committed.size(), 2u);
  EXPECT_EQ(fresh->applied_seq, last_seq());
  EXPECT_EQ(fresh->synonyms.count("ACEN"), 1u);
  EXPECT_TRUE(archive_->check()->ok());
}

TEST_F(ArchiveTest, ReaderDoesNotTouchTheIndex) {
  archive_->import_file(write("vol.json", kVolume));
  auto fresh = std::make_shared<FakeIndexState>();
  auto reader = open(root_ / "archive", fresh, /*read_only=*/true);
  ASSERT_NE(reader, nullptr);
  EXPECT_TRUE(fresh->committed.empty());
  EXPECT_EQ(fresh->commits, 0);
  // ...and cannot import.
  FileImportReport report = reader->import_file(write("r.json", R"({"chancery_export": 1, "records": [{"id": "r"}]})"));
  EXPECT_EQ(report.status, ImportStatus::kFailed);
}

TEST_F(ArchiveTest, AnIndexFailureIsRepairedOnTheNextOpen) {
  index_->fail_puts = true;
  FileImportReport report = archive_->import_file(write("vol.json", kVolume));
  EXPECT_EQ(report.status, ImportStatus::kImported);  // the store has it
  ASSERT_FALSE(report.warnings.empty());
  EXPECT_NE(report.warnings.back().find("search index not updated"), std::string::npos);
  auto check = archive_->check();
  ASSERT_TRUE(check.has_value());
  EXPECT_FALSE(check->ok());

  index_->fail_puts = false;
  archive_.reset();
  archive_ = open(root_ / "archive", index_);
  EXPECT_EQ(index_->committed.size(), 2u);
  EXPECT_TRUE(archive_->check()->ok());
}

TEST_F(ArchiveTest, AnIndexAheadOfTheStoreIsRebuilt) {
  archive_->import_file(write("vol.json", kVolume));
  index_->committed["stray"] = record_with_id("stray");
  index_->applied_seq = last_seq() + 100;
  archive_.reset();
  archive_ = open(root_ / "archive", index_);
  EXPECT_EQ(index_->committed.count("stray"), 0u);
  EXPECT_EQ(index_->applied_seq, last_seq());
  EXPECT_TRUE(archive_->check()->ok());
}

TEST_F(ArchiveTest, CheckFindsRecordsMissingFromTheIndex) {
  archive_->import_file(write("vol.json", kVolume));
  index_->committed.erase("vol/d1");
  index_->committed["ghost"] = record_with_id("ghost");
  auto check = archive_->check();
  ASSERT_TRUE(check.has_value());
  ASSERT_EQ(check->problems.size(), 2u);
  EXPECT_EQ(check->problems[0], "record vol/d1 is stored but not in the search index");
  EXPECT_EQ(check->problems[1], "record ghost is in the search index but not stored");
}

TEST_F(ArchiveTest, JsonExportRoundTripsByteForByte) {
  archive_->import_file(write("vol.json", kVolume));
  auto written = archive_->export_all(root_ / "out1", "json");
  ASSERT_TRUE(written.has_value()) << written.error().describe();
  EXPECT_EQ(*written, 2u);
  ASSERT_TRUE(fs::exists(root_ / "out1" / "records" / "vol" / "d1.json"));
  ASSERT_TRUE(fs::exists(root_ / "out1" / "collections.json"));
  ASSERT_TRUE(fs::exists(root_ / "out1" / "terms.json"));

  auto state = std::make_shared<FakeIndexState>();
  auto second = open(root_ / "second", state);
  auto reports = second->import_paths({root_ / "out1"});
  for (const auto& r : reports) EXPECT_FALSE(r.error) << r.error->describe();
  ASSERT_TRUE(second->export_all(root_ / "out2", "json").has_value());
  for (const char* file : {"records/vol/d1.json", "records/vol/d2.json", "collections.json", "persons.json", "terms.json"}) {
    EXPECT_EQ(read(root_ / "out1" / file), read(root_ / "out2" / file)) << file;
  }
  // Published order survives the trip although records and collections came in separate files.
  auto children = second->store().children(EntityKind::kRecord, "vol");
  ASSERT_TRUE(children.has_value());
  ASSERT_EQ(children->size(), 2u);
  EXPECT_EQ((*children)[0].id, "vol/d2");
}

TEST_F(ArchiveTest, AWithdrawnRecordTravelsInAJsonExportAndArrivesWithdrawn) {
  ASSERT_FALSE(archive_->import_file(write("vol.json", kVolume)).error);
  ASSERT_TRUE(archive_->withdraw_record("vol/d1", "A duplicate of vol/d2", "editor:ana").has_value());
  auto written = archive_->export_all(root_ / "out1", "json");
  ASSERT_TRUE(written.has_value()) << written.error().describe();
  EXPECT_EQ(*written, 1u);   // live records
  ASSERT_TRUE(fs::exists(root_ / "out1" / "records" / "vol" / "d1.json"));

  // Imported in one run (files in batches) or file by file: the withdrawal
  // (annotations.json sorts first) holds for the record that follows it.
  for (const bool batched : {false, true}) {
    auto state = std::make_shared<FakeIndexState>();
    const fs::path dir = root_ / (batched ? "batched" : "one-by-one");
    auto second = open(dir, state);
    std::vector<FileImportReport> reports;
    if (batched) {
      reports = second->import_paths({root_ / "out1"});
    } else {
      for (const char* file : {"annotations.json", "collections.json", "records/vol/d1.json", "records/vol/d2.json"}) {
        reports.push_back(second->import_file(root_ / "out1" / file));
      }
    }
    bool said = false;
    for (const auto& r : reports) {
      EXPECT_FALSE(r.error) << r.error->describe();
      for (const std::string& w : r.warnings) said = said || w.find("stored withdrawn") != std::string::npos;
    }
    EXPECT_TRUE(said) << "the report says the record arrived withdrawn";
    EXPECT_EQ(second->record("vol/d1").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(state->committed.count("vol/d1"), 0u);
    EXPECT_EQ(state->committed.count("vol/d2"), 1u);
    auto w = second->withdrawal("vol/d1");
    ASSERT_TRUE(w.has_value() && w->has_value()) << "withdrawn, not missing";
    EXPECT_EQ((*w)->annotation.text, "A duplicate of vol/d2");
    EXPECT_EQ((*w)->last.title, "Second document");
    auto check = second->check();
    ASSERT_TRUE(check.has_value());
    EXPECT_TRUE(check->ok()) << check->problems[0];
    // Brought back there, it has the text it had here.
    ASSERT_TRUE(second->reinstate_record("vol/d1", "editor:ben").has_value());
    EXPECT_EQ(second->record("vol/d1")->title, "Second document");
    EXPECT_EQ(state->committed.count("vol/d1"), 1u);
  }
  // The second archive's export is the first's.
  auto state = std::make_shared<FakeIndexState>();
  auto third = open(root_ / "third", state);
  for (const auto& r : third->import_paths({root_ / "out1"})) EXPECT_FALSE(r.error) << r.error->describe();
  ASSERT_TRUE(third->export_all(root_ / "out2", "json").has_value());
  for (const char* file : {"records/vol/d1.json", "records/vol/d2.json", "annotations.json"}) {
    EXPECT_EQ(read(root_ / "out1" / file), read(root_ / "out2" / file)) << file;
  }
}

TEST_F(ArchiveTest, AWriterSaysWhenItBuildsTheIndexFromTheStore) {
  ASSERT_FALSE(archive_->import_file(write("vol.json", kVolume)).error);
  const std::int64_t seq = last_seq();
  archive_.reset();
  std::vector<std::int64_t> said;
  auto note = [&said](std::int64_t changes) { said.push_back(changes); };
  // The index as it was: nothing to say.
  archive_ = open(root_ / "archive", index_, false, note);
  EXPECT_TRUE(said.empty());
  archive_.reset();
  // An index that holds nothing (dropped for a new layout, or left unsynced):
  // said once, with the store's changes, before it is built; a reader never says it.
  auto fresh = std::make_shared<FakeIndexState>();
  auto reader = open(root_ / "archive", fresh, true, note);
  EXPECT_TRUE(said.empty());
  reader.reset();
  archive_ = open(root_ / "archive", fresh, false, note);
  EXPECT_EQ(said, (std::vector<std::int64_t>{seq}));
  EXPECT_EQ(fresh->committed.size(), 2u);
  archive_.reset();
  archive_ = open(root_ / "archive", fresh, false, note);
  EXPECT_EQ(said.size(), 1u);
}

TEST_F(ArchiveTest, AWriterBuildingTheIndexSaysWhereItStands) {
  // 1,200 records: three batches of the replay (500 changes each).
  std::string many = R"({"chancery_export": 1, "records": [)";
  for (int i = 0; i < 1200; ++i) {
    many += (i ? "," : "") + std::string(R"({"id": "r)") + std::to_string(i) + R"(", "title": "Record )" +
            std::to_string(i) + "\"}";
  }
  many += "]}";
  ASSERT_FALSE(archive_->import_file(write("many.json", many)).error);
  const std::int64_t seq = last_seq();
  archive_.reset();
  std::vector<std::pair<std::int64_t, std::int64_t>> progress;
  auto note = [&progress](std::int64_t reached, std::int64_t last) { progress.emplace_back(reached, last); };
  // Nothing while the index is in step.
  archive_ = open(root_ / "archive", index_, false, {}, note);
  EXPECT_TRUE(progress.empty());
  archive_.reset();
  // Built from nothing: after each batch, rising, ending at the store's last change.
  auto fresh = std::make_shared<FakeIndexState>();
  archive_ = open(root_ / "archive", fresh, false, {}, note);
  ASSERT_EQ(progress.size(), 3u);
  for (std::size_t i = 0; i < progress.size(); ++i) {
    EXPECT_EQ(progress[i].second, seq);
    if (i > 0) EXPECT_GT(progress[i].first, progress[i - 1].first);
  }
  EXPECT_EQ(progress.back().first, seq);
  // Later imports into it say nothing.
  progress.clear();
  ASSERT_FALSE(archive_->import_file(write("one.json", R"({"chancery_export": 1, "records": [{"id": "x", "title": "X"}]})")).error);
  EXPECT_TRUE(progress.empty());
}

TEST_F(ArchiveTest, ACollectionsOwnTextsAreKeptAndTravelInAJsonExport) {
  std::string with_texts = kVolume;
  with_texts.insert(with_texts.rfind('}'), R"(,
    "about": [{"id": "vol", "texts": [
      {"id": "preface", "title": "Preface", "body": [{"kind": "paragraph", "text": "Why [1] this volume.", "note_refs": ["1"]}],
       "notes": [{"number": "1", "id": "prefacefn1", "marker": "[1]", "text": "A note."}]},
      {"id": "sources", "title": "Sources", "body": [{"kind": "list_item", "text": "A library"}]}]}])");
  const fs::path file = write("vol.json", with_texts);
  FileImportReport report = archive_->import_file(file);
  ASSERT_FALSE(report.error) << report.error->describe();
  auto about = archive_->collection_about("vol");
  ASSERT_TRUE(about.has_value()) << about.error().describe();
  ASSERT_EQ(about->texts.size(), 2u);
  EXPECT_EQ(about->texts[0].title, "Preface");
  EXPECT_EQ(about->texts[0].notes[0].text, "A note.");
  EXPECT_EQ(about->texts[1].body[0].kind, BlockKind::kListItem);
  // None for a collection without texts; the same file again changes nothing.
  EXPECT_TRUE(archive_->collection_about("nowhere")->texts.empty());
  const std::int64_t seq = last_seq();
  EXPECT_EQ(archive_->import_file(file).status, ImportStatus::kUnchanged);
  EXPECT_EQ(last_seq(), seq);
  auto listed = archive_->store().latest_meta(EntityKind::kAbout, "vol");
  ASSERT_TRUE(listed.has_value() && *listed);
  EXPECT_EQ((*listed)->meta.title, "Preface; Sources");

  ASSERT_TRUE(archive_->export_all(root_ / "out1", "json").has_value());
  ASSERT_TRUE(fs::exists(root_ / "out1" / "about.json"));
  auto state = std::make_shared<FakeIndexState>();
  auto second = open(root_ / "second", state);
  for (const auto& r : second->import_paths({root_ / "out1"})) EXPECT_FALSE(r.error) << r.error->describe();
  EXPECT_EQ(second->collection_about("vol").value(), *about);
  ASSERT_TRUE(second->export_all(root_ / "out2", "json").has_value());
  EXPECT_EQ(read(root_ / "out1" / "about.json"), read(root_ / "out2" / "about.json"));
}

TEST_F(ArchiveTest, ExportRefusesUnknownFormatsAndUnsafeIds) {
  EXPECT_EQ(archive_->export_all(root_ / "out", "pdf").error().code, ErrorCode::kInvalidInput);
  // Readers may refuse such ids already; the exporter must not trust that.
  ASSERT_TRUE(archive_->store().put(EntityKind::kRecord, "../escape", to_json(record_with_id("../escape")).dump(), {}, "t"));
  auto written = archive_->export_all(root_ / "out", "json");
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code, ErrorCode::kInvalidInput);
  EXPECT_FALSE(fs::exists(root_ / "escape.json"));
}

TEST_F(ArchiveTest, OpeningAMissingArchiveWithoutCreateFails) {
  ArchiveOptions options;
  options.dir = root_ / "nothing-here";
  auto archive = Archive::open(options);
  ASSERT_FALSE(archive.has_value());
  EXPECT_EQ(archive.error().code, ErrorCode::kNotFound);
}

TEST_F(ArchiveTest, BackupAndRestoreGiveTheSameRecords) {
  archive_->import_file(write("vol.json", kVolume));
  ASSERT_TRUE(archive_->backup(root_ / "backup").has_value());
  EXPECT_EQ(archive_->backup(root_ / "backup").error().code, ErrorCode::kConflict);

  auto state = std::make_shared<FakeIndexState>();
  ArchiveOptions options;
  options.index_factory = [state](const fs::path&, bool) -> Result<std::unique_ptr<SearchIndex>> {
    return std::unique_ptr<SearchIndex>(new FakeIndex(state));
  };
  auto restored = Archive::restore(root_ / "backup", root_ / "restored", options);
  ASSERT_TRUE(restored.has_value()) << restored.error().describe();
  EXPECT_EQ(state->committed.size(), 2u);  // the index caught up on open
  auto reopened = open(root_ / "restored", state);
  EXPECT_EQ(reopened->record("vol/d2")->title, "First document");
  EXPECT_EQ(Archive::restore(root_ / "backup", root_ / "restored", options).error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace chancery
