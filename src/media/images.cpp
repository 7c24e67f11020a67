// SPDX-License-Identifier: AGPL-3.0-or-later
#include "media/images.hpp"

#include <vips/vips.h>

#include <memory>
#include <mutex>

#include "core/errors.hpp"

namespace imaginecole::media {
namespace {

void start_vips() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (VIPS_INIT("imaginecole") != 0) {
      throw std::runtime_error("libvips could not start");
    }
    vips_cache_set_max(0);  // no operation cache: each upload's memory is freed at once
    vips_cache_set_max_mem(0);
    vips_concurrency_set(1);
  });
}

struct Unref {
  void operator()(VipsImage* image) const { g_object_unref(image); }
};
using ImagePtr = std::unique_ptr<VipsImage, Unref>;

struct GFree {
  void operator()(void* data) const { g_free(data); }
};

std::string vips_message() {
  std::string message = vips_error_buffer();
  vips_error_clear();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  return message.substr(0, 200);
}

ImagePtr open_image(std::string_view bytes, bool strict) {
  VipsImage* image = strict ? vips_image_new_from_buffer(bytes.data(), bytes.size(), "", "fail_on",
                                                         VIPS_FAIL_ON_ERROR, nullptr)
                            : vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
  if (image == nullptr) {
    throw InvalidInput("Cette image ne peut pas être lue (" + vips_message() + ").");
  }
  return ImagePtr(image);
}

std::string save(VipsImage* image, bool webp) {
  void* buffer = nullptr;
  std::size_t length = 0;
  const int failed =
      webp ? vips_webpsave_buffer(image, &buffer, &length, "Q", 70, "strip", TRUE, nullptr)
           : vips_jpegsave_buffer(image, &buffer, &length, "Q", 75, "strip", TRUE, "interlace",
                                  TRUE, nullptr);
  std::unique_ptr<void, GFree> owned(buffer);
  if (failed != 0) {
    throw std::runtime_error("libvips could not encode a rendition: " + vips_message());
  }
  return std::string(static_cast<const char*>(buffer), length);
}

}  // namespace

ImageFacts check_image(std::string_view bytes) {
  start_vips();
  ImagePtr image = open_image(bytes, true);
  const ImageFacts facts{.width = vips_image_get_width(image.get()),
                         .height = vips_image_get_height(image.get())};
  if (facts.width <= 0 || facts.height <= 0 ||
      static_cast<long long>(facts.width) * facts.height > kMaxPixels) {
    throw InvalidInput("Cette image est trop grande (" + std::to_string(facts.width) + " × " +
                       std::to_string(facts.height) +
                       " pixels) : réduisez-la à moins de 50 mégapixels.");
  }
  double average = 0;
  if (vips_avg(image.get(), &average, nullptr) != 0) {  // decodes every pixel
    throw InvalidInput("Cette image est abîmée ou incomplète (" + vips_message() + ").");
  }
  return facts;
}

std::vector<EncodedImage> make_renditions(std::string_view bytes, const std::vector<int>& widths) {
  start_vips();
  const ImageFacts original = check_image(bytes);
  std::vector<EncodedImage> out;
  for (const int width : widths) {
    if (width >= original.width) {
      continue;  // never upscale
    }
    VipsImage* resized = nullptr;
    if (vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(), &resized, width,
                              "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, nullptr) != 0) {
      throw InvalidInput("Cette image ne peut pas être réduite (" + vips_message() + ").");
    }
    ImagePtr thumbnail(resized);
    // Decoded once into memory: the PNG loader reads sequentially and both savers read it.
    VipsImage* in_memory = vips_image_copy_memory(thumbnail.get());
    if (in_memory == nullptr) {
      throw InvalidInput("Cette image ne peut pas être réduite (" + vips_message() + ").");
    }
    ImagePtr small(in_memory);
    const int height = vips_image_get_height(small.get());
    const int actual = vips_image_get_width(small.get());
    out.push_back(EncodedImage{.variant = "w" + std::to_string(width) + ".webp",
                               .type = "image/webp",
                               .width = actual,
                               .height = height,
                               .bytes = save(small.get(), true)});
    out.push_back(EncodedImage{.variant = "w" + std::to_string(width) + ".jpg",
                               .type = "image/jpeg",
                               .width = actual,
                               .height = height,
                               .bytes = save(small.get(), false)});
  }
  return out;
}

}  // namespace imaginecole::media
