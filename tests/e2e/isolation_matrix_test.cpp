// SPDX-License-Identifier: AGPL-3.0-or-later
// The isolation matrix of issue 4: every route of the platform, called by every role of a
// foreign scope (another country, another school of the same country, another class of the
// same school, signed out), with its parameters pointing at Senegalese targets (school DKR001,
// its class CM2 A, a pupil of that class). Routes that touch scoped data must refuse
// (401/403/404, or the sign-in redirect); lists and public routes may answer but never with the
// target pupil's name; and nothing at all is written.
//
// The routes come from the real router: a route missing from the table below fails the test
// ("add <METHOD> <pattern> to the isolation matrix"), so a new route cannot ship without both
// an access rule (route_rules_test) and a row here.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <map>
#include <set>

#include "accounts/session_store.hpp"
#include "app/platform.hpp"
#include "storage/open_database.hpp"
#include "storage/records.hpp"
#include "support/demo_database.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace imaginecole::testing {
namespace {

namespace json = boost::json;

// What a foreign caller must get.
enum class Expect {
  refused,  // 401, 403, 404 or the redirect to /signin
  no_leak,  // any answer below 500, without the target pupil's name
};

struct Row {
  std::string method;
  std::string pattern;
  std::string path;  // with $variables (see Targets::fill)
  std::string body;  // idem; a form body when it starts with "csrf_token=", else JSON
  Expect expect = Expect::refused;
  bool send_csrf = true;  // false for sign-out routes (they would end the caller's session)
};

constexpr std::string_view kPupilName = "Zéphyrine Matrice";
constexpr std::string_view kPupilUsername = "zephyrine.m";
constexpr std::string_view kQuestion =
    R"({"country": "SN", "type": "true_false", "name": "Vrai ou faux", "prompt": "La Terre est ronde.", "truth": true})";

// The table: one row per route of the platform.
const std::vector<Row>& matrix() {
  static const std::vector<Row> rows = {
      // Public pages and documents: anyone may read them; they never name a pupil.
      {"GET", "/", "/", "", Expect::no_leak},
      {"GET", "/c/{code}", "/c/SN", "", Expect::no_leak},
      {"GET", "/c/{code}/{level}", "/c/SN/cm2", "", Expect::no_leak},
      {"GET", "/c/{code}/{level}/{subject}", "/c/SN/cm2/mathematiques", "", Expect::no_leak},
      {"GET", "/c/{code}/{level}/{subject}/booklet", "/c/SN/cm2/mathematiques/booklet?format=a5",
       "", Expect::no_leak},
      // The OPDS catalogue of published ZIM files (public reading, as kiwix-serve's).
      {"GET", "/catalog/v2/root.xml", "/catalog/v2/root.xml", "", Expect::no_leak},
      {"GET", "/catalog/v2/entries", "/catalog/v2/entries?lang=fra", "", Expect::no_leak},
      {"GET", "/catalog/v2/partial_entries", "/catalog/v2/partial_entries", "", Expect::no_leak},
      {"GET", "/catalog/v2/entry/{uuid}", "/catalog/v2/entry/$uuid", "", Expect::no_leak},
      {"GET", "/catalog/v2/categories", "/catalog/v2/categories", "", Expect::no_leak},
      {"GET", "/catalog/v2/languages", "/catalog/v2/languages", "", Expect::no_leak},
      {"GET", "/catalog/v2/searchdescription.xml", "/catalog/v2/searchdescription.xml", "",
       Expect::no_leak},
      {"GET", "/catalog/v2/illustration/{uuid}", "/catalog/v2/illustration/$uuid", "",
       Expect::no_leak},
      {"GET", "/catalog/v2/download/{file}", "/catalog/v2/download/$uuid.zim", "", Expect::no_leak},
      {"GET", "/r/{id}", "/r/$uuid", "", Expect::no_leak},
      {"GET", "/search", "/search?q=Z%C3%A9phyrine", "", Expect::no_leak},
      {"GET", "/api/v1/search", "/api/v1/search?q=Z%C3%A9phyrine", "", Expect::no_leak},
      {"GET", "/api/v1/countries", "/api/v1/countries", "", Expect::no_leak},
      {"GET", "/api/v1/countries/{code}", "/api/v1/countries/SN", "", Expect::no_leak},
      {"GET", "/api/v1/countries/{code}/curriculum", "/api/v1/countries/SN/curriculum", "",
       Expect::no_leak},
      {"GET", "/api/v1/resources", "/api/v1/resources?country=SN", "", Expect::no_leak},
      {"GET", "/api/v1/resources/{id}", "/api/v1/resources/$uuid", "", Expect::no_leak},
      {"GET", "/static/{name}", "/static/site.css", "", Expect::no_leak},
      {"GET", "/lang/{code}", "/lang/en?next=/", "", Expect::no_leak},
      // Offline phones: the worker, the manifest and the "not kept" page name nobody.
      {"GET", "/sw.js", "/sw.js", "", Expect::no_leak},
      {"GET", "/manifest.webmanifest", "/manifest.webmanifest", "", Expect::no_leak},
      {"GET", "/offline", "/offline", "", Expect::no_leak},
      {"GET", "/healthz", "/healthz", "", Expect::no_leak},
      {"GET", "/metrics", "/metrics", "", Expect::no_leak},
      {"GET", "/media/{hash}", "/media/$hash", "", Expect::no_leak},
      {"GET", "/media/{hash}/{variant}", "/media/$hash/thumb", "", Expect::no_leak},
      // Signing in and out: answered for everybody, never with someone else's data.
      {"GET", "/signin", "/signin", "", Expect::no_leak},
      {"POST", "/signin", "/signin", "csrf_token=$csrf&username=inconnu&password=x",
       Expect::no_leak},
      {"POST", "/signout", "/signout", "csrf_token=wrong", Expect::no_leak, false},
      {"POST", "/api/v1/auth/login", "/api/v1/auth/login", "{}", Expect::no_leak},
      {"POST", "/api/v1/auth/logout", "/api/v1/auth/logout", "", Expect::no_leak, false},
      // One's own account: answers about the caller only.
      {"GET", "/api/v1/me", "/api/v1/me", "", Expect::no_leak},
      {"GET", "/account", "/account", "", Expect::no_leak},
      {"POST", "/account", "/account", "csrf_token=$csrf&action=revoke&session=$session",
       Expect::no_leak},
      {"PATCH", "/api/v1/me", "/api/v1/me", "{}", Expect::no_leak},
      {"POST", "/api/v1/me/password", "/api/v1/me/password", "{}", Expect::no_leak},
      {"GET", "/api/v1/me/sessions", "/api/v1/me/sessions", "", Expect::no_leak},
      {"DELETE", "/api/v1/me/sessions/{id}", "/api/v1/me/sessions/$session", "", Expect::refused},
      {"GET", "/me", "/me", "", Expect::no_leak},
      // Learning records: a caller records and reads only their own (staff are refused).
      {"POST", "/api/v1/attempts", "/api/v1/attempts",
       R"({"client_id": "$uuid", "resource": "$uuid", "question": "$uuid", "response": {}})",
       Expect::no_leak},
      {"POST", "/api/v1/attempts/batch", "/api/v1/attempts/batch", R"({"attempts": []})",
       Expect::no_leak},
      {"GET", "/api/v1/me/progress", "/api/v1/me/progress", "", Expect::no_leak},
      // The offline copy: the caller's own assignments only (staff are refused).
      {"GET", "/api/v1/me/offline", "/api/v1/me/offline", "", Expect::no_leak},
      // Learning paths: national ones are public, a school's are seen and edited only there;
      // "done" records are the caller's own. A national path of Senegal is made only by its
      // editors.
      {"GET", "/api/v1/paths", "/api/v1/paths?country=SN&level=cm2", "", Expect::no_leak},
      {"GET", "/api/v1/paths/{id}", "/api/v1/paths/$uuid", "", Expect::refused},
      {"POST", "/api/v1/paths/{id}/steps/{n}/done", "/api/v1/paths/$uuid/steps/1/done",
       R"({"client_id": "$uuid"})", Expect::refused},
      {"GET", "/parcours", "/parcours?country=SN&level=cm2", "", Expect::no_leak},
      {"GET", "/parcours/{id}", "/parcours/$uuid", "", Expect::refused},
      {"POST", "/parcours/{id}/etapes/{n}/lu", "/parcours/$uuid/etapes/1/lu",
       "csrf_token=$csrf&client_id=$uuid", Expect::refused},
      {"GET", "/edit/parcours/new", "/edit/parcours/new?country=SN&level=cm2", "", Expect::no_leak},
      {"POST", "/edit/parcours", "/edit/parcours",
       "csrf_token=$csrf&title=Intrus&level=cm2&country=SN&scope=national", Expect::refused},
      {"GET", "/edit/parcours/{id}", "/edit/parcours/$uuid", "", Expect::refused},
      {"POST", "/edit/parcours/{id}", "/edit/parcours/$uuid",
       "csrf_token=$csrf&action=remove&resource=$uuid", Expect::refused},
      // Exam practice: public papers; a forged paper is refused and nothing is recorded.
      {"GET", "/examens/{country}/{code}", "/examens/SN/CFEE", "", Expect::no_leak},
      {"GET", "/examens/{country}/{code}/epreuve", "/examens/SN/CFEE/epreuve?n=10&seed=1", "",
       Expect::no_leak},
      {"POST", "/examens/{country}/{code}/epreuve", "/examens/SN/CFEE/epreuve",
       "csrf_token=$csrf&seed=1&n=10&started=1&sig=x", Expect::no_leak},
      {"GET", "/examens/{country}/{code}/epreuve/booklet",
       "/examens/SN/CFEE/epreuve/booklet?n=10&seed=1", "", Expect::no_leak},
      {"GET", "/api/v1/me/assignments", "/api/v1/me/assignments", "", Expect::no_leak},
      {"GET", "/me/assignments", "/me/assignments", "", Expect::no_leak},
      // Teaching a class of Senegal: assignments, its report, a pupil's history, marking.
      {"GET", "/api/v1/classes/{id}/assignments", "/api/v1/classes/$class/assignments", "",
       Expect::refused},
      {"POST", "/api/v1/classes/{id}/assignments", "/api/v1/classes/$class/assignments",
       R"({"client_id": "$uuid", "resource": "$uuid"})", Expect::refused},
      {"POST", "/api/v1/classes/{id}/assignments/{assignment}",
       "/api/v1/classes/$class/assignments/$uuid", R"({"mode": "practice"})", Expect::refused},
      {"POST", "/api/v1/classes/{id}/assignments/{assignment}/cancel",
       "/api/v1/classes/$class/assignments/$uuid/cancel", "{}", Expect::refused},
      {"GET", "/api/v1/classes/{id}/report", "/api/v1/classes/$class/report", "", Expect::refused},
      {"POST", "/api/v1/attempts/{id}/mark", "/api/v1/attempts/$uuid/mark", R"({"score": 1})",
       Expect::refused},
      {"GET", "/classes/{id}/assignments", "/classes/$class/assignments", "", Expect::refused},
      {"POST", "/classes/{id}/assignments", "/classes/$class/assignments",
       "csrf_token=$csrf&client_id=$uuid&resource=$uuid", Expect::refused},
      {"GET", "/classes/{id}/assignments/{assignment}/edit",
       "/classes/$class/assignments/$uuid/edit", "", Expect::refused},
      {"POST", "/classes/{id}/assignments/{assignment}", "/classes/$class/assignments/$uuid",
       "csrf_token=$csrf&mode=practice", Expect::refused},
      {"GET", "/classes/{id}/assignments/{assignment}/cancel",
       "/classes/$class/assignments/$uuid/cancel", "", Expect::refused},
      {"POST", "/classes/{id}/assignments/{assignment}/cancel",
       "/classes/$class/assignments/$uuid/cancel", "csrf_token=$csrf&confirm=yes", Expect::refused},
      {"GET", "/classes/{id}/report", "/classes/$class/report", "", Expect::refused},
      {"GET", "/classes/{id}/pupils/{pupil}/history", "/classes/$class/pupils/$pupil/history", "",
       Expect::refused},
      {"GET", "/classes/{id}/marking", "/classes/$class/marking", "", Expect::refused},
      {"POST", "/classes/{id}/marking/{attempt}", "/classes/$class/marking/$uuid",
       "csrf_token=$csrf&points=5", Expect::refused},
      {"GET", "/classes/{id}/worksheets/{resource}", "/classes/$class/worksheets/$uuid", "",
       Expect::refused},
      // Catalogue editing of Senegal.
      {"POST", "/api/v1/countries/{code}/curriculum/nodes", "/api/v1/countries/SN/curriculum/nodes",
       R"({"kind": "cycle", "slug": "intrus", "name": "Intrus"})", Expect::refused},
      {"PATCH", "/api/v1/countries/{code}/curriculum/nodes/{id}",
       "/api/v1/countries/SN/curriculum/nodes/$node", R"({"name": "Intrus"})", Expect::refused},
      {"POST", "/api/v1/countries/{code}/placements", "/api/v1/countries/SN/placements",
       R"({"resource_id": "$uuid", "node_id": "$node"})", Expect::refused},
      {"PATCH", "/api/v1/countries/{code}/placements/{id}", "/api/v1/countries/SN/placements/$uuid",
       R"({"hidden": true})", Expect::refused},
      {"GET", "/admin/c/{code}/curriculum", "/admin/c/SN/curriculum", "", Expect::refused},
      {"POST", "/admin/c/{code}/curriculum", "/admin/c/SN/curriculum",
       "csrf_token=$csrf&node=$node&action=retire&confirm=yes", Expect::refused},
      {"GET", "/admin/c/{code}/curriculum/retire", "/admin/c/SN/curriculum/retire?node=$node", "",
       Expect::refused},
      // Users of Senegal: lists answer with the caller's own scope only; changes refuse.
      {"GET", "/admin/users", "/admin/users?q=z%C3%A9phyrine", "", Expect::no_leak},
      {"GET", "/api/v1/users", "/api/v1/users?scope=school:DKR001", "", Expect::no_leak},
      {"POST", "/admin/users", "/admin/users",
       "csrf_token=$csrf&action=disable&user=$pupil&confirm=yes", Expect::refused},
      {"GET", "/admin/users/confirm", "/admin/users/confirm?action=disable&user=$pupil", "",
       Expect::refused},
      {"POST", "/api/v1/users", "/api/v1/users",
       R"({"username": "intrus", "password": "long-enough-1", "role": "teacher", "scope": "class:$class"})",
       Expect::refused},
      {"PATCH", "/api/v1/users/{id}", "/api/v1/users/$teacher", R"({"disabled": true})",
       Expect::refused},
      {"POST", "/api/v1/users/{id}/grants", "/api/v1/users/$teacher/grants",
       R"({"role": "teacher", "scope": "school:DKR001"})", Expect::refused},
      {"DELETE", "/api/v1/users/{id}/grants/{grant}", "/api/v1/users/$teacher/grants/$grant", "",
       Expect::refused},
      // Schools and classes of Senegal.
      {"GET", "/admin/schools", "/admin/schools?country=SN", "", Expect::no_leak},
      {"POST", "/admin/schools", "/admin/schools",
       "csrf_token=$csrf&country=SN&code=INTRUS1&name=Intrus", Expect::refused},
      {"GET", "/admin/schools/{code}", "/admin/schools/DKR001", "", Expect::refused},
      {"POST", "/admin/schools/{code}", "/admin/schools/DKR001",
       "csrf_token=$csrf&action=add_class&name=Intrus&level=cm2", Expect::refused},
      {"GET", "/api/v1/schools", "/api/v1/schools?country=SN", "", Expect::no_leak},
      {"POST", "/api/v1/schools", "/api/v1/schools",
       R"({"country": "SN", "code": "INTRUS2", "name": "Intrus"})", Expect::refused},
      {"GET", "/api/v1/schools/{code}", "/api/v1/schools/DKR001", "", Expect::refused},
      {"PATCH", "/api/v1/schools/{code}", "/api/v1/schools/DKR001", R"({"name": "Intrus"})",
       Expect::refused},
      {"POST", "/api/v1/schools/{code}/classes", "/api/v1/schools/DKR001/classes",
       R"({"name": "Intrus"})", Expect::refused},
      {"PATCH", "/api/v1/schools/{code}/classes/{id}", "/api/v1/schools/DKR001/classes/$class",
       R"({"name": "Intrus"})", Expect::refused},
      // The audit log of Senegal's scopes.
      {"GET", "/admin/audit", "/admin/audit?scope=school:DKR001", "", Expect::refused},
      {"GET", "/api/v1/audit", "/api/v1/audit?scope=country:SN", "", Expect::refused},
      // A pupil of CM2 A: export and deletion.
      {"GET", "/api/v1/pupils/{id}/export", "/api/v1/pupils/$pupil/export", "", Expect::refused},
      {"DELETE", "/api/v1/pupils/{id}", "/api/v1/pupils/$pupil", "", Expect::refused},
      {"GET", "/admin/pupils/{id}", "/admin/pupils/$pupil", "", Expect::refused},
      {"GET", "/admin/pupils/{id}/delete", "/admin/pupils/$pupil/delete", "", Expect::refused},
      {"GET", "/admin/pupils/{id}/deleted", "/admin/pupils/$pupil/deleted", "", Expect::no_leak},
      {"POST", "/admin/pupils/{id}/delete", "/admin/pupils/$pupil/delete",
       "csrf_token=$csrf&confirmed=yes", Expect::refused},
      // Classes of DKR001 as teachers see them: CM2 A's pupils, cards, join codes, requests.
      {"GET", "/classes", "/classes", "", Expect::no_leak},
      {"GET", "/classes/{id}", "/classes/$class", "", Expect::refused},
      {"GET", "/classes/{id}/cards", "/classes/$class/cards", "", Expect::refused},
      {"GET", "/classes/{id}/skills", "/classes/$class/skills", "", Expect::refused},
      {"POST", "/classes/{id}/pupils", "/classes/$class/pupils",
       "csrf_token=$csrf&display_name=Intrus&password=secret-123", Expect::refused},
      {"GET", "/classes/{id}/cards/new", "/classes/$class/cards/new", "", Expect::refused},
      {"GET", "/classes/{id}/reset", "/classes/$class/reset?pupil=$pupil&what=password", "",
       Expect::refused},
      {"POST", "/classes/{id}/reset", "/classes/$class/reset",
       "csrf_token=$csrf&pupil=$pupil&what=password&confirm=yes", Expect::refused},
      {"GET", "/classes/{id}/join-code", "/classes/$class/join-code?action=close", "",
       Expect::refused},
      {"POST", "/classes/{id}/join-code", "/classes/$class/join-code",
       "csrf_token=$csrf&action=open", Expect::refused},
      {"GET", "/classes/{id}/requests/decline", "/classes/$class/requests/decline?request=$uuid",
       "", Expect::refused},
      {"POST", "/classes/{id}/requests", "/classes/$class/requests",
       "csrf_token=$csrf&request=$uuid&decision=approve", Expect::refused},
      {"GET", "/api/v1/classes", "/api/v1/classes", "", Expect::no_leak},
      {"GET", "/api/v1/classes/{id}/pupils", "/api/v1/classes/$class/pupils", "", Expect::refused},
      {"POST", "/api/v1/classes/{id}/pupils", "/api/v1/classes/$class/pupils",
       R"({"display_name": "Intrus", "password": "secret-123"})", Expect::refused},
      {"GET", "/api/v1/classes/{id}/join-requests", "/api/v1/classes/$class/join-requests", "",
       Expect::refused},
      {"POST", "/api/v1/classes/{id}/join-code", "/api/v1/classes/$class/join-code",
       R"({"action": "open"})", Expect::refused},
      {"POST", "/api/v1/classes/{id}/join-requests/{request}/approve",
       "/api/v1/classes/$class/join-requests/$uuid/approve", "{}", Expect::refused},
      {"POST", "/api/v1/classes/{id}/join-requests/{request}/decline",
       "/api/v1/classes/$class/join-requests/$uuid/decline", "{}", Expect::refused},
      {"POST", "/api/v1/pupils/{id}/reset", "/api/v1/pupils/$pupil/reset",
       R"({"password": "secret-456"})", Expect::refused},
      {"GET", "/classes/{id}/import", "/classes/$class/import", "", Expect::refused},
      {"GET", "/classes/{id}/import/result", "/classes/$class/import/result", "", Expect::refused},
      {"POST", "/classes/{id}/import", "/classes/$class/import",
       "csrf_token=$csrf&step=confirm&csv=nom%3Bprenom%0AIntrus%3BEve", Expect::refused},
      {"POST", "/api/v1/classes/{id}/roster", "/api/v1/classes/$class/roster",
       "nom,prenom\nIntrus,Eve", Expect::refused},
      // Pupils' own doors: answered for everybody, naming nobody; a wrong join code writes
      // nothing.
      {"GET", "/signin/pictures", "/signin/pictures", "", Expect::no_leak},
      {"POST", "/signin/pictures", "/signin/pictures",
       "csrf_token=$csrf&school=DKR001&username=inconnu&sequence=1-2&pick=3", Expect::no_leak},
      {"GET", "/join", "/join", "", Expect::no_leak},
      {"POST", "/join", "/join",
       "csrf_token=$csrf&code=ZZZZZZ&display_name=Intrus&username=intrus&password=secret-123",
       Expect::no_leak},
      {"POST", "/api/v1/join", "/api/v1/join",
       R"({"code": "ZZZZZZ", "display_name": "Intrus", "username": "intrus", "password": "secret-123"})",
       Expect::no_leak},
      // A school server pairing with the hub: the one-time code is the credential; a call
      // without one writes nothing.
      {"POST", "/api/v1/sync/pair", "/api/v1/sync/pair", "{}", Expect::no_leak},
      // A school server's network sync: only a batch sealed by a paired school server's key is
      // read; anybody else's body is refused as not a sealed batch, whoever calls.
      {"POST", "/api/v1/sync/exchange", "/api/v1/sync/exchange", "{}", Expect::no_leak},
      // Sync health (decision 0049): the box's page shows only a box's own school to those who
      // manage its classes (here the server is paired with no hub: it says so and names no
      // school); the hub's list shows only the schools each admin manages (none paired here).
      {"GET", "/admin/sync", "/admin/sync", "", Expect::no_leak},
      {"GET", "/api/v1/sync/health", "/api/v1/sync/health", "", Expect::no_leak},
      {"GET", "/admin/sync/schools", "/admin/sync/schools", "", Expect::no_leak},
      {"GET", "/api/v1/sync/schools", "/api/v1/sync/schools", "", Expect::no_leak},
      // Media: uploads are nobody's scoped data, but an empty upload writes nothing, and an
      // unknown file is 404 for everybody.
      {"POST", "/api/v1/media", "/api/v1/media", "", Expect::no_leak},
      {"GET", "/api/v1/media/{hash}", "/api/v1/media/$hash", "", Expect::refused},
      {"GET", "/edit/media", "/edit/media", "", Expect::no_leak},
      {"GET", "/edit/media/pick", "/edit/media/pick?for=$draft", "", Expect::no_leak},
      {"GET", "/api/v1/media", "/api/v1/media?type=image", "", Expect::no_leak},
      {"POST", "/edit/media", "/edit/media", "csrf_token=$csrf", Expect::no_leak},
      {"GET", "/edit/media/{hash}", "/edit/media/$hash", "", Expect::refused},
      {"DELETE", "/api/v1/media/{hash}", "/api/v1/media/$hash", "", Expect::refused},
      {"POST", "/edit/media/{hash}/delete", "/edit/media/$hash/delete",
       "csrf_token=$csrf&confirm=1", Expect::refused},
      // Authoring: a Senegalese editor's draft and a CM2 A teacher's class resource.
      {"GET", "/edit", "/edit", "", Expect::no_leak},
      {"GET", "/edit/resources/new", "/edit/resources/new", "", Expect::no_leak},
      {"POST", "/edit/resources/new", "/edit/resources/new",
       "csrf_token=$csrf&country=SN&class=$class&title=Intrus&body=x&kind=lesson&language=fr&"
       "audience=pupil&licence=CC-BY-4.0",
       Expect::refused},
      {"GET", "/edit/resources/{id}", "/edit/resources/$draft", "", Expect::refused},
      {"POST", "/edit/resources/{id}", "/edit/resources/$draft",
       "csrf_token=$csrf&title=Intrus&body=x&kind=lesson&language=fr&audience=pupil&"
       "licence=CC-BY-4.0",
       Expect::refused},
      {"POST", "/edit/resources/{id}/insert-image", "/edit/resources/$draft/insert-image",
       "csrf_token=$csrf&hash=$hash&alt=Intrus", Expect::refused},
      {"GET", "/edit/resources/{id}/review", "/edit/resources/$draft/review", "", Expect::refused},
      {"POST", "/edit/resources/{id}/review", "/edit/resources/$draft/review",
       "csrf_token=$csrf&action=publish&comment=ok", Expect::refused},
      {"GET", "/edit/resources/{id}/unpublish", "/edit/resources/$draft/unpublish", "",
       Expect::refused},
      {"GET", "/edit/resources/{id}/history", "/edit/resources/$draft/history", "",
       Expect::refused},
      {"GET", "/edit/resources/{id}/diff", "/edit/resources/$draft/diff?from=1&to=1", "",
       Expect::refused},
      {"POST", "/edit/adapt", "/edit/adapt", "csrf_token=$csrf&resource=/r/$draft",
       Expect::no_leak},
      {"GET", "/class-resources", "/class-resources", "", Expect::no_leak},
      {"GET", "/class-resources/{id}", "/class-resources/$class_resource", "", Expect::refused},
      {"POST", "/api/v1/resources/{id}/share", "/api/v1/resources/$class_resource/share", "{}",
       Expect::refused},
      {"POST", "/api/v1/preview", "/api/v1/preview", R"({"body": "**Intrus**"})", Expect::no_leak},
      {"POST", "/api/v1/drafts", "/api/v1/drafts",
       R"({"country": "SN", "class_id": "$class", "title": "Intrus", "body": "x"})",
       Expect::refused},
      {"PUT", "/api/v1/resources/{id}/draft", "/api/v1/resources/$draft/draft",
       R"({"title": "Intrus", "body": "x"})", Expect::refused},
      {"POST", "/api/v1/resources/{id}/submit", "/api/v1/resources/$draft/submit", "{}",
       Expect::refused},
      {"POST", "/api/v1/resources/{id}/send-back", "/api/v1/resources/$draft/send-back",
       R"({"comment": "non"})", Expect::refused},
      {"POST", "/api/v1/resources/{id}/publish", "/api/v1/resources/$draft/publish", "{}",
       Expect::refused},
      {"POST", "/api/v1/resources/{id}/unpublish", "/api/v1/resources/$draft/unpublish", "{}",
       Expect::refused},
      {"POST", "/api/v1/resources/{id}/adapt", "/api/v1/resources/$draft/adapt", "{}",
       Expect::refused},
      {"GET", "/api/v1/resources/{id}/versions", "/api/v1/resources/$draft/versions", "",
       Expect::refused},
      {"GET", "/api/v1/resources/{id}/diff", "/api/v1/resources/$draft/diff?from=1&to=1", "",
       Expect::refused},
      // The question bank of Senegal and its exercise sets; the public player.
      {"GET", "/edit/questions", "/edit/questions?country=SN", "", Expect::refused},
      {"GET", "/edit/questions/new", "/edit/questions/new?country=SN", "", Expect::refused},
      {"POST", "/edit/questions/new", "/edit/questions/new?country=SN",
       "csrf_token=$csrf&type=ordering&prompt=Intrus&item0=a&item1=b&action=save", Expect::refused},
      {"GET", "/edit/resources/{id}/questions", "/edit/resources/$draft/questions", "",
       Expect::refused},
      {"GET", "/edit/resources/{id}/questions/remove",
       "/edit/resources/$draft/questions/remove?question=$question", "", Expect::refused},
      {"POST", "/edit/resources/{id}/questions", "/edit/resources/$draft/questions",
       "csrf_token=$csrf&action=add&question=$question", Expect::refused},
      {"GET", "/api/v1/questions", "/api/v1/questions?country=SN", "", Expect::no_leak},
      {"POST", "/api/v1/questions", "/api/v1/questions",
       R"({"country": "SN", "type": "true_false", "name": "Intrus", "prompt": "x", "truth": true})",
       Expect::refused},
      {"GET", "/api/v1/questions/{id}", "/api/v1/questions/$question", "", Expect::refused},
      {"PUT", "/api/v1/questions/{id}", "/api/v1/questions/$question", R"({"name": "Intrus"})",
       Expect::refused},
      {"PUT", "/api/v1/resources/{id}/questions", "/api/v1/resources/$draft/questions",
       R"({"question_ids": []})", Expect::refused},
      {"GET", "/edit/questions/import", "/edit/questions/import", "", Expect::no_leak},
      {"GET", "/edit/questions/import/report", "/edit/questions/import/report", "",
       Expect::no_leak},
      {"POST", "/edit/questions/import", "/edit/questions/import",
       "csrf_token=$csrf&country=SN&format=gift&text=Intrus%20%7BT%7D", Expect::refused},
      {"GET", "/edit/questions/{id}", "/edit/questions/$question", "", Expect::refused},
      {"POST", "/edit/questions/{id}", "/edit/questions/$question", "csrf_token=$csrf&name=Intrus",
       Expect::refused},
      {"POST", "/edit/questions/{id}/skills", "/edit/questions/$question/skills",
       "csrf_token=$csrf&skill=$node", Expect::refused},
      {"GET", "/r/{id}/exercise", "/r/$uuid/exercise", "", Expect::no_leak},
      {"POST", "/r/{id}/exercise", "/r/$uuid/exercise", "csrf_token=$csrf&q0=1", Expect::no_leak},
  };
  return rows;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string cookie_value(const HttpResponse& response, const std::string& name) {
  for (const auto& [header, value] : response.headers) {
    if (header == "set-cookie" && value.starts_with(name + "=")) {
      return value.substr(name.size() + 1, value.find(';') - name.size() - 1);
    }
  }
  return {};
}

struct Caller {
  std::string label;
  std::string cookie;  // empty: signed out
  std::string csrf;
};

class IsolationMatrix : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = std::make_unique<TempDir>();
    const std::string dir = data_->path().string();
    copy_demo_data_folder(data_->path());
    {
      app::PlatformOptions options;
      options.database.data_dir = data_->path();
      app::Platform platform(options);
      for (const auto& route : platform.router().routes()) {
        routes_.emplace_back(std::string(http::method_name(route.method)), route.pattern);
      }
      prepare(platform);
    }
    server_ = std::make_unique<ServerProcess>(ServerProcess::start({"--data", dir}));
    target_session_ = sign_in(R"({"username": "sn.teacher", "password": "ecole-demo"})");
    vars_["$session"] = accounts::session_id_of(target_session_.cookie);
    // Senegal's drafts: an editor's lesson, a teacher's resource for CM2 A, a question.
    const Caller editor = sign_in(R"({"username": "sn.editor", "password": "ecole-demo"})");
    vars_["$draft"] =
        create(editor, "/api/v1/drafts",
               R"({"country": "SN", "title": "Brouillon du Sénégal", "body": "Texte"})");
    vars_["$class_resource"] =
        create(target_session_, "/api/v1/drafts",
               R"({"class_id": ")" + vars_["$class"] + R"(", "title": "Pour CM2 A", "body": "x"})");
    // Shared with CM2 A, so that its pupils could read it: the others still may not.
    const auto shared = http_request(server_->port(), "POST",
                                     "/api/v1/resources/" + vars_["$class_resource"] + "/share",
                                     {{"Content-Type", "application/json"},
                                      {"Cookie", "imaginecole_session=" + target_session_.cookie},
                                      {"X-CSRF-Token", target_session_.csrf}},
                                     "{}");
    EXPECT_EQ(shared.status, 200) << shared.body;
    // An image of Senegal's teacher: the media routes are tried on a file that exists.
    const auto uploaded = http_request(server_->port(), "POST", "/api/v1/media",
                                       {{"Cookie", "imaginecole_session=" + target_session_.cookie},
                                        {"X-CSRF-Token", target_session_.csrf},
                                        {"X-Filename", "classe.png"}},
                                       pixel_png());
    EXPECT_EQ(uploaded.status, 201) << uploaded.body;
    if (uploaded.status == 201) {
      vars_["$hash"] = std::string(json::parse(uploaded.body).at("hash").as_string());
    }
    vars_["$question"] = create(editor, "/api/v1/questions", std::string(kQuestion));
    callers_.push_back(Caller{"signed out", "", ""});
    for (const std::string staff :
         {"ml.admin", "ci.admin", "ci.head", "ci.teacher", "ci.analyst", "ci.editor", "ci.reviewer",
          "sn.head2", "sn.teacher2", "sn.analyst"}) {
      Caller caller = sign_in(R"({"username": ")" + staff + R"(", "password": "ecole-demo"})");
      caller.label = staff;
      callers_.push_back(caller);
    }
    for (const auto& [school, pupil] : std::vector<std::pair<std::string, std::string>>{
             {"ABJ001", "aya"}, {"DKR001", "other.pupil"}}) {
      Caller caller = sign_in(R"({"username": ")" + pupil +
                              R"(", "password": "soleil", "school": ")" + school + R"("})");
      caller.label = pupil + "@" + school;
      callers_.push_back(caller);
    }
  }

  static void TearDownTestSuite() {
    server_.reset();
    data_.reset();
    callers_.clear();
    routes_.clear();
  }

  // The foreign accounts and the targets, written before the server starts.
  static void prepare(app::Platform& platform) {
    auto& accounts = platform.accounts();
    const auto dkr = accounts.schools().school_by_code("DKR001");
    ASSERT_TRUE(dkr);
    const auto target_class = accounts.schools().classes_of(dkr->id).front();
    vars_["$class"] = target_class.id;
    {
      auto connection = platform.database().write();
      storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
      accounts::SchoolClass other{.id = {},
                                  .school_id = dkr->id,
                                  .name = "CM2 Z",
                                  .level_slug = "cm2",
                                  .join_code = std::nullopt};
      accounts.schools().insert_class(*connection, other);
      vars_["$other_class"] = other.id;
      accounts::School second{.id = {},
                              .code = "DKR002",
                              .region_id = std::nullopt,
                              .country_code = "SN",
                              .name = "Deuxième école"};
      accounts.schools().insert_school(*connection, second);
      transaction.commit();
    }
    auto add = [&](std::string username, std::string display, std::string role, std::string scope,
                   std::string password) {
      accounts::NewUser request;
      request.username = std::move(username);
      request.display_name = std::move(display);
      request.role = std::move(role);
      request.scope = std::move(scope);
      request.password = std::move(password);
      auto result = accounts.provisioning().add(request);
      EXPECT_TRUE(result) << result.error();
      return result ? result.value().id : std::string();
    };
    add("ml.admin", "Admin Mali", "country_admin", "country:ML", "ecole-demo");
    add("sn.head2", "Chef DKR002", "school_head", "school:DKR002", "ecole-demo");
    add("sn.teacher2", "Enseignant CM2 Z", "teacher", "class:" + vars_["$other_class"],
        "ecole-demo");
    add("other.pupil", "Élève CM2 Z", "pupil", "class:" + vars_["$other_class"], "soleil");
    vars_["$pupil"] = add(std::string(kPupilUsername), std::string(kPupilName), "pupil",
                          "class:" + vars_["$class"], "soleil");
    const auto teacher = accounts.users().staff_by_username("sn.teacher");
    vars_["$teacher"] = teacher->id;
    vars_["$grant"] = accounts.users().grants_of(teacher->id).front().id;
    const auto curriculum = platform.curricula().curriculum("SN");
    vars_["$node"] = curriculum->nodes.front().id;
    vars_["$uuid"] = "01890a5d-ac96-774b-bcce-b302099a8057";
    vars_["$hash"] = std::string(64, 'a');
  }

  // A 1×1 PNG that the media library accepts.
  static std::string pixel_png() {
    static constexpr unsigned char kBytes[] = {
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
        0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
        0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78,
        0xda, 0x63, 0xf8, 0xdf, 0xc0, 0x00, 0x00, 0x04, 0x01, 0x01, 0x80, 0xfb, 0xd7, 0xcb,
        0xf1, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
    return std::string(reinterpret_cast<const char*>(kBytes), sizeof kBytes);
  }

  static Caller sign_in(const std::string& body) {
    const auto response = http_request(server_->port(), "POST", "/api/v1/auth/login",
                                       {{"Content-Type", "application/json"}}, body);
    EXPECT_EQ(response.status, 200) << body << response.body;
    Caller caller;
    caller.cookie = cookie_value(response, "imaginecole_session");
    if (response.status == 200) {
      caller.csrf = std::string(json::parse(response.body).at("csrf_token").as_string());
    }
    return caller;
  }

  // POSTs a JSON document as `caller` and returns the "id" of what it created.
  static std::string create(const Caller& caller, const std::string& path,
                            const std::string& body) {
    const auto response = http_request(server_->port(), "POST", path,
                                       {{"Content-Type", "application/json"},
                                        {"Cookie", "imaginecole_session=" + caller.cookie},
                                        {"X-CSRF-Token", caller.csrf}},
                                       body);
    EXPECT_EQ(response.status, 201) << path << ": " << response.body;
    if (response.status != 201) {
      return "missing";
    }
    return std::string(json::parse(response.body).at("id").as_string());
  }

  static std::string fill(std::string text, const Caller& caller) {
    text = replace_all(std::move(text), "$csrf", caller.csrf.empty() ? "none" : caller.csrf);
    for (const auto& [name, value] : vars_) {
      text = replace_all(std::move(text), name, value);
    }
    return text;
  }

  static std::int64_t last_change() {
    storage::DatabaseConfig config;
    config.data_dir = data_->path();
    const auto database = storage::open_database(config);
    auto connection = database->read();
    return connection->query_one("SELECT COALESCE(MAX(seq), 0) FROM change_log")->integer(0);
  }

  static std::unique_ptr<TempDir> data_;
  static std::unique_ptr<ServerProcess> server_;
  static std::vector<std::pair<std::string, std::string>> routes_;
  static std::map<std::string, std::string> vars_;
  static std::vector<Caller> callers_;
  static Caller target_session_;
};

std::unique_ptr<TempDir> IsolationMatrix::data_;
std::unique_ptr<ServerProcess> IsolationMatrix::server_;
std::vector<std::pair<std::string, std::string>> IsolationMatrix::routes_;
std::map<std::string, std::string> IsolationMatrix::vars_;
std::vector<Caller> IsolationMatrix::callers_;
Caller IsolationMatrix::target_session_;

TEST_F(IsolationMatrix, EveryRouteHasARow) {
  ASSERT_GE(routes_.size(), 40U);
  for (const auto& route : routes_) {
    // Not a structured binding: clang-tidy's clang 14 cannot capture those in a lambda.
    const auto& [method, pattern] = route;
    const bool listed = std::any_of(matrix().begin(), matrix().end(), [&route](const Row& row) {
      return row.method == route.first && row.pattern == route.second;
    });
    EXPECT_TRUE(listed) << "add " << method << " " << pattern << " to the isolation matrix";
  }
  // And no row for a route that is gone (the table stays true).
  for (const Row& row : matrix()) {
    const bool exists = std::find(routes_.begin(), routes_.end(),
                                  std::pair(row.method, row.pattern)) != routes_.end();
    EXPECT_TRUE(exists) << row.method << " " << row.pattern << " is no longer a route";
  }
}

TEST_F(IsolationMatrix, ForeignScopesAreRefusedAndSeeNoPupilName) {
  ASSERT_EQ(callers_.size(), 13U);
  const std::int64_t before = last_change();
  std::size_t calls = 0;
  for (const Row& row : matrix()) {
    for (const Caller& caller : callers_) {
      const std::string path = fill(row.path, caller);
      const std::string body = fill(row.body, caller);
      Headers headers;
      if (!caller.cookie.empty()) {
        headers.emplace_back("Cookie", "imaginecole_session=" + caller.cookie);
        if (row.send_csrf) {
          headers.emplace_back("X-CSRF-Token", caller.csrf);
        }
      }
      if (!body.empty()) {
        headers.emplace_back("Content-Type", body.starts_with("csrf_token=")
                                                 ? "application/x-www-form-urlencoded"
                                                 : "application/json");
      }
      const auto response = http_request(server_->port(), row.method, path, headers, body);
      ++calls;
      const std::string what = row.method + " " + path + " as " + caller.label;
      EXPECT_LT(response.status, 500) << what << ": " << response.body.substr(0, 300);
      EXPECT_EQ(response.body.find(kPupilName), std::string::npos) << what;
      EXPECT_EQ(response.body.find(kPupilUsername), std::string::npos) << what;
      if (row.expect == Expect::refused) {
        const bool to_signin = response.status == 303 && caller.cookie.empty() &&
                               response.header("location").value_or("").starts_with("/signin");
        EXPECT_TRUE(response.status == 401 || response.status == 403 || response.status == 404 ||
                    to_signin)
            << what << " answered " << response.status << ": " << response.body.substr(0, 300);
      }
    }
  }
  EXPECT_EQ(last_change(), before) << "a refused or read-only call wrote something";
  // The target's session and account are intact.
  const auto me = http_get(server_->port(), "/api/v1/me",
                           {{"Cookie", "imaginecole_session=" + target_session_.cookie}});
  EXPECT_EQ(me.status, 200);
  EXPECT_GT(calls, 500U);
}

// The owners of the targets do reach them: the matrix's sample values point at real records.
TEST_F(IsolationMatrix, TheTargetsExistForTheirOwners) {
  const Caller admin = sign_in(R"({"username": "sn.admin", "password": "ecole-demo"})");
  const Headers headers = {{"Cookie", "imaginecole_session=" + admin.cookie}};
  for (const std::string path :
       {"/admin/schools/DKR001", "/api/v1/schools/DKR001", "/api/v1/pupils/$pupil/export",
        "/admin/pupils/$pupil", "/api/v1/audit?scope=country:SN"}) {
    const auto response = http_get(server_->port(), fill(path, admin), headers);
    EXPECT_EQ(response.status, 200) << path << ": " << response.body.substr(0, 300);
  }
  const auto export_response =
      http_get(server_->port(), fill("/api/v1/pupils/$pupil/export", admin), headers);
  EXPECT_NE(export_response.body.find(kPupilName), std::string::npos);
}

}  // namespace
}  // namespace imaginecole::testing
