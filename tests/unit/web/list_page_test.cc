// A reader's list of documents: /list shows the documents a link or a form
// names, in that order, marking closed, withdrawn and unknown ones and never
// showing their text; /export/list.ris, .bib, .json cite those open to
// readers; bad lists are refused.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "archive/archive.h"
#include "web/dispatcher.h"
#include "web_test_support.h"

namespace chancery::web {
namespace {

using testing::occurrences;
using testing::record_text;

// The ids a list page shows, in order (each <li class="listed" data-id="...">).
std::vector<std::string> shown_ids(const std::string& page) {
  std::vector<std::string> ids;
  const std::string marker = "<li class=\"listed\" data-id=\"";
  for (std::size_t at = page.find(marker); at != std::string::npos; at = page.find(marker, at + 1)) {
    const std::size_t start = at + marker.size();
    ids.push_back(page.substr(start, page.find('"', start) - start));
  }
  return ids;
}

class ListPageTest : public testing::ArchivePagesTest {
 protected:
  void SetUp() override {
    ArchivePagesTest::SetUp();
    if (HasFatalFailure()) return;
    // Record-text ids are the files' names.
    write_and_import("odessa.txt", record_text("November 3, 1956", "Harbours of Odessa", "Ships in the harbours."));
    write_and_import("braces.txt", record_text("March 5, 1957", "Harbours <and> {Braces} & Co", "More harbours."));
    write_and_import("closed.txt", record_text("June 1, 1958", "A Closed Paper", "Secret lighthouse words."));
    write_and_import("gone.txt", record_text("July 1, 1958", "A Withdrawn Paper", "Withdrawn words."));
    Annotation draft;
    draft.target = "closed";
    draft.type = AnnotationType::kRestriction;
    draft.text = "Privacy of persons still living";
    draft.until = "2999-01-01";
    draft.author = "editor:ann";
    ASSERT_TRUE(archive_->annotate(draft).has_value());
    ASSERT_TRUE(archive_->withdraw_record("gone", "A duplicate", "editor:ann").has_value());
  }

  std::string page_of(const std::string& target) { return get(target).body; }

  HttpResponse post(const std::string& path, const std::string& form) {
    HttpRequest request = testing::request_for(path, "POST");
    request.headers["content-type"] = "application/x-www-form-urlencoded";
    request.body = form;
    return answer(router_, *site_, archive_.get(), request);
  }
};

TEST_F(ListPageTest, ShowsTheNamedDocumentsInOrderWithWhatReadersMayKnow) {
  HttpResponse page = get("/list?id=braces&id=closed&id=nowhere&id=gone&id=odessa&id=braces&id=%20");
  ASSERT_EQ(page.status, 200) << page.body;
  // In the order named, a repeat and a blank left out.
  EXPECT_EQ(shown_ids(page.body), (std::vector<std::string>{"braces", "closed", "nowhere", "gone", "odessa"}));
  EXPECT_NE(page.body.find("5 documents"), std::string::npos);
  EXPECT_NE(page.body.find("<meta name=\"robots\" content=\"noindex\">"), std::string::npos);
  // Titles escaped, linked to their pages.
  EXPECT_NE(page.body.find("<a href=\"/document/braces\">Harbours &lt;and&gt; {Braces} &amp; Co</a>"), std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find("<time datetime=\"1956-11-03\">November 3, 1956</time>"), std::string::npos);
  // Closed: its title and when it opens, never its text; withdrawn and unknown marked.
  EXPECT_NE(page.body.find("A Closed Paper</a> <time datetime=\"1958-06-01\">June 1, 1958</time> "
                           "<span class=\"closed-label\">closed until January 1, 2999</span>"),
            std::string::npos);
  EXPECT_EQ(page.body.find("lighthouse"), std::string::npos);
  EXPECT_NE(page.body.find("A Withdrawn Paper</a> <time datetime=\"1958-07-01\">July 1, 1958</time> "
                           "<span class=\"closed-label\">withdrawn</span>"),
            std::string::npos);
  EXPECT_NE(page.body.find("nowhere</span> <span class=\"closed-label\">not in this archive</span>"), std::string::npos);
  // The citation forms carry every id; two are open to readers.
  EXPECT_EQ(occurrences(page.body, "<input type=\"hidden\" name=\"id\""), 5u);
  EXPECT_NE(page.body.find("Cite 2 documents (those open to readers)"), std::string::npos);
  EXPECT_NE(page.body.find("formaction=\"/export/list.bib\""), std::string::npos);
  // A link that shows the same list.
  EXPECT_NE(page.body.find("href=\"/list?id=braces&amp;id=closed&amp;id=nowhere&amp;id=gone&amp;id=odessa\""),
            std::string::npos);
}

TEST_F(ListPageTest, AnEmptyListSaysHowToMakeOne) {
  HttpResponse page = get("/list");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"list-empty\""), std::string::npos);
  EXPECT_TRUE(shown_ids(page.body).empty());
  EXPECT_EQ(page.body.find("list-export"), std::string::npos);
  // The pages that offer "Add to my list": a document and search results.
  EXPECT_NE(get("/document/odessa").body.find("class=\"list-toggle\" data-id=\"odessa\""), std::string::npos);
  EXPECT_NE(get("/search?q=harbours").body.find("class=\"list-toggle\" data-id=\"braces\""), std::string::npos);
}

TEST_F(ListPageTest, AFormPostShowsAListTooLongForALink) {
  std::string form;
  for (int i = 0; i < 300; ++i) form += "id=frus1958-60v08%2Fd" + std::to_string(i) + "&";
  form += "id=odessa";
  HttpResponse page = post("/list", form);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(shown_ids(page.body).size(), 301u);
  EXPECT_EQ(page.body.find("id=\"list-link\""), std::string::npos) << "no link longer than a request may be";
  EXPECT_NE(page.body.find("Cite 1 document (those open to readers)"), std::string::npos);
}

TEST_F(ListPageTest, CitesTheOpenDocumentsInTheListsOrder) {
  HttpResponse ris = post("/export/list.ris", "id=odessa&id=closed&id=gone&id=nowhere&id=braces");
  ASSERT_EQ(ris.status, 200) << ris.body;
  EXPECT_EQ(ris.content_type, "application/x-research-info-systems; charset=utf-8");
  EXPECT_EQ(occurrences(ris.body, "TY  - "), 2u) << ris.body;
  EXPECT_LT(ris.body.find("Harbours of Odessa"), ris.body.find("{Braces}"));
  EXPECT_EQ(ris.body.find("Closed"), std::string::npos);
  EXPECT_EQ(ris.body.find("Withdrawn"), std::string::npos);
  bool attachment = false;
  for (const auto& [name, value] : ris.headers) {
    if (name == "Content-Disposition") attachment = value == "attachment; filename=\"chancery-list.ris\"";
  }
  EXPECT_TRUE(attachment);

  HttpResponse bib = get("/export/list.bib?id=braces&id=odessa");
  ASSERT_EQ(bib.status, 200);
  EXPECT_EQ(occurrences(bib.body, "@misc{"), 2u);
  EXPECT_LT(bib.body.find("Braces"), bib.body.find("Odessa"));
  HttpResponse csl = get("/export/list.json?id=odessa");
  ASSERT_EQ(csl.status, 200);
  nlohmann::json items = nlohmann::json::parse(csl.body);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["title"], "Harbours of Odessa");
  // The texts, parted by a line of '=', as each document's own .txt download gives them.
  HttpResponse texts = post("/export/list.txt", "id=braces&id=closed&id=odessa");
  ASSERT_EQ(texts.status, 200) << texts.body;
  EXPECT_EQ(texts.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(texts.body, get("/document/braces.txt").body + "\n" + std::string(72, '=') + "\n\n" +
                            get("/document/odessa.txt").body);
  EXPECT_EQ(texts.body.find("lighthouse"), std::string::npos);
  EXPECT_NE(page_of("/list?id=odessa").find("formaction=\"/export/list.txt\""), std::string::npos);
  // Nothing open: an empty file, not an error.
  HttpResponse none = get("/export/list.json?id=closed&id=gone");
  ASSERT_EQ(none.status, 200);
  EXPECT_EQ(nlohmann::json::parse(none.body).size(), 0u);
}

TEST_F(ListPageTest, RefusesListsTooLongIdsTooLongAndExportsOfNothing) {
  std::string form;
  for (int i = 0; i <= 1000; ++i) form += "id=d" + std::to_string(i) + "&";
  EXPECT_EQ(post("/list", form).status, 400);
  EXPECT_EQ(post("/export/list.ris", form).status, 400);
  // 1,000 different ids are taken; repeats do not count.
  std::string thousand;
  for (int i = 0; i < 1000; ++i) thousand += "id=d" + std::to_string(i) + "&id=d0&";
  EXPECT_EQ(post("/list", thousand).status, 200);
  EXPECT_EQ(get("/list?id=" + std::string(600, 'x')).status, 400);
  EXPECT_EQ(get("/export/list.ris").status, 400);
  EXPECT_EQ(get("/export/search.txt?q=harbours").status, 404);
  EXPECT_EQ(get("/export/lists.ris?id=odessa").status, 404);
  // Only the list and the exports take a form.
  EXPECT_EQ(post("/document/odessa", "id=odessa").status, 405);
}

}  // namespace
}  // namespace chancery::web
