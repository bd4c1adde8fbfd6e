#include "names/place_names.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/tznames.h>
#include <unicode/unistr.h>

#include "names/chinese_romanisation.h"
#include "names/name_key.h"

namespace chancery::names {

namespace {

std::unordered_set<std::string> one_word_country_names() {
  std::unordered_set<std::string> names;
  for (const char* const* code = icu::Locale::getISOCountries(); code != nullptr && *code != nullptr; ++code) {
    icu::UnicodeString display;
    icu::Locale("", *code).getDisplayCountry(icu::Locale::getEnglish(), display);
    std::string name;
    display.toUTF8String(name);
    if (name.empty() || name.find(' ') != std::string::npos) continue;
    if (std::string folded = fold_letters(name); !folded.empty()) names.insert(std::move(folded));
  }
  return names;
}

// The languages of the records archives of the twentieth century hold and of
// their translations, as far as their names of places are not other words of
// the text once their letters are folded: Vietnamese "Đức" (Germany) is the
// name Duc, Latvian "Vīne" (Vienna) the word vine, and so the Baltic and
// Nordic languages, Albanian, Turkish, Vietnamese and the languages of other
// scripts are left out.
const char* const kPlaceLanguages[] = {"en", "de", "fr", "ru", "pl", "cs", "sk", "hu", "ro", "bg", "sr",
                                       "hr", "sl", "mk", "uk", "be", "nl", "it", "es", "pt", "el"};

constexpr std::size_t kMaxNameBytes = 64;
constexpr std::size_t kMaxNameWords = 3;
// Shorter names ("Rom", "Ur") are mostly other words.
constexpr std::size_t kMinNameLetters = 4;

// A name as the table keeps it: letters (of any script), with single spaces,
// hyphens or apostrophes between them; a name with other marks ("Myanmar
// (Burma)", "Congo - Kinshasa", "St. Helena") or too long is left out.
bool usable_name(const std::string& name) {
  if (name.empty() || name.size() > kMaxNameBytes) return false;
  std::size_t words = 1;
  char previous = ' ';
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    const bool letter = u >= 0x80 || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (letter) {
      previous = c;
      continue;
    }
    const bool joiner = c == ' ' || c == '-' || c == '\'';
    if (!joiner || previous == ' ' || previous == '-' || previous == '\'') return false;
    if (c == ' ') ++words;
    previous = c;
  }
  return words <= kMaxNameWords && previous != ' ' && previous != '-' && previous != '\'';
}

// Names of places in the other languages that are also words or names of the
// English text (English "soul" and Czech "Soul" for Seoul, the forename
// Maurice and French "Maurice" for Mauritius, "Columbia" of the District and
// Romanian "Columbia" for Colombia, "island" and German "Island" for
// Iceland, the name Bech and Croatian "Beč" for Vienna, the man Ho Chi Minh
// and CLDR's English name of Saigon's time zone): not searched for the place,
// nor the place for them.
constexpr std::string_view kFalseFriends[] = {"soul", "maurice", "columbia", "island", "bech", "hochiminh"};

// The key a word or name is compared by, in its own script: a word in Latin
// letters without case, diacritics or marks ("Moskwa" -> "moskwa", "Moscú" ->
// "moscu"); a word in another script in that script, without case or marks
// ("Москва" -> "москва"), so that Serbian "Беч" (Vienna) is not the name Bech.
// "" for a word of several scripts or none.
std::string place_key(std::string_view word) {
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  UScriptCode script = USCRIPT_COMMON;
  for (int32_t i = 0; i < text.length();) {
    const UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (!u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode letter = uscript_getScript(c, &status);
    if (U_FAILURE(status)) return {};
    if (script == USCRIPT_COMMON) {
      script = letter;
    } else if (letter != script) {
      return {};
    }
  }
  if (script == USCRIPT_COMMON) return {};
  if (script == USCRIPT_LATIN) return fold_letters(word);
  icu::UnicodeString folded = text;
  folded.foldCase();
  std::string out;
  for (int32_t i = 0; i < folded.length();) {
    const UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    if (!u_isalpha(c)) continue;
    char bytes[U8_MAX_LENGTH];
    int32_t length = 0;
    U8_APPEND_UNSAFE(bytes, length, c);
    out.append(bytes, static_cast<std::size_t>(length));
  }
  return out;
}

// The indexes into kPlaceLanguages of the codes in `codes` ("de pl"); a code
// not among them is left out.
std::vector<std::uint8_t> language_indexes(std::string_view codes) {
  std::vector<std::uint8_t> out;
  while (!codes.empty()) {
    const std::size_t space = codes.find(' ');
    const std::string_view code = codes.substr(0, space);
    for (std::size_t i = 0; i < std::size(kPlaceLanguages); ++i) {
      if (code == kPlaceLanguages[i]) out.push_back(static_cast<std::uint8_t>(i));
    }
    codes = space == std::string_view::npos ? std::string_view() : codes.substr(space + 1);
  }
  std::sort(out.begin(), out.end());   // in the order of kPlaceLanguages, as CLDR's names are
  return out;
}

bool false_friend(std::string_view key) {
  return std::find(std::begin(kFalseFriends), std::end(kFalseFriends), key) != std::end(kFalseFriends);
}

struct PlaceName {
  std::string name;                     // as its language writes it
  std::string folded;                   // place_key(name)
  bool english = false;                 // the English name
  std::vector<std::uint8_t> languages;  // indexes into kPlaceLanguages; none for a former name
};

struct PlaceTable {
  std::vector<std::vector<PlaceName>> places;                              // each place's names, in language order
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_word;    // place_key of a name -> places
};

// Names of places CLDR does not give: the names of the period's states and
// cities before they were renamed or changed hands, in the languages of their
// records, each place's present English name first. A place CLDR names (the
// first name, or another, is its English name there) takes them among its
// names: "Persia" is Iran's, "Stalingrad" Volgograd's.
const std::vector<std::vector<std::string_view>> kFormerNames = {
    {"Soviet Union", "USSR", "Sowjetunion", "UdSSR", "Union soviétique", "URSS", "Советский Союз", "СССР",
     "Związek Radziecki", "ZSRR", "Sovětský svaz", "SSSR", "Szovjetunió", "Unione Sovietica", "Unión Soviética"},
    {"Czechoslovakia", "Tschechoslowakei", "Tchécoslovaquie", "Чехословакия", "Czechosłowacja", "Československo",
     "Csehszlovákia", "Cecoslovacchia", "Checoslovaquia", "Cehoslovacia", "Чехословачка"},
    {"Yugoslavia", "Jugoslawien", "Yougoslavie", "Югославия", "Jugosławia", "Jugoslávie", "Jugoszlávia",
     "Iugoslavia", "Jugoslavija", "Југославија", "Joegoslavië"},
    {"Gdańsk", "Danzig"},
    {"Wrocław", "Breslau"},
    {"Szczecin", "Stettin"},
    {"Kaliningrad", "Königsberg", "Królewiec", "Кёнигсберг"},
    {"Lviv", "Lvov", "Lwów", "Lemberg", "Львов", "Львів", "Lwiw"},
    {"Bratislava", "Pressburg", "Pozsony", "Presbourg"},
    {"Brno", "Brünn"},
    {"Plzeň", "Pilsen"},
    {"Ljubljana", "Laibach"},
    {"Zagreb", "Agram", "Zágráb"},
    {"Cluj", "Klausenburg", "Kolozsvár"},
    {"Chișinău", "Kishinev", "Kischinew", "Кишинёв", "Kiszyniów"},
    {"Vilnius", "Vilna", "Wilna", "Wilno", "Вильнюс", "Вильно"},
    {"Tallinn", "Reval", "Таллин"},
    {"Klaipėda", "Memel", "Клайпеда"},
    {"Kaunas", "Kovno", "Kowno", "Каунас"},
    {"Volgograd", "Stalingrad", "Tsaritsyn", "Сталинград", "Царицын"},
    {"Saint Petersburg", "Leningrad", "Petrograd", "Ленинград", "Петроград", "Санкт-Петербург", "Sankt Petersburg"},
    {"Istanbul", "Constantinople", "Konstantinopel", "Константинополь", "Стамбул", "Konstantynopol"},
    {"Izmir", "Smyrna", "Smyrne"},
    {"Mumbai", "Bombay"},
    {"Kolkata", "Calcutta"},
    {"Chennai", "Madras"},
    {"Myanmar", "Burma", "Birma", "Birmanie", "Бирма"},
    {"Thailand", "Siam"},
    {"Iran", "Persia", "Persien", "Perse", "Персия"},
    {"Sri Lanka", "Ceylon", "Ceylan", "Цейлон", "Cejlon"},
    {"Jakarta", "Batavia", "Djakarta"},
    {"Kinshasa", "Léopoldville", "Leopoldville"},
    {"Lubumbashi", "Élisabethville", "Elisabethville"},
    {"Kisangani", "Stanleyville"},
    // Cities CLDR names for no time zone, by the names the period's records
    // in other languages give them (telegrams write "MUENCHEN"), each with the
    // languages that write it after a bar (ISO 639 codes: "München|de"), and
    // cities renamed since.
    {"Munich", "München|de", "Muenchen", "Monaco di Baviera|it", "Мюнхен|ru", "Monachium|pl", "Mnichov|cs",
     "Munique|pt"},
    {"Geneva", "Genève|fr", "Genf|de", "Ginevra|it", "Женева|ru", "Genewa|pl", "Ženeva|cs", "Ginebra|es",
     "Genebra|pt"},
    {"Cologne", "Köln|de", "Koeln", "Кёльн|ru"},
    {"Nuremberg", "Nürnberg|de", "Nuernberg", "Norimberga|it pl", "Нюрнберг|ru", "Norimberk|cs", "Núremberg|es"},
    {"Frankfurt", "Frankfurt am Main|de", "Francfort|fr", "Francoforte|it", "Франкфурт|ru", "Fráncfort|es"},
    {"Hamburg", "Hambourg|fr", "Amburgo|it", "Гамбург|ru", "Hamburgo|es pt"},
    {"Leipzig", "Lipsk|pl", "Lipsia|it", "Лейпциг|ru", "Lipsko|cs"},
    {"Dresden", "Dresde|fr es", "Drezno|pl", "Дрезден|ru", "Drážďany|cs"},
    {"Hanover", "Hannover|de", "Hanovre|fr", "Ганновер|ru", "Hanower|pl"},
    {"Bonn", "Бонн|ru"},
    {"Florence", "Firenze|it", "Florenz|de", "Флоренция|ru", "Florencja|pl", "Florencie|cs"},
    {"Venice", "Venezia|it", "Venedig|de", "Venise|fr", "Венеция|ru", "Wenecja|pl", "Benátky|cs", "Venecia|es",
     "Veneza|pt"},
    {"Milan", "Milano|it", "Mailand|de", "Mediolan|pl", "Milán|es", "Milão|pt"},
    {"Naples", "Napoli|it", "Neapel|de", "Неаполь|ru", "Neapol|pl", "Nápoles|es pt"},
    {"Turin", "Torino|it", "Турин|ru", "Turyn|pl"},
    {"Genoa", "Genova|it", "Genua|de pl", "Gênes|fr", "Генуя|ru"},
    {"Antwerp", "Antwerpen|nl de", "Anvers|fr", "Антверпен|ru", "Amberes|es", "Antwerpia|pl"},
    {"The Hague", "Den Haag|nl de", "La Haye|fr", "'s-Gravenhage|nl", "Гаага|ru", "L'Aia|it"},
    {"Basel", "Basle", "Bâle|fr", "Basilea|it es", "Bazylea|pl", "Базель|ru", "Basilej|cs"},
    {"Bern", "Berne|fr", "Берн|ru"},
    {"Strasbourg", "Straßburg|de", "Strassburg", "Strasburgo|it", "Страсбург|ru"},
    {"Marseille", "Marseilles", "Marsiglia|it", "Марсель|ru", "Marsylia|pl"},
    {"Trieste", "Triest|de", "Trst|sl hr sr", "Триест|ru"},
    {"Rijeka", "Fiume|it"},
    {"Thessaloniki", "Salonika", "Salonica", "Saloniki|de pl", "Θεσσαλονίκη|el", "Солун|bg sr mk"},
    {"Kraków", "Cracow", "Krakau|de", "Cracovie|fr", "Cracovia|it es", "Краков|ru"},
    {"Poznań", "Posen|de", "Познань|ru"},
    {"Łódź", "Litzmannstadt", "Лодзь|ru"},
    {"Katowice", "Kattowitz|de"},
    {"Timișoara", "Temesvár|hu", "Temeswar|de"},
    {"Oradea", "Nagyvárad|hu", "Großwardein|de"},
    {"Yekaterinburg", "Sverdlovsk", "Свердловск"},
    {"Donetsk", "Stalino", "Yuzovka"},
    {"Dushanbe", "Stalinabad"},
    {"Almaty", "Alma-Ata", "Алма-Ата"},
    {"Ulaanbaatar", "Ulan Bator", "Urga", "Улан-Батор"},
    {"Saigon", "Ho-Chi-Minh-Stadt", "Hô-Chi-Minh-Ville", "Хошимин", "Sajgon"},
    {"Maputo", "Lourenço Marques"},
    {"N'Djamena", "Fort-Lamy"},
    {"Bujumbura", "Usumbura"},
    {"Antananarivo", "Tananarive"},
    // Colonies and states renamed at or after independence, whose records
    // use the name of their time.
    {"Ghana", "Gold Coast"},
    {"Tanzania", "Tanganyika"},
    {"Burkina Faso", "Upper Volta", "Haute-Volta", "Obervolta"},
    {"Benin", "Dahomey"},
    {"Zimbabwe", "Rhodesia", "Southern Rhodesia", "Rhodésie"},
    {"Zambia", "Northern Rhodesia"},
    {"Malawi", "Nyasaland"},
    {"Botswana", "Bechuanaland"},
    {"Lesotho", "Basutoland"},
    {"Namibia", "South West Africa", "Südwestafrika"},
    {"Bangladesh", "East Pakistan"},
    {"Cambodia", "Kampuchea", "Kambodscha", "Cambodge"},
    {"Guyana", "British Guiana"},
    {"Belize", "British Honduras"},
    {"Ethiopia", "Abyssinia", "Abessinien", "Abyssinie"},
    // The two German states, by their official names.
    {"East Germany", "German Democratic Republic", "Deutsche Demokratische Republik",
     "République démocratique allemande", "Германская Демократическая Республика"},
    {"West Germany", "Federal Republic of Germany", "Bundesrepublik Deutschland", "Bundesrepublik",
     "République fédérale d'Allemagne", "Федеративная Республика Германия"},
};

PlaceTable read_places() {
  PlaceTable table;
  std::vector<icu::Locale> locales;
  for (const char* language : kPlaceLanguages) locales.emplace_back(language);
  // The name as the table keeps it ("" when it keeps none: unusable, too
  // short, a false friend, or a name the place has).
  auto keep = [](std::string_view name, const std::vector<PlaceName>& place) -> std::string {
    if (!usable_name(std::string(name))) return {};
    std::string key = place_key(name);
    // Letters, not bytes: "Рим" is as short as "Rim".
    const icu::UnicodeString letters = icu::UnicodeString::fromUTF8(key);
    if (letters.countChar32() < static_cast<int32_t>(kMinNameLetters) || false_friend(key) ||
        std::any_of(place.begin(), place.end(), [&](const PlaceName& other) { return other.folded == key; })) {
      return {};
    }
    return key;
  };
  auto index_name = [&](std::uint32_t id, const PlaceName& name) {
    std::vector<std::uint32_t>& ids = table.by_word[name.folded];
    if (ids.empty() || ids.back() != id) ids.push_back(id);
  };
  // `names[i]` in kPlaceLanguages[i] when `by_language`.
  // `languages[i]`, when given, the languages that write `names[i]`.
  auto add_place = [&](const std::vector<std::string>& names, bool by_language,
                       const std::vector<std::vector<std::uint8_t>>* languages = nullptr) {
    std::vector<PlaceName> kept;
    for (std::size_t i = 0; i < names.size(); ++i) {
      std::string key = keep(names[i], kept);
      if (key.empty()) {
        // The name another language also gives: that language too.
        const std::string again = by_language && usable_name(names[i]) ? place_key(names[i]) : std::string();
        for (PlaceName& name : kept) {
          if (!again.empty() && name.folded == again) name.languages.push_back(static_cast<std::uint8_t>(i));
        }
        continue;
      }
      kept.push_back({names[i], std::move(key), i == 0, languages ? (*languages)[i] : std::vector<std::uint8_t>{}});
      if (by_language) kept.back().languages.push_back(static_cast<std::uint8_t>(i));
    }
    if (kept.size() < 2) return;
    const auto id = static_cast<std::uint32_t>(table.places.size());
    for (const PlaceName& name : kept) index_name(id, name);
    table.places.push_back(std::move(kept));
  };
  for (const char* const* code = icu::Locale::getISOCountries(); code != nullptr && *code != nullptr; ++code) {
    std::vector<std::string> names;
    const icu::Locale region("", *code);
    for (const icu::Locale& locale : locales) {
      icu::UnicodeString display;
      region.getDisplayCountry(locale, display);
      names.emplace_back();
      display.toUTF8String(names.back());
    }
    add_place(names, true);
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::StringEnumeration> zones(
      icu::TimeZone::createTimeZoneIDEnumeration(UCAL_ZONE_TYPE_CANONICAL_LOCATION, nullptr, nullptr, status));
  std::vector<icu::UnicodeString> ids;
  while (U_SUCCESS(status) && zones) {
    const icu::UnicodeString* id = zones->snext(status);
    if (id == nullptr || U_FAILURE(status)) break;
    ids.push_back(*id);
  }
  std::vector<std::vector<std::string>> cities(ids.size());
  for (const icu::Locale& locale : locales) {
    UErrorCode opened = U_ZERO_ERROR;
    std::unique_ptr<icu::TimeZoneNames> names(icu::TimeZoneNames::createInstance(locale, opened));
    for (std::size_t i = 0; i < ids.size(); ++i) {
      cities[i].emplace_back();   // one name a language, "" for none
      if (U_FAILURE(opened) || !names) continue;
      icu::UnicodeString city;
      names->getExemplarLocationName(ids[i], city);
      city.toUTF8String(cities[i].back());
    }
  }
  for (const std::vector<std::string>& names : cities) add_place(names, true);
  std::unordered_map<std::string, std::uint32_t> english;
  for (std::uint32_t id = 0; id < table.places.size(); ++id) {
    if (table.places[id].front().english) english.emplace(table.places[id].front().folded, id);
  }
  for (const std::vector<std::string_view>& entry : kFormerNames) {
    std::vector<std::string> former;
    std::vector<std::vector<std::uint8_t>> languages;
    for (std::string_view written : entry) {
      const std::size_t bar = written.find('|');
      former.emplace_back(written.substr(0, bar));
      languages.push_back(bar == std::string_view::npos ? std::vector<std::uint8_t>{} : language_indexes(written.substr(bar + 1)));
    }
    std::optional<std::uint32_t> into;
    for (const std::string& name : former) {
      if (const auto found = english.find(place_key(name)); found != english.end()) {
        into = found->second;
        break;
      }
    }
    if (!into) {
      const auto id = static_cast<std::uint32_t>(table.places.size());
      add_place(former, false, &languages);
      if (table.places.size() > id) english.emplace(table.places[id].front().folded, id);
      continue;
    }
    for (std::size_t i = 0; i < former.size(); ++i) {
      std::string key = keep(former[i], table.places[*into]);
      if (key.empty()) continue;
      table.places[*into].push_back({former[i], std::move(key), false, languages[i]});
      index_name(*into, table.places[*into].back());
    }
  }
  // A name that is another place's English name is that place's: Tunis
  // (Tunisia in Serbian and Croatian) is the city, "Mexico" (the city in
  // French) the country.
  for (auto& [key, ids] : table.by_word) {
    const auto owner = english.find(key);
    if (owner == english.end()) continue;
    std::erase_if(ids, [&](std::uint32_t id) { return id != owner->second; });
  }
  for (std::uint32_t id = 0; id < table.places.size(); ++id) {
    std::erase_if(table.places[id], [&](const PlaceName& name) {
      const auto owner = english.find(name.folded);
      return owner != english.end() && owner->second != id;
    });
  }
  return table;
}

const PlaceTable& places() {
  static const PlaceTable table = read_places();
  return table;
}

}  // namespace

bool is_country_name(std::string_view word) {
  static const std::unordered_set<std::string> names = one_word_country_names();
  return names.contains(fold_letters(word));
}

bool is_place_name(std::string_view word) {
  if (word.empty() || word.size() > kMaxNameBytes) return false;
  const std::string key = place_key(word);
  return !key.empty() && places().by_word.contains(key);
}

std::vector<std::string> place_in_other_languages(std::string_view word) {
  std::vector<std::string> out;
  if (word.empty() || word.size() > kMaxNameBytes) return out;
  const std::string key = place_key(word);
  if (key.empty() || false_friend(key)) return out;
  const PlaceTable& table = places();
  const auto found = table.by_word.find(key);
  if (found == table.by_word.end()) return out;
  for (const std::uint32_t id : found->second) {
    for (const PlaceName& name : table.places[id]) {
      if (out.size() == kMaxPlaceNames) return out;
      if (name.folded == key || std::find(out.begin(), out.end(), name.name) != out.end()) continue;
      out.push_back(name.name);
    }
  }
  return out;
}

std::vector<PlaceNameIn> place_names_by_language(std::string_view name) {
  std::vector<PlaceNameIn> out;
  if (name.empty() || name.size() > kMaxNameBytes) return out;
  const std::string key = place_key(name);
  if (key.empty() || false_friend(key)) return out;
  const PlaceTable& table = places();
  const auto found = table.by_word.find(key);
  if (found == table.by_word.end() || found->second.size() != 1) return out;   // one place, or none said
  for (const PlaceName& other : table.places[found->second.front()]) {
    if (other.folded == key) continue;
    PlaceNameIn in{other.name, {}};
    for (const std::uint8_t language : other.languages) in.languages.emplace_back(kPlaceLanguages[language]);
    out.push_back(std::move(in));
  }
  return out;
}

std::string language_name(std::string_view code) {
  icu::UnicodeString display;
  icu::Locale(std::string(code).c_str()).getDisplayLanguage(icu::Locale::getEnglish(), display);
  std::string out;
  display.toUTF8String(out);
  return out;
}

std::vector<std::string> word_elsewhere(std::string_view word) {
  // Several words are a place's name, never Chinese syllables.
  std::vector<std::string> spellings;
  if (word.find(' ') == std::string_view::npos) spellings = word_in_other_system(word);
  for (std::string& name : place_in_other_languages(word)) {
    if (std::find(spellings.begin(), spellings.end(), name) == spellings.end()) spellings.push_back(std::move(name));
  }
  return spellings;
}

const std::vector<std::string>& place_languages() {
  static const std::vector<std::string> languages(std::begin(kPlaceLanguages), std::end(kPlaceLanguages));
  return languages;
}

}  // namespace chancery::names
