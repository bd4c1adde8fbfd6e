#include "web/responses.h"

#include <algorithm>
#include <functional>

#include <fmt/format.h>
#include <xxhash.h>

namespace chancery::web {
namespace {

bool has_header(const HttpResponse& response, std::string_view name) {
  return std::any_of(response.headers.begin(), response.headers.end(), [&](const auto& h) {
    return std::equal(h.first.begin(), h.first.end(), name.begin(), name.end(),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) ==
                                                  std::tolower(static_cast<unsigned char>(b)); });
  });
}

}  // namespace

void add_security_headers(HttpResponse& response) {
  const std::pair<std::string_view, std::string_view> headers[] = {
      {"Content-Security-Policy", kContentSecurityPolicy},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "strict-origin-when-cross-origin"},
      {"X-Frame-Options", "DENY"},
  };
  for (const auto& [name, value] : headers) {
    if (!has_header(response, name)) response.set_header(std::string(name), std::string(value));
  }
}

HttpResponse render_page(const Site& site, std::string_view name, TemplateData data, int status) {
  data.set("site_name", site.name);
  auto html = site.templates.render(name, data);
  if (!html) {
    HttpResponse failed = error_page(site, 500, "The page could not be rendered.");
    failed.failure = "template " + std::string(name) + ": " + html.error().describe();
    return failed;
  }
  HttpResponse response;
  response.status = status;
  response.body = std::move(*html);
  return response;
}

HttpResponse problem_from(const Error& error) {
  const int status = status_for(error);
  HttpResponse response =
      problem_response(status, status == 500 ? "The archive could not answer this request." : error.message);
  if (status == 500) response.failure = error.describe();
  return response;
}

HttpResponse error_page_from(const Site& site, const Error& error) {
  const int status = status_for(error);
  HttpResponse response =
      error_page(site, status, status == 500 ? "The archive could not answer this request." : error.message);
  if (status == 500) response.failure = error.describe();
  return response;
}

HttpResponse error_page(const Site& site, int status, std::string_view detail) {
  HttpResponse response;
  response.status = status;
  TemplateData data;
  data.set("site_name", site.name);
  data.set("title", std::string(status_reason(status)));
  data.set("page_title", std::string(status_reason(status)));
  data.set("status", std::to_string(status));
  data.set("detail", std::string(detail));
  auto html = site.templates.render("error", data);
  if (html) {
    response.body = std::move(*html);
  } else {
    response.content_type = "text/plain; charset=utf-8";
    response.body = std::to_string(status) + " " + std::string(status_reason(status)) + "\n";
  }
  return response;
}

void add_validators(HttpResponse& response) {
  // XXH3: a page of 50 KB took 3% of a document page's instructions with
  // std::hash.
  const std::uint64_t hash = XXH3_64bits(response.body.data(), response.body.size());
  response.set_header("ETag", fmt::format("\"{:016x}-{:x}\"", hash, response.body.size()));
  response.set_header("Cache-Control", "no-cache");
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  auto opaque = [](std::string_view tag) {
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    return tag;
  };
  std::size_t pos = 0;
  while (pos <= if_none_match.size()) {
    std::size_t comma = if_none_match.find(',', pos);
    if (comma == std::string_view::npos) comma = if_none_match.size();
    std::string_view tag = if_none_match.substr(pos, comma - pos);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag == "*" || (!tag.empty() && opaque(tag) == opaque(etag))) return true;
    pos = comma + 1;
  }
  return false;
}

HttpResponse conditional_response(const HttpRequest& request, const std::shared_ptr<const HttpResponse>& kept,
                                  std::optional<ContentCoding> coding) {
  const HttpResponse& response = *kept;
  HttpResponse out;
  out.status = response.status;
  out.content_type = response.content_type;
  out.headers = response.headers;
  out.route = response.route;
  // The body stays the kept response's (it lives as long as the answer).
  out.shared_body = response.shared_body ? response.shared_body
                                         : std::shared_ptr<const std::string>(kept, &response.body);
  auto etag = std::find_if(out.headers.begin(), out.headers.end(), [](const auto& h) { return h.first == "ETag"; });
  auto asked = request.headers.find("if-none-match");
  if (response.status == 200 && etag != out.headers.end() && asked != request.headers.end()) {
    std::string presented = coded_etag(etag->second, coding.value_or(ContentCoding::kIdentity));
    if (etag_matches(asked->second, presented)) {
      // The validators of the representation the client holds, no body.
      etag->second = std::move(presented);
      if (coding && varies_by_coding(out)) out.set_header("Vary", "Accept-Encoding");
      out.shared_body = nullptr;
      out.status = 304;
      return out;
    }
  }
  if (coding) encode_response(out, *coding, response.encoded.get());
  return out;
}

HttpResponse json_response(const nlohmann::json& body, int status) {
  HttpResponse response;
  response.status = status;
  response.content_type = "application/json";
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.body.push_back('\n');
  return response;
}

HttpResponse problem_response(int status, std::string_view detail) {
  nlohmann::json problem = {
      {"type", "about:blank"},
      {"title", std::string(status_reason(status))},
      {"status", status},
      {"detail", std::string(detail)},
  };
  HttpResponse response = json_response(problem, status);
  response.content_type = "application/problem+json";
  return response;
}

int status_for(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidInput: return 400;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    default: return 500;
  }
}

std::string json_for_script(const nlohmann::json& value) {
  std::string json = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  make_script_safe(json, 0);
  return json;
}

void make_script_safe(std::string& json, std::size_t from) {
  if (json.find_first_of("<>&", from) == std::string::npos) return;
  const std::string written = json.substr(from);
  json.resize(from);
  json.reserve(from + written.size() + 16);
  for (char c : written) {
    switch (c) {
      case '<': json += "\\u003c"; break;
      case '>': json += "\\u003e"; break;
      case '&': json += "\\u0026"; break;
      default: json.push_back(c);
    }
  }
}

}  // namespace chancery::web
