// The forms of a glossary expansion that are searched for it and find it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chancery {

// The forms of a glossary expansion a search looks for. Glossaries write a
// translation or a qualifier in brackets ("Deutsche Demokratische Republik
// (German Democratic Republic)", "Board of Trade (British)", "Democratic
// Republic of (North) Vietnam"), which no text writes with its brackets: the
// expansion without its bracketed words, and its first bracketed part when of
// kMinTranslationWords or more (a translation, not a qualifier such as
// "(Hungary)" or "(Soviet Union)"); bracketed words in lower case are the
// expansion's own ("Communist Party (of the Soviet Union)"). Without
// brackets, or with unbalanced ones, the expansion as it is.
// An expansion that lists several meanings ("circular airgram; Commanding
// General") gives the forms of each, in order: no text writes them joined.
// Both ways: a search for the abbreviation looks for each form, and a search
// for a form finds the abbreviation (XapianIndex::add_synonym).
inline constexpr std::size_t kMinTranslationWords = 3;
std::vector<std::string> glossary_forms(std::string_view expansion);

}  // namespace chancery
