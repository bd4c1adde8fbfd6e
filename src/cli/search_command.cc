// `chancery search QUERY`: query the index; text for people, --json for scripts.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "archive/mended_search.h"
#include "cli/cli_support.h"
#include "util/text_fold.h"

namespace chancery::cli {
namespace {

struct SearchArgs {
  std::string query;
  int limit = 10;
  int offset = 0;
  std::string sort = "relevance";
};

// The plain text of an HTML-safe snippet: tags dropped, entities decoded.
std::string snippet_text(const std::string& html) {
  std::string out;
  out.reserve(html.size());
  for (std::size_t i = 0; i < html.size(); ++i) {
    char c = html[i];
    if (c == '<') {
      std::size_t close = html.find('>', i);
      if (close == std::string::npos) break;
      i = close;
      continue;
    }
    if (c == '&') {
      static const std::pair<std::string_view, char> kEntities[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&#x27;", '\''}};
      bool decoded = false;
      for (const auto& [entity, ch] : kEntities) {
        if (std::string_view(html).substr(i, entity.size()) == entity) {
          out += ch;
          i += entity.size() - 1;
          decoded = true;
          break;
        }
      }
      if (decoded) continue;
    }
    out += c;
  }
  return out;
}

nlohmann::ordered_json results_json(const SearchResults& results) {
  nlohmann::ordered_json out;
  out["total"] = results.total;
  out["hits"] = nlohmann::ordered_json::array();
  for (const Hit& hit : results.hits) {
    nlohmann::ordered_json item = {{"id", hit.id}, {"title", hit.title}, {"date", hit.date}, {"snippet", hit.snippet}};
    if (hit.snippet_note) {
      item["snippet_note"] = {{"position", hit.snippet_note->position},
                              {"number", hit.snippet_note->number},
                              {"source", hit.snippet_note->source}};
    }
    out["hits"].push_back(std::move(item));
  }
  nlohmann::ordered_json facets = nlohmann::ordered_json::object();
  for (const auto& [name, values] : results.facets) {
    nlohmann::ordered_json counts = nlohmann::ordered_json::object();
    for (const FacetValue& value : values) counts[value.value] = value.count;
    facets[name] = std::move(counts);
  }
  out["facets"] = std::move(facets);
  out["suggestion"] = results.suggestion;
  out["other_spellings"] = results.other_spellings;
  out["glossary_entries"] = results.glossary_entries;
  out["addressed"] = results.addressed;
  out["limited_wildcards"] = nlohmann::ordered_json::array();
  for (const LimitedWildcard& wildcard : results.limited_wildcards) {
    out["limited_wildcards"].push_back(
        {{"pattern", wildcard.pattern}, {"words", wildcard.words}, {"starting", wildcard.starting}});
  }
  return out;
}

void print_results(const SearchResults& results, int offset) {
  std::cout << results.total << (results.total_exact ? "" : "+") << (results.total == 1 ? " result" : " results");
  if (!results.hits.empty()) {
    std::cout << " (" << offset + 1 << "-" << offset + static_cast<int>(results.hits.size()) << ")";
  }
  std::cout << "\n";
  auto also = [](const char* what, const std::vector<std::string>& items, bool capitalise) {
    if (items.empty()) return;
    std::cout << "also searched for " << what << ": ";
    for (std::size_t i = 0; i < items.size(); ++i) std::cout << (i ? ", " : "") << (capitalise ? capitalise_words(items[i]) : items[i]);
    std::cout << "\n";
  };
  if (!results.addressed.empty()) std::cout << "the query names " << results.addressed << "\n";
  also("other spellings of the name", results.other_spellings, true);
  also("its equivalents in the glossaries", results.glossary_entries, false);
  for (const LimitedWildcard& wildcard : results.limited_wildcards) {
    std::cout << wildcard.pattern << " searched for its " << wildcard.words.size() << " most frequent of "
              << wildcard.starting << " words that start so: ";
    for (std::size_t i = 0; i < wildcard.words.size(); ++i) std::cout << (i ? ", " : "") << wildcard.words[i];
    std::cout << "\n";
  }
  for (const Hit& hit : results.hits) {
    std::cout << "\n" << hit.id << "  " << (hit.date.empty() ? "(undated)" : hit.date) << "  " << hit.title << "\n";
    std::string snippet = snippet_text(hit.snippet);
    if (!snippet.empty()) {
      std::cout << "    ";
      if (hit.snippet_note) {
        std::cout << (hit.snippet_note->source ? std::string("source note")
                                               : "note " + (hit.snippet_note->number.empty()
                                                                ? std::to_string(hit.snippet_note->position)
                                                                : hit.snippet_note->number))
                  << ": ";
      }
      std::cout << snippet << "\n";
    }
  }
  if (!results.suggestion.empty()) std::cout << "\nDid you mean: " << results.suggestion << "\n";
  std::cout.flush();
}

void print_texts(const CollectionTextResults& results) {
  std::cout << results.total << (results.total == 1 ? " text" : " texts") << "\n";
  for (const CollectionTextHit& hit : results.hits) {
    std::cout << "\n" << hit.collection_id << "#about-" << hit.text_id << "  " << hit.title << "\n";
    std::string snippet = snippet_text(hit.snippet);
    if (!snippet.empty()) std::cout << "    " << snippet << "\n";
  }
  std::cout.flush();
}

nlohmann::ordered_json texts_json(const CollectionTextResults& results) {
  nlohmann::ordered_json out;
  out["total"] = results.total;
  out["texts"] = nlohmann::ordered_json::array();
  for (const CollectionTextHit& hit : results.hits) {
    out["texts"].push_back({{"collection", hit.collection_id}, {"text", hit.text_id}, {"title", hit.title},
                            {"snippet", hit.snippet}});
  }
  return out;
}

}  // namespace

void add_search_command(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<SearchArgs>();
  auto json = std::make_shared<bool>(false);
  CLI::App* search = app.add_subcommand("search", "Search the archive (query syntax: see README.md)");
  search->add_option("query", args->query, "the query")->required();
  search->add_option("--limit", args->limit, "hits to show")->capture_default_str()->check(CLI::Range(0, 1000));
  search->add_option("--offset", args->offset, "hits to skip")->capture_default_str()->check(CLI::NonNegativeNumber);
  search->add_option("--sort", args->sort, "relevance, date (oldest first) or -date (newest first)")
      ->capture_default_str()
      ->check(CLI::IsMember({"relevance", "date", "-date"}));
  search->add_flag("--json", *json, "print {total, hits, facets, suggestion, other_spellings, glossary_entries, limited_wildcards, addressed, correspondence, dated} as JSON");
  auto all = std::make_shared<bool>(false);
  search->add_flag("--all", *all, "include restricted records (the reading room never shows them)");
  auto texts = std::make_shared<bool>(false);
  search->add_flag("--texts", *texts,
                   "search the collections' own texts (prefaces, lists of sources) instead of the records");
  search->callback([args, json, all, texts, &global] {
    auto archive = open_archive(global, Access::kRead);
    if (*texts) {
      auto found = archive->search_collection_texts(args->query, static_cast<std::size_t>(args->limit));
      if (!found) exit_with(found.error());
      if (*json) {
        std::cout << texts_json(*found).dump(2) << std::endl;
      } else {
        print_texts(*found);
      }
      return;
    }
    SearchRequest request;
    request.query = args->query;
    request.limit = args->limit;
    request.offset = args->offset;
    request.sort = args->sort == "date"    ? SortOrder::kDateAscending
                   : args->sort == "-date" ? SortOrder::kDateDescending
                                           : SortOrder::kRelevance;
    request.want_facets = *json;
    request.include_restricted = *all;
    auto results = archive->search(request);
    // The search asked again with another query (mended, read otherwise).
    const auto request_for = [&request](const std::string& query) {
      SearchRequest tried = request;
      tried.query = query;
      return tried;
    };
    if (!results && results.error().code == ErrorCode::kInvalidInput) {
      // The query mended as the reading room offers it, when it finds something.
      if (auto mended = mended_search(*archive, request.query, request_for)) {
        std::cerr << "chancery: " << results.error().message << "\n  did you mean: " << mended->query << "  ("
                  << (mended->exact ? "" : "about ") << mended->total << (mended->total == 1 ? " result)" : " results)")
                  << std::endl;
        std::exit(1);
      }
    }
    if (!results) exit_with(results.error());
    // The query read as a request for correspondence, as the reading room offers it.
    const std::optional<CorrespondenceOffer> offer = correspondence_search(*archive, request.query, request_for);
    // Its written date read as a date, likewise (not again beside
    // correspondence that read it).
    const std::optional<DatedOffer> dated = offer && !offer->reading.dated.empty()
                                                ? std::nullopt
                                                : dated_search(*archive, request.query, request_for);
    if (*json) {
      nlohmann::ordered_json body = results_json(*results);
      body["correspondence"] = nullptr;
      if (offer) {
        body["correspondence"] = {{"query", offer->reading.query},
                                  {"label", correspondence_label(offer->reading)},
                                  {"total", offer->total},
                                  {"total_exact", offer->exact}};
      }
      body["dated"] = nullptr;
      if (dated) {
        body["dated"] = {{"query", dated->reading.query},
                         {"label", dated_label(dated->reading)},
                         {"total", dated->total},
                         {"total_exact", dated->exact}};
      }
      std::cout << body.dump(2) << std::endl;
    } else {
      print_results(*results, args->offset);
      if (offer) {
        std::cout << "\n" << correspondence_label(offer->reading) << ": " << offer->reading.query << "  ("
                  << (offer->exact ? "" : "about ") << offer->total << (offer->total == 1 ? " result)" : " results)")
                  << std::endl;
      }
      if (dated) {
        std::cout << (offer ? "" : "\n") << dated_label(dated->reading) << ": " << dated->reading.query << "  ("
                  << (dated->exact ? "" : "about ") << dated->total << (dated->total == 1 ? " result)" : " results)")
                  << std::endl;
      }
    }
  });
}

}  // namespace chancery::cli
