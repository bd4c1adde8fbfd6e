// The place a source names where a document was written or which it tags as
// a place, as facets and place authorities take it. FRUS markup sometimes
// lets more than the place into a <placeName>: the memorandum's number
// ("SecDel/MC/67 New York", "US/MC/9 Paris"), an editor's bracket opened
// before the place and closed after the date ("[Paris"), the comma before the
// date ("Washington,"). The record's text keeps every word as published; this
// is only the name the record is filed under.
#pragma once

#include <string>
#include <string_view>

namespace chancery {

// The place proper: spaces collapsed; a trailing comma, semicolon or colon
// and an unbalanced bracket at either end gone; words up to the last one
// holding a digit or a slash gone when capitalised words follow them
// ("Presidential Determination No. 61 – 18 Washington" -> "Washington"). A
// place withheld by the editors is written one way: "[place not declassified]".
// "" for none.
std::string place_named(std::string_view written);

// Whether `place` says the place is withheld or unknown rather than naming
// one ("[place not declassified]", "[location unknown]"): a facet value, not
// an authority.
bool is_withheld_place(std::string_view place);

}  // namespace chancery
