#include "model/record.h"

#include <cstdio>

#include "model/date.h"

namespace chancery {

namespace {

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

}  // namespace

std::string Date::iso() const {
  char buf[32];
  switch (precision) {
    case DatePrecision::kUnknown:
      return "";
    case DatePrecision::kYear:
      std::snprintf(buf, sizeof buf, "%04d", year);
      break;
    case DatePrecision::kMonth:
      std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
      break;
    case DatePrecision::kDay:
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
      break;
  }
  return buf;
}

std::int64_t DateSpan::first_day() const {
  if (!from.known()) return 0;
  int month = from.precision == DatePrecision::kYear ? 1 : from.month;
  int day = from.precision == DatePrecision::kDay ? from.day : 1;
  return days_from_civil(from.year, month, day);
}

std::int64_t DateSpan::last_day() const {
  const Date& end = to.known() ? to : from;
  if (!end.known()) return 0;
  int month = end.precision == DatePrecision::kYear ? 12 : end.month;
  int day = end.precision == DatePrecision::kDay ? end.day : days_in_month(end.year, month);
  return days_from_civil(end.year, month, day);
}

}  // namespace chancery
