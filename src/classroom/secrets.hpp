// SPDX-License-Identifier: AGPL-3.0-or-later
// The small values a classroom hands out and checks: the nine pictures of picture codes, new
// picture codes and passwords for children, class join codes, usernames suggested from a name,
// and the rule for a pupil's display name. Pure functions, tested without a database.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imaginecole::classroom {

// The nine pictures, numbered 1 to 9 as in picture codes ("3-7-1") everywhere (API, cards,
// the picture sign-in screen). `key` names the message with the picture's name for screen
// readers ("classroom_picture_sun"); `svg` is an inline drawing (presentation attributes only,
// so the Content-Security-Policy needs no inline style).
struct Picture {
  int number = 0;
  std::string_view key;
  std::string_view svg;
};
const std::array<Picture, 9>& pictures();
const Picture& picture(int number);  // 1..9

// A picture code a teacher sets: three *different* pictures out of nine, as "3-7-1". Accepts
// what accounts::normalize_picture_code accepts; nullopt for "1-1-1", "0-2-3", "a-b-c".
std::optional<std::string> valid_new_picture_code(std::string_view text);
// The numbers of a normalized code ("3-7-1" -> {3, 7, 1}).
std::vector<int> picture_numbers(std::string_view code);

// Random, from libsodium: three different pictures.
std::string new_picture_code();
// Easy to read aloud and type on a phone: three syllables and two digits ("bakimo42").
std::string new_pupil_password();

// Join codes: 6 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
std::string new_join_code();
// What a pupil typed, as stored: upper case, spaces dropped; nullopt when it cannot be a code
// (empty, longer than 16, other characters than letters, digits and '-').
std::optional<std::string> normalize_join_code(std::string_view text);

// A pupil's display name: spaces trimmed and runs of spaces collapsed, 1 to 80 characters
// (code points), no control characters, valid UTF-8. nullopt otherwise.
std::optional<std::string> normalize_display_name(std::string_view text);
inline constexpr std::size_t kMaxDisplayNameChars = 80;

// "Aïssatou Ndiaye" -> "aissatou.ndiaye"; letters outside Latin dropped; "eleve" when nothing is
// left; at most 30 characters. The caller makes it unique ("aissatou.ndiaye2").
std::string suggest_username(std::string_view display_name);

}  // namespace imaginecole::classroom
