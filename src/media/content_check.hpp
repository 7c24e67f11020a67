// SPDX-License-Identifier: AGPL-3.0-or-later
// Documents, sounds and videos are judged beyond their first bytes: a parser must read them as
// the type those bytes claim, or they are refused (415). Images have their own check in
// images.hpp (libvips decodes them). PDF: poppler (already in the tree through libvips) opens
// the document and counts its pages. Sound and video: ffprobe, forced to the demuxer of the
// claimed type, must find a stream of that kind; without ffprobe on the server they are
// refused (see decision 0016), never stored unchecked.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace imaginecole::media {

struct ContentFacts {
  std::string problem;  // empty when the file reads as its type; else why not (French)
  int pages = 0;        // PDF
  int width = 0;        // video
  int height = 0;
  std::int64_t duration_ms = 0;  // sound and video
};

// A PDF document: it must open (not damaged, not password-protected) and have a page.
ContentFacts check_pdf(std::string_view bytes);

// The ffprobe program to use: IMAGINECOLE_FFPROBE when set (a path that is not an executable
// counts as none: tests play a server without ffprobe so), else ffprobe on PATH; empty when
// there is none.
std::string ffprobe_program();

// A sound or video file already on disk, read by ffprobe as `type` ("audio/mpeg",
// "video/mp4"...). `scratch` holds ffprobe's error output while it runs. Without `ffprobe`
// (empty) the file is refused with a message saying so.
ContentFacts check_audio_video(const std::string& ffprobe, const std::filesystem::path& file,
                               std::string_view type, const std::filesystem::path& scratch);

// Width, height and duration of a file ffmpeg made (no judgement): zeros when unknown.
ContentFacts probe_facts(const std::string& ffprobe, const std::filesystem::path& file,
                         const std::filesystem::path& scratch);

}  // namespace imaginecole::media
