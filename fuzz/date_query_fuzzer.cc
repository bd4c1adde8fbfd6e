// libFuzzer target: date: searches from year terms (index/date_query.h).
// The input is a query range and record dates, separated by '|'
// ("1956-11|November 3, 1956|1890-1960|..."). The records are built as the
// index builds them (DocumentBuilder: year and decade terms, date slots) into
// an in-memory database; the range's query from year terms must match exactly
// the records the query from the slots alone matches, which are those whose
// dates overlap the range. And the records ranked by date from their first
// years (index/date_ranking.h) must be those one match sorted by date gives,
// in its order, however many are wanted.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "index/date_query.h"
#include "index/date_ranking.h"
#include "index/document_builder.h"
#include "model/date.h"

namespace {

std::vector<Xapian::docid> matches(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount() + 1);
  std::vector<Xapian::docid> out(mset.begin(), mset.end());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 2048) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  for (std::size_t bar; (bar = text.find('|')) != std::string_view::npos; text.remove_prefix(bar + 1)) {
    parts.push_back(text.substr(0, bar));
  }
  parts.push_back(text);
  if (parts.size() < 2 || parts.size() > 16) return 0;
  const std::optional<chancery::DateSpan> range = chancery::parse_query_date_range(parts[0]);
  if (!range || !range->known()) return 0;

  static chancery::DocumentBuilder builder;
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    chancery::Record record;
    record.id = "r" + std::to_string(i);
    record.title = "Record";
    if (std::optional<chancery::DateSpan> date = chancery::parse_date(parts[i])) record.date = *date;
    db.add_document(builder.build(record).document);
  }
  const std::optional<chancery::DatedYears> years = chancery::dated_years(db);
  const auto from_terms = matches(db, chancery::date_query(*range, years));
  const auto from_slots = matches(db, chancery::date_query(*range, std::nullopt));
  if (from_terms != from_slots) __builtin_trap();

  const Xapian::Query every("record");
  for (const chancery::SortOrder sort : {chancery::SortOrder::kDateAscending, chancery::SortOrder::kDateDescending}) {
    for (Xapian::doccount wanted = 1; wanted <= db.get_doccount(); wanted *= 2) {
      Xapian::Enquire enquire(db);
      enquire.set_query(every);
      chancery::set_order(enquire, sort);
      const Xapian::MSet mset = enquire.get_mset(0, wanted);
      const std::vector<Xapian::docid> one(mset.begin(), mset.end());
      // Whatever the walk is told of the matches (its choice of years).
      // As a phrase is walked too (positional: first years only, or nothing).
      for (const bool positional : {false, true}) {
        for (const Xapian::doccount said : {Xapian::doccount{1}, db.get_doccount(), 100 * db.get_doccount()}) {
          const auto walked = chancery::rank_by_first_year(db, every, sort, wanted, said, positional);
          if (!walked) continue;
          std::vector<Xapian::docid> got;
          for (const chancery::RankedMatch& match : walked->matches) got.push_back(match.docid);
          if (got != one) __builtin_trap();
          const Xapian::doccount all = db.get_termfreq("record");
          if (walked->complete && (positional || walked->lower > all || walked->upper < all)) __builtin_trap();
        }
      }
    }
  }
  return 0;
}
