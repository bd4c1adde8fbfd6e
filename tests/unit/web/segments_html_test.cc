// A text's segments are rendered to HTML by code (views.h segments_html), not
// by a template; the HTML is exactly what the template they replaced gave.
// The template and the data it was given are kept here as the specification.
#include <gtest/gtest.h>

#include <kainjow/mustache.hpp>

#include <random>

#include "web/templates.h"
#include "web/views.h"

namespace chancery::web {
namespace {

constexpr const char* kSegmentsTemplate =
    "{{#segments}}{{#is_note_ref}}<a class=\"note-ref\" id=\"{{ref_anchor}}\" href=\"#{{note_anchor}}\">{{text}}</a>"
    "{{/is_note_ref}}{{#is_mention}}<a class=\"mention\" href=\"{{url}}\" title=\"{{mention_name}}\" "
    "data-authority=\"{{mention_id}}\">{{text}}</a>{{/is_mention}}{{#is_ambiguous}}<span class=\"mention "
    "mention-ambiguous\">{{text}}<sup class=\"mention-candidates\" title=\"{{candidate_count}} candidates\">["
    "{{#candidates}}{{^first}}, {{/first}}<a href=\"{{url}}\" title=\"{{name}}\" aria-label=\"perhaps {{name}}\">"
    "{{number}}</a>{{/candidates}}]</sup></span>{{/is_ambiguous}}{{#is_text}}{{text}}{{/is_text}}{{/segments}}";

using Labels = std::map<std::string, DocumentSurroundings::AuthorityLabel>;

// The data the template was given (the former segments_view).
TemplateData template_data(const std::vector<BodySegment>& segments, const Labels& labels) {
  TemplateList list;
  for (const auto& s : segments) {
    TemplateData item;
    item.set("text", s.text);
    const bool mention = !s.mention_ids.empty();
    item.set("is_note_ref", !s.note_anchor.empty());
    item.set("is_mention", mention && s.mention_certain);
    item.set("is_ambiguous", mention && !s.mention_certain);
    item.set("is_text", s.note_anchor.empty() && !mention);
    if (!s.note_anchor.empty()) {
      item.set("note_anchor", s.note_anchor);
      item.set("ref_anchor", s.ref_anchor);
    }
    if (mention && s.mention_certain) {
      const auto& label = labels.at(s.mention_ids.front());
      item.set("url", authority_path(label.kind, s.mention_ids.front()));
      item.set("mention_name", label.name);
      item.set("mention_id", s.mention_ids.front());
    } else if (mention) {
      TemplateList candidates;
      for (std::size_t i = 0; i < s.mention_ids.size(); ++i) {
        const auto& label = labels.at(s.mention_ids[i]);
        TemplateData candidate;
        candidate.set("url", authority_path(label.kind, s.mention_ids[i]));
        candidate.set("name", label.name);
        candidate.set("number", std::to_string(i + 1));
        candidate.set("first", i == 0);
        candidates.push_back(candidate);
      }
      item.set("candidates", candidates);
      item.set("candidate_count", std::to_string(s.mention_ids.size()));
    }
    list.push_back(item);
  }
  TemplateData data;
  data.set("segments", list);
  return data;
}

TEST(SegmentsHtml, IsWhatTheSegmentsTemplateRendered) {
  const Labels labels = {
      {"pocom/nagy-imre", {"Nagy, Imre", "person"}},
      {"org/<nato>", {"North Atlantic \"Treaty\" Organization", "organisation"}},
      {"place/budapest", {"Budapest & Pest", "place"}},
      {"pocom/kadar", {"K\xC3\xA1" "d\xC3\xA1r, J\xC3\xA1nos", "person"}},
  };
  std::vector<std::string> ids;
  for (const auto& [id, label] : labels) ids.push_back(id);
  const std::vector<std::string> texts = {"plain text ", "<b>bold?</b>", "Nagy's \"line\"", "(1)", "[2]", "",
                                          "Kádár & co. 'quoted'", "\xE2\x80\x9Ctypeset\xE2\x80\x9D"};
  std::mt19937 random(20261130);
  kainjow::mustache::mustache segments_template(kSegmentsTemplate);
  segments_template.set_custom_escape(template_escape);
  ASSERT_TRUE(segments_template.is_valid()) << segments_template.error_message();
  for (int round = 0; round < 500; ++round) {
    std::vector<BodySegment> segments(random() % 8);
    for (BodySegment& s : segments) {
      s.text = texts[random() % texts.size()];
      const auto kind = random() % 5;
      if (kind == 1 || kind == 4) {
        s.note_anchor = "fn" + std::to_string(random() % 30);
        s.ref_anchor = random() % 2 ? "fnref3" : "fnref\"3-2";
      }
      if (kind >= 2) {
        const std::size_t n = kind == 2 ? 1 : 1 + random() % 3;
        for (std::size_t i = 0; i < n; ++i) s.mention_ids.push_back(ids[random() % ids.size()]);
        s.mention_certain = kind == 2 || (kind == 4 && n == 1);
      }
    }
    const std::string expected = segments_template.render(to_kainjow(template_data(segments, labels)));
    EXPECT_EQ(segments_html(segments, labels), expected) << "round " << round;
  }
  // Something of each kind was rendered.
  std::vector<BodySegment> each(3);
  each[0].text = "a";
  each[1].text = "(1)";
  each[1].note_anchor = "fn1";
  each[1].ref_anchor = "fnref1";
  each[2].text = "Nagy";
  each[2].mention_ids = {"pocom/nagy-imre", "pocom/kadar"};
  const std::string html = segments_html(each, labels);
  EXPECT_NE(html.find("href=\"#fn1\""), std::string::npos) << html;
  EXPECT_NE(html.find("mention-ambiguous"), std::string::npos) << html;
  EXPECT_NE(html.find("href=\"/people/pocom/nagy-imre\""), std::string::npos) << html;
  EXPECT_NE(html.find("perhaps K\xC3\xA1" "d\xC3\xA1r, J\xC3\xA1nos"), std::string::npos) << html;
}

// A marked word that a mention's link cuts in two ("Malnasan" linked, "'s"
// not) is one match: numbered and counted once, its second part marked as a
// continuation that the page's Previous/Next skip.
TEST(SegmentsHtml, AMarkedWordCutByAMentionIsOneMatch) {
  Labels labels;
  labels["person/malnasan-aurel"] = {"Malnasan, Aurel", "person"};
  std::vector<BodySegment> segments(5);
  segments[0].text = "render ";
  segments[1].text = "Malnasan";
  segments[1].mention_ids = {"person/malnasan-aurel"};
  segments[1].mention_certain = true;
  segments[1].query_match = true;
  segments[2].text = "'s";
  segments[2].query_match = true;
  segments[3].text = " surname as ";
  segments[4].text = "Malnasanu";
  segments[4].query_match = true;
  std::size_t marks = 0;
  const std::string html = segments_html(segments, labels, &marks);
  EXPECT_EQ(marks, 2u);
  EXPECT_EQ(html,
            "render <mark class=\"query-match\" id=\"match-1\" tabindex=\"-1\"><a class=\"mention\" "
            "href=\"/people/person/malnasan-aurel\" title=\"Malnasan, Aurel\" data-authority=\"person/malnasan-aurel\">"
            "Malnasan</a></mark><mark class=\"query-match query-match-more\">&apos;s</mark> surname as "
            "<mark class=\"query-match\" id=\"match-2\" tabindex=\"-1\">Malnasanu</mark>");
}

}  // namespace
}  // namespace chancery::web
