// libFuzzer target: IIIF Image API requests (images/iiif_image_request.h).
// The input is "region/size/rotation/quality.format" after two bytes giving
// the image's size; a request that parses must plan within the image and the
// limits, or fail with 400.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "images/iiif_image_request.h"

using namespace chancery::images;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const int width = 1 + data[0] * 37;
  const int height = 1 + data[1] * 53;
  std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (int i = 0; i < 3; ++i) {
    const std::size_t slash = text.find('/', start);
    if (slash == std::string_view::npos) return 0;
    parts.push_back(text.substr(start, slash - start));
    start = slash + 1;
  }
  parts.push_back(text.substr(start));
  auto request = parse_iiif_image_request(parts[0], parts[1], parts[2], parts[3]);
  if (!request) {
    if (request.error().status != 400 && request.error().status != 501) std::abort();
    return 0;
  }
  const ImageLimits limits{700, 900, 400'000};
  auto plan = plan_iiif_image(*request, width, height, limits);
  if (!plan) {
    if (plan.error().status != 400) std::abort();
    return 0;
  }
  if (plan->x < 0 || plan->y < 0 || plan->w < 1 || plan->h < 1 || plan->x + plan->w > width ||
      plan->y + plan->h > height) {
    std::abort();
  }
  if (plan->out_w < 1 || plan->out_h < 1 || plan->out_w > limits.max_width || plan->out_h > limits.max_height ||
      static_cast<std::int64_t>(plan->out_w) * plan->out_h > limits.max_area) {
    std::abort();
  }
  if (!request->upscale && (plan->out_w > plan->w || plan->out_h > plan->h)) std::abort();
  return 0;
}
