// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/multipart.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/errors.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::http {
namespace {

std::string form(std::string_view boundary, std::initializer_list<std::string> parts) {
  std::string body;
  for (const auto& part : parts) {
    body += "--" + std::string(boundary) + "\r\n" + part + "\r\n";
  }
  body += "--" + std::string(boundary) + "--\r\n";
  return body;
}

TEST(Multipart, BoundaryFromContentType) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""), "a b");
  EXPECT_FALSE(multipart_boundary("application/x-www-form-urlencoded"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data"));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary="));
  EXPECT_FALSE(multipart_boundary("multipart/form-data; boundary=" + std::string(300, 'x')));
}

TEST(Multipart, FieldsAndFiles) {
  const std::string body =
      form("XyZ", {"Content-Disposition: form-data; name=\"csrf_token\"\r\n\r\nt0k",
                   "Content-Disposition: form-data; name=\"file\"; filename=\"C:\\\\docs\\\\classe "
                   "CM2.csv\"\r\nContent-Type: text/csv\r\n\r\nnom;prenom\r\nDiop;Awa\r\n",
                   "content-disposition: form-data; name=empty\r\n\r\n"});
  const auto parts = parse_multipart(body, "XyZ");
  ASSERT_EQ(parts.size(), 3U);
  EXPECT_EQ(parts[0].name, "csrf_token");
  EXPECT_EQ(parts[0].body, "t0k");
  EXPECT_TRUE(parts[0].filename.empty());
  EXPECT_EQ(parts[1].filename, "classe CM2.csv");
  EXPECT_EQ(parts[1].content_type, "text/csv");
  EXPECT_EQ(parts[1].body, "nom;prenom\r\nDiop;Awa\r\n");
  EXPECT_EQ(parts[2].name, "empty");
  EXPECT_EQ(parts[2].body, "");
  ASSERT_NE(find_part(parts, "file"), nullptr);
  EXPECT_EQ(find_part(parts, "absent"), nullptr);
}

TEST(Multipart, BinaryBodiesKeepEveryByte) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) {
    bytes.push_back(static_cast<char>(i));
  }
  bytes += "\r\n--almost the boundary\r\n";
  const auto parts = parse_multipart(
      form("b0undary",
           {"Content-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\r\n" + bytes}),
      "b0undary");
  ASSERT_EQ(parts.size(), 1U);
  EXPECT_EQ(parts[0].body, bytes);
}

TEST(Multipart, PreambleAndEpilogueAreIgnored) {
  const std::string body = "preamble\r\n" +
                           form("q", {"Content-Disposition: form-data; name=\"a\"\r\n\r\n1"}) +
                           "epilogue";
  const auto parts = parse_multipart(body, "q");
  ASSERT_EQ(parts.size(), 1U);
  EXPECT_EQ(parts[0].body, "1");
}

TEST(Multipart, BrokenBodiesAreRefusedWithAReason) {
  const std::string ok = "Content-Disposition: form-data; name=\"a\"\r\n\r\n1";
  // No boundary at all, truncated (no closing delimiter), headers never end, no name,
  // not form-data, garbage after a boundary, unterminated quote.
  EXPECT_THROW(parse_multipart("just some text", "q"), InvalidInput);
  EXPECT_THROW(parse_multipart("--q\r\n" + ok + "\r\n--q\r\nContent-Disp", "q"), InvalidInput);
  EXPECT_THROW(parse_multipart(form("q", {"Content-Disposition: form-data; name=\"a\""}), "q"),
               InvalidInput);
  EXPECT_THROW(parse_multipart(form("q", {"Content-Disposition: form-data\r\n\r\nx"}), "q"),
               InvalidInput);
  EXPECT_THROW(
      parse_multipart(form("q", {"Content-Disposition: attachment; name=a\r\n\r\nx"}), "q"),
      InvalidInput);
  EXPECT_THROW(parse_multipart(form("q", {"No colon here\r\n\r\nx"}), "q"), InvalidInput);
  EXPECT_THROW(parse_multipart("--qjunk\r\n" + ok + "\r\n--q--", "q"), InvalidInput);
  EXPECT_THROW(
      parse_multipart(form("q", {"Content-Disposition: form-data; name=\"a\r\n\r\nx"}), "q"),
      InvalidInput);
  try {
    parse_multipart("--q\r\n" + ok, "q");
    FAIL();
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("incomplete"), std::string::npos);
  }
}

TEST(Multipart, TooManyPartsAreRefused) {
  std::string body;
  for (int i = 0; i < 5; ++i) {
    body +=
        "--q\r\nContent-Disposition: form-data; name=\"f" + std::to_string(i) + "\"\r\n\r\nv\r\n";
  }
  body += "--q--";
  EXPECT_EQ(parse_multipart(body, "q", 5).size(), 5U);
  EXPECT_THROW(parse_multipart(body, "q", 4), InvalidInput);
}

TEST(Multipart, RequestNeedsAMultipartContentType) {
  Request request;
  request.headers = {{"content-type", "text/plain"}};
  request.body = "x";
  EXPECT_THROW(parse_multipart_form(request), InvalidInput);
  request.headers = {{"content-type", "multipart/form-data; boundary=q"}};
  request.body = form("q", {"Content-Disposition: form-data; name=\"a\"\r\n\r\n1"});
  EXPECT_EQ(parse_multipart_form(request).size(), 1U);
}

TEST(Multipart, ViewsPointIntoTheBodyWithoutCopies) {
  const std::string body =
      form("XyZ", {"Content-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\n" +
                   std::string("\0\r\n--Xy", 7)});
  const auto parts = parse_multipart_views(body, "XyZ");
  ASSERT_EQ(parts.size(), 1U);
  EXPECT_EQ(parts[0].body, std::string_view(std::string("\0\r\n--Xy", 7)));
  EXPECT_GE(parts[0].body.data(), body.data());
  EXPECT_LE(parts[0].body.data() + parts[0].body.size(), body.data() + body.size());
}

TEST(Multipart, ASpooledBodyIsReadFromItsFile) {
  testing::TempDir folder;
  EXPECT_EQ(SpooledFile::clean_folder(folder.path() / "spool"), 0U);
  Request request;
  request.headers = {{"content-type", "multipart/form-data; boundary=XyZ"}};
  std::filesystem::path path;
  {
    auto spooled = SpooledFile::create(folder.path() / "spool");
    path = spooled->path();
    EXPECT_TRUE(path.filename().string().starts_with("upload-"));
    std::ofstream(path, std::ios::binary)
        << form("XyZ", {"Content-Disposition: form-data; name=\"file\"\r\n\r\nfrom disk"});
    request.body_file = std::move(spooled);
  }
  EXPECT_TRUE(std::filesystem::exists(path));
  {
    const MultipartForm parsed = parse_multipart_form_views(request);
    ASSERT_NE(parsed.find("file"), nullptr);
    EXPECT_EQ(parsed.find("file")->body, "from disk");
    EXPECT_EQ(parsed.find("other"), nullptr);
    EXPECT_EQ(parse_multipart_form(request).at(0).body, "from disk");
  }
  request.body_file.reset();
  EXPECT_FALSE(std::filesystem::exists(path)) << "the file goes with its last owner";

  // Unclosed, from a file: refused like in memory.
  auto broken = SpooledFile::create(folder.path() / "spool");
  std::ofstream(broken->path(), std::ios::binary)
      << "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno end";
  request.body_file = broken;
  EXPECT_THROW(parse_multipart_form_views(request), InvalidInput);
  // An empty spooled body has no boundary.
  request.body_file = SpooledFile::create(folder.path() / "spool");
  EXPECT_THROW(parse_multipart_form_views(request), InvalidInput);
}

TEST(Multipart, StartingServersRemoveOnlyLeftoversOfDeadProcesses) {
  testing::TempDir folder;
  const auto spool = folder.path() / "spool";
  std::filesystem::create_directories(spool);
  std::ofstream(spool / "upload-999999999-dead01") << "x";
  std::ofstream(spool / "upload-1-init01") << "x";  // pid 1 is alive
  std::ofstream(spool / "unrelated.txt") << "x";
  EXPECT_EQ(SpooledFile::clean_folder(spool), 1U);
  EXPECT_FALSE(std::filesystem::exists(spool / "upload-999999999-dead01"));
  EXPECT_TRUE(std::filesystem::exists(spool / "upload-1-init01"));
  EXPECT_TRUE(std::filesystem::exists(spool / "unrelated.txt"));
}

}  // namespace
}  // namespace imaginecole::http
