// The IIIF Image API 3.0 request grammar and its plan against an image's size.
#include "images/iiif_image_request.h"

#include <gtest/gtest.h>

namespace chancery::images {
namespace {

IiifImageRequest parse(std::string_view region, std::string_view size, std::string_view rotation = "0",
                       std::string_view quality_format = "default.jpg") {
  auto r = parse_iiif_image_request(region, size, rotation, quality_format);
  EXPECT_TRUE(r.has_value()) << region << " " << size << " " << rotation << " " << quality_format << ": "
                             << (r ? "" : r.error().message);
  return r.value_or(IiifImageRequest{});
}

int status_of(std::string_view region, std::string_view size, std::string_view rotation = "0",
              std::string_view quality_format = "default.jpg") {
  auto r = parse_iiif_image_request(region, size, rotation, quality_format);
  return r ? 200 : r.error().status;
}

ImagePlan plan(std::string_view region, std::string_view size, int width = 2000, int height = 3000,
               ImageLimits limits = {}) {
  auto p = plan_iiif_image(parse(region, size), width, height, limits);
  EXPECT_TRUE(p.has_value()) << region << " " << size << ": " << (p ? "" : p.error().message);
  return p.value_or(ImagePlan{});
}

int plan_status(std::string_view region, std::string_view size, int width = 2000, int height = 3000,
                ImageLimits limits = {}) {
  auto p = plan_iiif_image(parse(region, size), width, height, limits);
  return p ? 200 : p.error().status;
}

TEST(IiifImageRequest, RegionsInEveryForm) {
  EXPECT_EQ(parse("full", "max").region, RegionKind::kFull);
  EXPECT_EQ(parse("square", "max").region, RegionKind::kSquare);
  const IiifImageRequest px = parse("10,20,300,400", "max");
  EXPECT_EQ(px.region, RegionKind::kPixels);
  EXPECT_EQ(px.rx, 10);
  EXPECT_EQ(px.rh, 400);
  const IiifImageRequest pct = parse("pct:10.5,0,50,25", "max");
  EXPECT_EQ(pct.region, RegionKind::kPercent);
  EXPECT_DOUBLE_EQ(pct.rx, 10.5);
  for (std::string_view bad : {"", "ful", "1,2,3", "1,2,3,4,5", "-1,0,10,10", "0,0,0,10", "0,0,10,0", "a,b,c,d",
                               "1.5,0,10,10", "pct:", "pct:1,2,3", "pct:0,0,0,10", "0,0,10,10 ", "0,,10,10",
                               "1e3,0,10,10", "pct:.5,0,10,10", "9999999999,0,1,1"}) {
    EXPECT_EQ(status_of(bad, "max"), 400) << bad;
  }
}

TEST(IiifImageRequest, SizesInEveryForm) {
  EXPECT_EQ(parse("full", "max").size, SizeKind::kMax);
  EXPECT_TRUE(parse("full", "^max").upscale);
  EXPECT_EQ(parse("full", "150,").size, SizeKind::kWidth);
  EXPECT_EQ(parse("full", ",150").size, SizeKind::kHeight);
  EXPECT_EQ(parse("full", "pct:50").size, SizeKind::kPercent);
  EXPECT_EQ(parse("full", "150,200").size, SizeKind::kExact);
  EXPECT_EQ(parse("full", "!150,200").size, SizeKind::kConfined);
  EXPECT_TRUE(parse("full", "^!150,200").upscale);
  for (std::string_view bad : {"", "full", ",", "0,", ",0", "!150,", "!,150", "pct:", "pct:0", "pct:x", "150",
                               "150,200,3", "-150,", "^", "^^max", "!!1,1", "1.5,"}) {
    EXPECT_EQ(status_of("full", bad), 400) << bad;
  }
}

TEST(IiifImageRequest, RotationsQualitiesAndFormats) {
  EXPECT_EQ(parse("full", "max", "90").rotation, 90);
  EXPECT_EQ(parse("full", "max", "360").rotation, 0);
  const IiifImageRequest mirrored = parse("full", "max", "!180");
  EXPECT_TRUE(mirrored.mirror);
  EXPECT_EQ(mirrored.rotation, 180);
  EXPECT_EQ(status_of("full", "max", "45"), 501);    // valid, not offered
  EXPECT_EQ(status_of("full", "max", "22.5"), 501);
  EXPECT_EQ(status_of("full", "max", "361"), 400);
  EXPECT_EQ(status_of("full", "max", "-90"), 400);
  EXPECT_EQ(status_of("full", "max", ""), 400);
  EXPECT_EQ(parse("full", "max", "0", "gray.png").quality, Quality::kGray);
  EXPECT_EQ(parse("full", "max", "0", "gray.png").format, Format::kPng);
  EXPECT_EQ(parse("full", "max", "0", "bitonal.webp").format, Format::kWebp);
  EXPECT_EQ(parse("full", "max", "0", "color.jpg").quality, Quality::kColor);
  EXPECT_EQ(status_of("full", "max", "0", "default.gif"), 501);
  EXPECT_EQ(status_of("full", "max", "0", "default.pdf"), 501);
  EXPECT_EQ(status_of("full", "max", "0", "default.exe"), 400);
  EXPECT_EQ(status_of("full", "max", "0", "sepia.jpg"), 400);
  EXPECT_EQ(status_of("full", "max", "0", "default"), 400);
}

TEST(IiifImagePlan, RegionsAreCutToTheImage) {
  const ImagePlan square = plan("square", "max");
  EXPECT_EQ(square.x, 0);
  EXPECT_EQ(square.y, 500);
  EXPECT_EQ(square.w, 2000);
  EXPECT_EQ(square.h, 2000);
  const ImagePlan edge = plan("1900,2900,500,500", "max");
  EXPECT_EQ(edge.w, 100);
  EXPECT_EQ(edge.h, 100);
  EXPECT_EQ(edge.out_w, 100);
  const ImagePlan pct = plan("pct:50,50,50,50", "max");
  EXPECT_EQ(pct.x, 1000);
  EXPECT_EQ(pct.y, 1500);
  EXPECT_EQ(pct.w, 1000);
  EXPECT_EQ(pct.h, 1500);
  EXPECT_EQ(plan_status("2000,0,10,10", "max"), 400);   // starts beyond the right edge
  EXPECT_EQ(plan_status("0,3000,10,10", "max"), 400);
  EXPECT_EQ(plan_status("pct:100,0,10,10", "max"), 400);
}

TEST(IiifImagePlan, SizesKeepTheShapeUnlessAskedNotTo) {
  const ImagePlan w = plan("full", "500,");
  EXPECT_EQ(w.out_w, 500);
  EXPECT_EQ(w.out_h, 750);
  const ImagePlan h = plan("full", ",300");
  EXPECT_EQ(h.out_w, 200);
  EXPECT_EQ(h.out_h, 300);
  const ImagePlan pct = plan("full", "pct:10");
  EXPECT_EQ(pct.out_w, 200);
  EXPECT_EQ(pct.out_h, 300);
  const ImagePlan exact = plan("full", "100,100");
  EXPECT_EQ(exact.out_w, 100);
  EXPECT_EQ(exact.out_h, 100);
  const ImagePlan confined = plan("full", "!400,400");
  EXPECT_EQ(confined.out_w, 267);
  EXPECT_EQ(confined.out_h, 400);
}

TEST(IiifImagePlan, LargerThanTheRegionOnlyWithACaret) {
  EXPECT_EQ(plan_status("0,0,100,100", "200,"), 400);
  EXPECT_EQ(plan_status("0,0,100,100", "pct:150"), 400);
  EXPECT_EQ(plan_status("0,0,100,100", "!300,300"), 400);
  auto up = plan_iiif_image(parse("0,0,100,100", "^200,"), 2000, 3000, {});
  ASSERT_TRUE(up.has_value());
  EXPECT_EQ(up->out_w, 200);
  EXPECT_EQ(up->out_h, 200);
  auto max_up = plan_iiif_image(parse("0,0,100,50", "^max"), 2000, 3000, ImageLimits{1000, 1000, 1'000'000});
  ASSERT_TRUE(max_up.has_value());
  EXPECT_EQ(max_up->out_w, 1000);
  EXPECT_EQ(max_up->out_h, 500);
}

TEST(IiifImagePlan, MaxIsScaledDownToTheLimitsAndExplicitSizesBeyondThemFail) {
  const ImageLimits limits{1000, 1000, 600'000};
  const ImagePlan max = plan("full", "max", 2000, 3000, limits);
  EXPECT_LE(max.out_w, 1000);
  EXPECT_LE(max.out_h, 1000);
  EXPECT_LE(static_cast<std::int64_t>(max.out_w) * max.out_h, 600'000);
  EXPECT_NEAR(static_cast<double>(max.out_w) / max.out_h, 2.0 / 3.0, 0.01);
  EXPECT_EQ(plan_status("full", "1500,", 2000, 3000, limits), 400);
  EXPECT_EQ(plan_status("full", "900,900", 2000, 3000, limits), 400);   // 810,000 pixels > maxArea
  EXPECT_EQ(plan_status("full", "pct:50", 2000, 3000, limits), 400);
}

}  // namespace
}  // namespace chancery::images
