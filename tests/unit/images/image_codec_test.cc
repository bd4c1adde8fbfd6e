// Scans checked on the way in and rendered for IIIF, with libvips making the
// test images.
#include "images/image_codec.h"

#include <gtest/gtest.h>
#include <vips/vips8>

#include "test_image.h"

namespace chancery::images {
namespace {

using testing::decode_test_image;
using testing::make_test_image;

ImagePlan plan_for(std::string_view region, std::string_view size, std::string_view rotation,
                   std::string_view quality_format, int width, int height) {
  auto request = parse_iiif_image_request(region, size, rotation, quality_format);
  EXPECT_TRUE(request.has_value());
  auto plan = plan_iiif_image(*request, width, height, ImageLimits{});
  EXPECT_TRUE(plan.has_value()) << (plan ? "" : plan.error().message);
  return plan.value_or(ImagePlan{});
}

TEST(ImageCodec, AcceptsTheFourFormatsWithTheirSizes) {
  for (const char* suffix : {".jpg", ".png", ".tif", ".webp"}) {
    const std::string bytes = make_test_image(320, 200, suffix);
    auto info = probe_image(bytes);
    ASSERT_TRUE(info.has_value()) << suffix << ": " << info.error().message;
    EXPECT_EQ(info->width, 320) << suffix;
    EXPECT_EQ(info->height, 200) << suffix;
  }
  EXPECT_EQ(probe_image(make_test_image(10, 10, ".jpg"))->media_type, "image/jpeg");
  EXPECT_EQ(probe_image(make_test_image(10, 10, ".png"))->media_type, "image/png");
  EXPECT_EQ(probe_image(make_test_image(10, 10, ".tif"))->media_type, "image/tiff");
  EXPECT_EQ(probe_image(make_test_image(10, 10, ".webp"))->media_type, "image/webp");
}

TEST(ImageCodec, RefusesWhatIsNotAWholeImage) {
  EXPECT_EQ(probe_image("").error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(probe_image("%PDF-1.4 not an image").error().code, ErrorCode::kInvalidInput);
  const std::string gif = make_test_image(16, 16, ".gif");   // a real image, not a format we keep
  EXPECT_NE(probe_image(gif).error().message.find("not a JPEG, PNG, TIFF or WebP"), std::string::npos);
  const std::string jpeg = make_test_image(400, 300, ".jpg");
  auto truncated = probe_image(std::string_view(jpeg).substr(0, jpeg.size() / 2));
  ASSERT_FALSE(truncated.has_value());
  EXPECT_EQ(truncated.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(truncated.error().message.find("does not decode"), std::string::npos) << truncated.error().message;
  const std::string png = make_test_image(400, 300, ".png");
  EXPECT_FALSE(probe_image(std::string_view(png).substr(0, png.size() - 20)).has_value());
  EXPECT_FALSE(probe_image(std::string(kMaxImageBytes + 1, 'x')).has_value());
}

TEST(ImageCodec, RefusesTooManyPixelsBeforeDecodingThem) {
  // A PNG claiming 70,000 x 70,000 pixels: its header alone says too large.
  const std::string big = make_test_image(kMaxImageSide + 10, 2, ".png", 1);
  auto info = probe_image(big);
  ASSERT_FALSE(info.has_value());
  EXPECT_NE(info.error().message.find("pixels"), std::string::npos) << info.error().message;
}

TEST(ImageCodec, RendersRegionSizeRotationQualityAndFormat) {
  const std::string jpeg = make_test_image(800, 600, ".jpg");
  {
    auto out = render_image(jpeg, plan_for("full", "200,", "0", "default.jpg", 800, 600));
    ASSERT_TRUE(out.has_value()) << out.error().message;
    vips::VImage image = decode_test_image(*out);
    EXPECT_EQ(image.width(), 200);
    EXPECT_EQ(image.height(), 150);
    EXPECT_LT(image.getpoint(10, 75)[0], 100);    // the dark half stays on the left
    EXPECT_GT(image.getpoint(190, 75)[0], 160);
  }
  {
    // The right half only, turned a quarter: now taller than wide, and bright.
    auto out = render_image(jpeg, plan_for("400,0,400,600", "max", "90", "default.png", 800, 600));
    ASSERT_TRUE(out.has_value()) << out.error().message;
    vips::VImage image = decode_test_image(*out);
    EXPECT_EQ(image.width(), 600);
    EXPECT_EQ(image.height(), 400);
    EXPECT_GT(image.avg(), 160);
  }
  {
    // Mirrored: the dark half moves to the right.
    auto out = render_image(jpeg, plan_for("full", "pct:25", "!0", "gray.jpg", 800, 600));
    ASSERT_TRUE(out.has_value());
    vips::VImage image = decode_test_image(*out);
    EXPECT_EQ(image.width(), 200);
    EXPECT_EQ(image.bands(), 1);
    EXPECT_GT(image.getpoint(10, 75)[0], 160);
    EXPECT_LT(image.getpoint(190, 75)[0], 100);
  }
  {
    auto out = render_image(jpeg, plan_for("square", "100,100", "0", "bitonal.png", 800, 600));
    ASSERT_TRUE(out.has_value());
    vips::VImage image = decode_test_image(*out);
    EXPECT_EQ(image.width(), 100);
    EXPECT_EQ(image.bands(), 1);
    const double low = image.min();
    const double high = image.max();
    EXPECT_EQ(low, 0);
    EXPECT_EQ(high, 255);
  }
  {
    auto out = render_image(make_test_image(300, 300, ".tif"), plan_for("full", "!100,50", "270", "default.webp", 300, 300));
    ASSERT_TRUE(out.has_value()) << out.error().message;
    vips::VImage image = decode_test_image(*out);
    EXPECT_EQ(image.width(), 50);
    EXPECT_EQ(image.height(), 50);
  }
}

TEST(ImageCodec, OutputCarriesNoMetadataOfTheScan) {
  const std::string jpeg = make_test_image(200, 100, ".jpg");
  auto out = render_image(jpeg, plan_for("full", "max", "0", "default.jpg", 200, 100));
  ASSERT_TRUE(out.has_value());
  vips::VImage image = decode_test_image(*out);
  EXPECT_EQ(image.get_typeof("exif-data"), 0u);
}

TEST(ImageRenderer, KeepsDecodedScansForTheNextRequestOfThePage) {
  const std::string jpeg = make_test_image(1024, 1024, ".jpg");
  ImageRenderer renderer(64u << 20);
  int reads = 0;
  auto read = [&]() -> Result<std::string> {
    ++reads;
    return jpeg;
  };
  const std::string key(64, 'a');
  // Four tiles at full scale: the page is read and decoded once.
  for (const char* region : {"0,0,512,512", "512,0,512,512", "0,512,512,512", "512,512,512,512"}) {
    auto out = renderer.render(key, "image/jpeg", plan_for(region, "max", "0", "default.jpg", 1024, 1024), read);
    ASSERT_TRUE(out.has_value()) << out.error().message;
    vips::VImage tile = decode_test_image(*out);
    EXPECT_EQ(tile.width(), 512);
    EXPECT_EQ(tile.avg() < 128, std::string_view(region).starts_with("0,")) << region;   // left tiles are dark
  }
  EXPECT_EQ(reads, 1);
  EXPECT_EQ(renderer.stats().hits, 3u);
  EXPECT_EQ(renderer.stats().bytes, 1024u * 1024 * 3);
  // A thumbnail decodes at 1/8 scale: another entry, one more read.
  auto thumb = renderer.render(key, "image/jpeg", plan_for("full", "100,", "0", "default.jpg", 1024, 1024), read);
  ASSERT_TRUE(thumb.has_value());
  EXPECT_EQ(decode_test_image(*thumb).width(), 100);
  EXPECT_EQ(reads, 2);
  EXPECT_EQ(renderer.stats().entries, 2u);
  // Whatever it keeps, it renders what render_image renders.
  const ImagePlan plan = plan_for("100,200,300,400", "!150,150", "!90", "gray.png", 1024, 1024);
  auto kept = renderer.render(key, "image/jpeg", plan, read);
  auto direct = render_image(jpeg, plan);
  ASSERT_TRUE(kept && direct);
  EXPECT_EQ(decode_test_image(*kept).width(), decode_test_image(*direct).width());
  EXPECT_EQ(decode_test_image(*kept).height(), decode_test_image(*direct).height());
}

TEST(ImageRenderer, StaysWithinItsBudgetAndReportsReadFailures) {
  const std::string png = make_test_image(600, 600, ".png");   // 1.08 MB decoded
  ImageRenderer renderer(3u << 20);
  int reads = 0;
  auto read = [&]() -> Result<std::string> {
    ++reads;
    return png;
  };
  for (char c : std::string("abcdefgh")) {
    ASSERT_TRUE(renderer.render(std::string(64, c), "image/png", plan_for("full", "60,", "0", "default.jpg", 600, 600), read));
  }
  EXPECT_LE(renderer.stats().bytes, 3u << 20);
  EXPECT_EQ(renderer.stats().entries, 2u);
  ASSERT_TRUE(renderer.render(std::string(64, 'h'), "image/png", plan_for("full", "60,", "0", "default.jpg", 600, 600), read));
  EXPECT_EQ(reads, 8);   // the last page was still kept
  ImageRenderer none(0);
  auto failing = none.render(std::string(64, 'z'), "image/png", plan_for("full", "60,", "0", "default.jpg", 600, 600),
                             []() -> Result<std::string> { return fail(ErrorCode::kNotFound, "no image"); });
  ASSERT_FALSE(failing.has_value());
  EXPECT_EQ(failing.error().code, ErrorCode::kNotFound);
}

TEST(ImageRenderer, StreamsAScanTooLargeToKeep) {
  const std::string jpeg = make_test_image(2000, 1000, ".jpg");   // 6 MB decoded, over half of 4 MB
  ImageRenderer renderer(4u << 20);
  int reads = 0;
  auto read = [&]() -> Result<std::string> {
    ++reads;
    return jpeg;
  };
  for (int round = 0; round < 2; ++round) {
    // The bottom-left corner, turned a quarter and mirrored: the dark half.
    auto out = renderer.render(std::string(64, 'b'), "image/jpeg",
                               plan_for("0,500,1000,500", "max", "!90", "default.png", 2000, 1000), read);
    ASSERT_TRUE(out.has_value()) << out.error().message;
    vips::VImage image = decode_test_image(*out);
    EXPECT_EQ(image.width(), 500);
    EXPECT_EQ(image.height(), 1000);
    EXPECT_LT(image.avg(), 80);
  }
  EXPECT_EQ(reads, 2);   // read each time: never kept
  EXPECT_EQ(renderer.stats().entries, 0u);
  EXPECT_EQ(renderer.stats().bytes, 0u);
}

TEST(ImageCodec, Sha256OfKnownBytes) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace chancery::images
