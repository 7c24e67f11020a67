// SPDX-License-Identifier: AGPL-3.0-or-later
// The editor as its people meet it (issue 12, item 8), over HTTP on the real binary with the
// demo data: the preview beside or below the text, "Insérer une image" without JavaScript (the
// draft is saved, the picker lists the library's pictures, the chosen one lands in the saved
// draft with its description), the "Adapter" button on a resource page for an editor and not
// for a pupil, and the review page saying where the resource will be placed.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/backends.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/sign_in.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;
using Fields = std::vector<std::pair<std::string, std::string>>;

std::string form_encode(const Fields& fields) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const auto& [name, value] : fields) {
    out += out.empty() ? "" : "&";
    for (const auto* part : {&name, &value}) {
      for (const unsigned char c : *part) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
          out.push_back(static_cast<char>(c));
        } else {
          out += '%';
          out += kHex[c >> 4];
          out += kHex[c & 15];
        }
      }
      if (part == &name) {
        out += '=';
      }
    }
  }
  return out;
}

std::string header_value(const Headers& headers, const std::string& name) {
  for (const auto& [key, value] : headers) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

// A 1×1 PNG: real bytes the media library recognizes and libvips decodes.
constexpr unsigned char kPixelPngBytes[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
    0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78,
    0xda, 0x63, 0xf8, 0xdf, 0xc0, 0x00, 0x00, 0x04, 0x01, 0x01, 0x80, 0xfb, 0xd7, 0xcb,
    0xf1, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
const std::string kPixelPng(reinterpret_cast<const char*>(kPixelPngBytes), sizeof kPixelPngBytes);

class EditorPagesHttp : public DemoBackendTest {
 protected:
  void SetUp() override {
    DemoBackendTest::SetUp();
    std::vector<std::string> location = location_of(test_db());
    server_ = std::make_unique<ServerProcess>(ServerProcess::start(location));
  }
  void TearDown() override {
    server_.reset();
    BackendTest::TearDown();
  }
  std::uint16_t port() const { return server_->port(); }

  HttpResponse get(const Headers& who, const std::string& target) {
    return http_get(port(), target, {{"Cookie", header_value(who, "Cookie")}});
  }
  HttpResponse post_form(const Headers& who, const std::string& target, Fields fields) {
    fields.emplace_back("csrf_token", header_value(who, "X-CSRF-Token"));
    return http_request(port(), "POST", target,
                        {{"Cookie", header_value(who, "Cookie")},
                         {"Content-Type", "application/x-www-form-urlencoded"}},
                        form_encode(fields));
  }
  // A new lesson through the editor's form; `action` is the button pressed.
  HttpResponse new_lesson(const Headers& who, const std::string& body, const std::string& action,
                          const std::string& node_id = {}) {
    return post_form(who, "/edit/resources/new",
                     {{"title", "La moitié"},
                      {"summary", "Partager en deux."},
                      {"body", body},
                      {"kind", "lesson"},
                      {"licence", "CC-BY-4.0"},
                      {"audience", "pupil"},
                      {"language", "fr"},
                      {"node_id", node_id},
                      {"authors", "Kossi Agbeko"},
                      {"action", action}});
  }
  // The id at the end of "/edit/resources/{id}…" or of "…?for={id}".
  static std::string id_in(const std::string& location) {
    if (const auto at = location.find("?for="); at != std::string::npos) {
      return location.substr(at + 5);
    }
    const std::string path = location.substr(0, location.find_first_of("?#"));
    return path.substr(path.rfind('/') + 1);
  }

  std::unique_ptr<ServerProcess> server_;
};
IMAGINECOLE_ON_BOTH_BACKENDS(EditorPagesHttp);

TEST_P(EditorPagesHttp, PreviewSitsAfterTheTextNotAboveIt) {
  const Headers editor = sign_in(port(), {.username = "tg.editor"});
  const auto page = get(editor, "/edit/resources/new");
  ASSERT_EQ(page.status, 200) << page.body;
  const auto text = page.body.find("id=\"body\"");
  const auto preview = page.body.find("id=\"preview\"");
  ASSERT_NE(text, std::string::npos);
  ASSERT_NE(preview, std::string::npos);
  EXPECT_LT(text, preview) << "the preview must come after the text (beside it on a wide screen)";
  EXPECT_NE(page.body.find("class=\"write-and-preview\""), std::string::npos);
}

TEST_P(EditorPagesHttp, InsertingAPictureWithoutJavaScriptLandsInTheSavedDraft) {
  const Headers editor = sign_in(port(), {.username = "tg.editor"});
  Headers upload = editor;
  upload.emplace_back("X-Filename", "galette.png");
  const auto uploaded = http_request(port(), "POST", "/api/v1/media", upload, kPixelPng);
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  const std::string hash(json::parse(uploaded.body).at("hash").as_string());

  // "Insérer une image" on a new draft: the draft is created first, then the picker opens.
  const auto created = new_lesson(editor, "Une galette se partage en deux.", "pick_image");
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string picker = created.header("location").value_or("");
  ASSERT_TRUE(picker.starts_with("/edit/media/pick?for=")) << picker;
  const std::string id = id_in(picker);

  const auto list = get(editor, picker);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_NE(list.body.find("value=\"" + hash + "\""), std::string::npos) << list.body;
  EXPECT_NE(list.body.find("action=\"/edit/resources/" + id + "/insert-image\""),
            std::string::npos);

  // No description: refused with the reason, the draft unchanged.
  const auto no_alt =
      post_form(editor, "/edit/resources/" + id + "/insert-image", {{"hash", hash}, {"alt", "  "}});
  EXPECT_EQ(no_alt.status, 400);
  EXPECT_NE(no_alt.body.find("Décrivez l"), std::string::npos) << no_alt.body;

  const auto inserted = post_form(editor, "/edit/resources/" + id + "/insert-image",
                                  {{"hash", hash}, {"alt", "Une galette coupée en deux"}});
  ASSERT_EQ(inserted.status, 303) << inserted.body;
  EXPECT_TRUE(inserted.header("location").value_or("").starts_with("/edit/resources/" + id));

  const auto draft = get(editor, "/edit/resources/" + id);
  ASSERT_EQ(draft.status, 200);
  EXPECT_NE(
      draft.body.find("Une galette se partage en deux.\n\n![Une galette coupée en deux](/media/" +
                      hash + ")"),
      std::string::npos)
      << draft.body;

  // An existing draft: pressing the button saves the edited text before the picker opens.
  const auto saved = post_form(editor, "/edit/resources/" + id,
                               {{"title", "La moitié"},
                                {"summary", "Partager en deux."},
                                {"body", "Texte changé avant de choisir."},
                                {"kind", "lesson"},
                                {"licence", "CC-BY-4.0"},
                                {"audience", "pupil"},
                                {"language", "fr"},
                                {"authors", "Kossi Agbeko"},
                                {"action", "pick_image"}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(saved.header("location").value_or(""), "/edit/media/pick?for=" + id);
  EXPECT_NE(get(editor, "/edit/resources/" + id).body.find("Texte changé avant de choisir."),
            std::string::npos);

  // The same list for the JavaScript dialog.
  const auto api = get(editor, "/api/v1/media?type=image");
  ASSERT_EQ(api.status, 200) << api.body;
  EXPECT_NE(api.body.find(hash), std::string::npos);
}

TEST_P(EditorPagesHttp, AdapterButtonOnAResourcePageForAnEditorNotForAPupil) {
  const auto list = http_get(port(), "/api/v1/resources?country=SN");
  ASSERT_EQ(list.status, 200);
  std::string id;
  const json::value listed = json::parse(list.body);
  for (const auto& item : listed.at("results").as_array()) {
    if (item.at("origin_country") == "SN" && item.at("kind") == "lesson") {
      id = std::string(item.at("id").as_string());
      break;
    }
  }
  ASSERT_FALSE(id.empty());
  const std::string form = "action=\"/edit/adapt\"";

  const Headers editor = sign_in(port(), {.username = "tg.editor"});
  const auto for_editor = get(editor, "/r/" + id);
  ASSERT_EQ(for_editor.status, 200);
  EXPECT_NE(for_editor.body.find(form), std::string::npos) << for_editor.body;
  EXPECT_NE(for_editor.body.find(">Adapter</button>"), std::string::npos);

  const Headers pupil =
      sign_in(port(), {.username = "awa", .password = "soleil", .school = "DKR001"});
  EXPECT_EQ(get(pupil, "/r/" + id).body.find(form), std::string::npos);
  EXPECT_EQ(http_get(port(), "/r/" + id).body.find(form), std::string::npos);
  // The resource's own country edits it; it does not adapt it.
  const Headers own = sign_in(port(), {.username = "sn.editor"});
  EXPECT_EQ(get(own, "/r/" + id).body.find(form), std::string::npos);

  // The button works: a Togolese draft that names its origin.
  const auto adapted = post_form(editor, "/edit/adapt", {{"resource", id}, {"country", "TG"}});
  ASSERT_EQ(adapted.status, 303) << adapted.body;
  const std::string location = adapted.header("location").value_or("");
  ASSERT_TRUE(location.starts_with("/edit/resources/")) << location;
  EXPECT_NE(get(editor, location).body.find("class=\"attribution\""), std::string::npos);
}

TEST_P(EditorPagesHttp, ReviewPageSaysWhereTheResourceWillBePlaced) {
  const Headers editor = sign_in(port(), {.username = "tg.editor"});
  // A level-and-subject node of Togo's tree, as the editor's list names it.
  const auto page = get(editor, "/edit/resources/new");
  const auto select = page.body.find("id=\"node_id\"");
  ASSERT_NE(select, std::string::npos);
  const auto option = page.body.find(" · ", select);
  ASSERT_NE(option, std::string::npos);
  const auto value_at = page.body.rfind("<option value=\"", option) + 15;
  const std::string node = page.body.substr(value_at, page.body.find('"', value_at) - value_at);
  const auto label_at = page.body.find('>', value_at) + 1;
  const std::string label = page.body.substr(label_at, page.body.find('<', label_at) - label_at);

  const auto created = new_lesson(editor, "Une galette se partage en deux.", "save", node);
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string id = id_in(created.header("location").value_or(""));
  const auto submitted = post_form(editor, "/edit/resources/" + id,
                                   {{"title", "La moitié"},
                                    {"summary", "Partager en deux."},
                                    {"body", "Une galette se partage en deux."},
                                    {"kind", "lesson"},
                                    {"licence", "CC-BY-4.0"},
                                    {"audience", "pupil"},
                                    {"language", "fr"},
                                    {"node_id", node},
                                    {"authors", "Kossi Agbeko"},
                                    {"action", "submit"}});
  ASSERT_EQ(submitted.status, 303) << submitted.body;

  const Headers reviewer = sign_in(port(), {.username = "tg.reviewer"});
  const auto review = get(reviewer, "/edit/resources/" + id + "/review");
  ASSERT_EQ(review.status, 200) << review.body;
  EXPECT_NE(review.body.find("Où la ressource sera placée"), std::string::npos);
  EXPECT_NE(review.body.find("Togo · " + label), std::string::npos) << label << "\n" << review.body;

  // A resource with no place says so.
  const auto unplaced = new_lesson(editor, "Sans place.", "save");
  const std::string other = id_in(unplaced.header("location").value_or(""));
  const auto bare = get(editor, "/edit/resources/" + other + "/review");
  EXPECT_NE(bare.body.find("Aucun placement"), std::string::npos) << bare.body;
}

}  // namespace
}  // namespace imaginecole::testing
