// SPDX-License-Identifier: AGPL-3.0-or-later
// Small real files for upload tests, made by the test itself: a valid PDF written by hand
// (one page, and optionally a stream of pseudo-random bytes to give it a size), and sounds
// and videos made by ffmpeg when it is installed.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace imaginecole::testing {

// A one-page PDF that readers open; `padding` bytes of pseudo-random data ride in an
// unreferenced stream object so that large uploads are still real documents.
inline std::string minimal_pdf(std::size_t padding = 0, unsigned seed = 0) {
  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  const auto object = [&](const std::string& body) {
    offsets.push_back(out.size());
    out += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
  };
  object("<< /Type /Catalog /Pages 2 0 R >>");
  object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>");
  const std::string drawing = "0 0 m 100 100 l S";
  object("<< /Length " + std::to_string(drawing.size()) + " >>\nstream\n" + drawing +
         "\nendstream");
  std::string noise;
  std::mt19937 random(seed);
  noise.reserve(padding);
  while (noise.size() < padding) {
    noise.push_back(static_cast<char>(random() & 0xff));
  }
  object("<< /Length " + std::to_string(noise.size()) + " >>\nstream\n" + noise + "\nendstream");
  const std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
  for (const std::size_t offset : offsets) {
    char line[24];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

// A file made by ffmpeg from `arguments` (inputs and codecs) into `file`; empty when ffmpeg
// is absent or fails.
inline std::string made_by_ffmpeg(const std::string& arguments, const std::filesystem::path& file) {
  const std::string command =
      "ffmpeg -nostdin -y -loglevel error " + arguments + " " + file.string() + " 2>/dev/null";
  if (std::system(command.c_str()) != 0) {
    return {};
  }
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace imaginecole::testing
