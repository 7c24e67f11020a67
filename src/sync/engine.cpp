// SPDX-License-Identifier: AGPL-3.0-or-later
#include "sync/engine.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <set>
#include <tuple>

#include "accounts/account_withdrawal.hpp"
#include "core/clock.hpp"
#include "core/version.hpp"
#include "storage/node_identity.hpp"
#include "storage/peer_records.hpp"
#include "storage/records.hpp"
#include "sync/engine_payload.hpp"
#include "sync/engine_rows.hpp"
#include "sync/peer_cursors.hpp"
#include "sync/peers.hpp"
#include "sync/sync_scope.hpp"

namespace imaginecole::sync {
namespace json = boost::json;
namespace {

// A line's scope reaches the school: its own lines, its country's, everyone's.
bool line_reaches_school(const storage::FeedLine& line, const PeerScope& school) {
  if (line.school) {
    return *line.school == school.school;
  }
  return !line.country || *line.country == school.country;
}

// A line a school may send: its own lines, and drafts for its country's review.
bool line_leaves_school(const storage::FeedLine& line, const EntityRule& rule,
                        const PeerScope& school) {
  if (line.school) {
    return *line.school == school.school;
  }
  return rule.draft_only_up && line.country == school.country;
}

void add_media_hashes(const EntityRule& rule, const RowValues& row, std::vector<std::string>& small,
                      std::vector<std::string>& large) {
  if (rule.name == "media") {
    json::error_code ec;
    const auto renditions = json::parse(row.text("renditions").value_or("[]"), ec);
    if (!ec && renditions.is_array()) {
      for (const auto& rendition : renditions.get_array()) {
        const auto* object = rendition.if_object();
        const auto* hash = object == nullptr ? nullptr : object->if_contains("hash");
        if (hash != nullptr && hash->is_string()) {
          small.emplace_back(hash->get_string());
        }
      }
    }
    if (auto hash = row.text("hash")) {
      large.push_back(*hash);
    }
  } else if (auto hash = row.text("media_hash"); hash && !hash->empty()) {
    large.push_back(*hash);
  }
}

// What a box tells its hub about itself (the hub's list of schools shows it).
std::string box_health(storage::Connection& connection, const std::string& epoch,
                       const PeerScope& hub, const std::string& school_id) {
  json::object counts;
  for (const auto& [name, sql] :
       {std::pair{"pupils", "SELECT COUNT(*) FROM users WHERE kind = 'pupil' AND school_id = ?"},
        std::pair{"attempts", "SELECT COUNT(*) FROM attempts WHERE school_id = ?"},
        std::pair{"classes", "SELECT COUNT(*) FROM classes WHERE school_id = ?"}}) {
    counts[name] = connection.query_one(sql, {school_id})->integer(0);
  }
  json::object health{{"version", kVersion}, {"counts", std::move(counts)}};
  const auto peer = peer_cursors(connection, hub.node_id);
  health["last_sync_cursor"] = peer ? json::value(peer->read_cursor) : json::value(nullptr);
  // The box's clock (the hub compares it with its own), its last good sync and last error,
  // and how many of its change-log lines the hub has not acknowledged yet.
  health["clock"] = core::now_timestamp();
  if (const auto row = connection.query_one(
          "SELECT last_sync_at, last_error FROM sync_peers WHERE peer_node = ?", {hub.node_id})) {
    health["last_sync_at"] = row->text(0);
    health["last_error"] = row->text(1);
  }
  // Counted from the feed, up to a bound (a box far behind says "at least" that many).
  constexpr auto kPendingBound = static_cast<std::size_t>(kPendingUpBound);
  std::optional<storage::FeedCursor> acked;
  if (peer) {
    acked = storage::FeedCursor::parse(peer->acked_cursor);
  }
  try {
    health["pending_up"] = static_cast<std::int64_t>(
        storage::read_changes(connection, epoch, acked, {}, kPendingBound).lines.size());
  } catch (const storage::StaleCursor&) {
    health["pending_up"] = static_cast<std::int64_t>(
        storage::read_changes(connection, epoch, std::nullopt, {}, kPendingBound).lines.size());
  }
  if (connection.backend() == storage::Backend::sqlite) {
    if (auto file =
            connection.query_one("SELECT file FROM pragma_database_list WHERE name = 'main'")) {
      std::error_code ec;
      const auto space =
          std::filesystem::space(std::filesystem::path(file->text(0)).parent_path(), ec);
      if (!ec) {
        health["disk_free_bytes"] = static_cast<std::int64_t>(space.available);
      }
      std::int64_t data_bytes = 0;
      for (const char* suffix : {"", "-wal"}) {
        const auto size = std::filesystem::file_size(file->text(0) + suffix, ec);
        data_bytes += ec ? 0 : static_cast<std::int64_t>(size);
      }
      health["data_bytes"] = data_bytes;
    }
  }
  return json::serialize(health);
}

}  // namespace

std::string collect_outgoing(storage::Database& database, const PeerScope& peer,
                             const std::optional<storage::FeedCursor>& since, std::size_t limit) {
  limit = std::max<std::size_t>(limit, 1);
  const auto identity = storage::load_node_identity(database);
  auto connection = database.read();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::read);
  // Sending to a school: this server is its hub. Sending to a hub: this server is the school.
  const bool down = peer.role == PeerRole::school;
  const auto school_id = school_id_of(*connection, peer.school);
  if (!school_id) {
    if (down) {
      throw InvalidInput("there is no school " + peer.school + " on this server");
    }
  }
  Payload payload;
  payload.header = {.version = kPayloadVersion,
                    .sender_node = identity.node_id,
                    .sender_epoch = identity.epoch,
                    .sender_role = std::string(role_name(down ? PeerRole::hub : PeerRole::school)),
                    .receiver_node = peer.node_id,
                    .since = since ? since->text() : ""};
  if (const auto cursors = peer_cursors(*connection, peer.node_id)) {
    payload.header.ack = cursors->read_cursor;
  }
  std::vector<std::string> small_media;
  std::vector<std::string> large_media;
  std::set<std::string> sent;  // entity + id: a row changed twice goes once, as it is now
  std::optional<storage::FeedCursor> from = since;
  storage::FeedCursor next = since.value_or(storage::FeedCursor{.epoch = identity.epoch});
  // Lines of other schools and countries are read and passed over: bound the work per call.
  std::size_t budget = std::max<std::size_t>(limit * 20, 2000);
  bool full = false;
  while (!full && budget > 0) {
    const auto page = storage::read_changes(*connection, identity.epoch, from, {}, limit);
    for (const auto& line : page.lines) {
      if (payload.rows.size() >= limit) {
        full = true;
        break;
      }
      next = line.cursor;
      --budget;
      const EntityRule* rule = find_entity_rule(line.entity);
      if (rule == nullptr || !(down ? rule->down : rule->up) || !school_id) {
        continue;
      }
      if (down ? !line_reaches_school(line, peer) : !line_leaves_school(line, *rule, peer)) {
        continue;
      }
      const std::string seen_key = line.entity + "\n" + line.id;
      if (sent.count(seen_key) != 0) {
        continue;
      }
      auto row = read_row(*connection, *rule, line.id);
      if (!row) {
        if (line.op == "delete") {
          sent.insert(seen_key);
          const bool erased = storage::is_erased(*connection, line.entity, line.id);
          payload.rows.push_back({.entity = line.entity,
                                  .id = line.id,
                                  .op = erased ? "erase" : "delete",
                                  .hlc = line.hlc,
                                  .origin = line.origin_node});
        }
        continue;  // deleted since: its tombstone comes later in the feed
      }
      sent.insert(seen_key);
      const std::string origin = row->text("origin_node").value_or("");
      if (origin == peer.node_id) {
        continue;  // the peer wrote this version: it has it
      }
      if (!row_fits_school(*connection, *rule, *row, peer, *school_id, down)) {
        // An account of the school that gained rights beyond it leaves the box (decision 0041).
        const auto user = rule->user_column.empty() ? std::nullopt : row->text(rule->user_column);
        if (down && user && sent.insert("withdraw\n" + *user).second &&
            user_withdrawn_from_school(*connection, *user, *school_id)) {
          payload.rows.push_back({.entity = "users",
                                  .id = *user,
                                  .op = "withdraw",
                                  .hlc = line.hlc,
                                  .origin = identity.node_id});
        }
        continue;
      }
      add_media_hashes(*rule, *row, small_media, large_media);
      const auto hlc = row->text("hlc");
      payload.rows.push_back({.entity = line.entity,
                              .id = line.id,
                              .op = "upsert",
                              .hlc = hlc ? std::stoll(*hlc) : 0,
                              .origin = origin,
                              .columns = std::move(row->columns)});
    }
    if (page.lines.size() < limit) {
      break;
    }
    from = page.next;
    if (budget == 0) {
      full = true;
    }
  }
  payload.header.next = next.text();
  payload.header.more = full;
  small_media.insert(small_media.end(), large_media.begin(), large_media.end());
  std::set<std::string> listed;
  for (auto& hash : small_media) {
    if (listed.insert(hash).second) {
      payload.header.media_hashes.push_back(std::move(hash));
    }
  }
  if (!down && school_id) {
    payload.header.health = box_health(*connection, identity.epoch, peer, *school_id);
  }
  transaction.commit();
  return encode_payload(payload);
}

std::string box_health_now(storage::Database& database) {
  const auto identity = storage::load_node_identity(database);
  auto connection = database.read();
  storage::Transaction transaction(*connection, storage::Transaction::Mode::read);
  const auto hub = peers::hub(*connection);
  if (!hub) {
    return "";
  }
  const auto school_id = school_id_of(*connection, hub->school_code);
  if (!school_id) {
    return "";
  }
  std::string health = box_health(*connection, identity.epoch,
                                  PeerScope{.node_id = hub->node_id,
                                            .role = PeerRole::hub,
                                            .country = {},
                                            .school = hub->school_code,
                                            .levels = {},
                                            .subjects = {}},
                                  *school_id);
  transaction.commit();
  return health;
}

namespace {

class Refused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string describe(const PayloadRow& row) {
  return row.entity + " " + row.id;
}

// A row already here may be replaced by a school only when it is the school's: its latest
// change-log lines are all the school's (or a draft of its country, or one of its users).
void check_row_here_is_the_schools(storage::Connection& connection, const EntityRule& rule,
                                   const PayloadRow& row, const PeerScope& school,
                                   const std::string& school_id) {
  for (const auto& scope : storage::latest_scopes(connection, row.entity, row.id)) {
    if (scope.school == school.school) {
      continue;
    }
    if (!scope.school && scope.country == school.country && rule.draft_only_up) {
      continue;
    }
    if (!rule.user_column.empty() && !scope.school) {
      auto here = read_row(connection, rule, row.id);
      const auto user = here ? here->text(rule.user_column) : std::nullopt;
      if (user && user_belongs_to_school(connection, *user, school_id)) {
        continue;
      }
    }
    throw Refused(describe(row) + " belongs to " +
                  (scope.school    ? "school " + *scope.school
                   : scope.country ? "country " + *scope.country
                                   : "the platform") +
                  ", not to school " + school.school);
  }
}

// What the school's rows became here must stay within the school: every change-log line the
// payload wrote is the school's.
void check_lines_written(storage::Connection& connection, std::int64_t mark,
                         const PeerScope& school, const std::string& school_id) {
  for (const auto& line : storage::lines_written_since(connection, mark)) {
    if (line.school == school.school) {
      continue;
    }
    const EntityRule* rule = find_entity_rule(line.entity);
    if (rule != nullptr && rule->draft_only_up && !line.school && line.country == school.country) {
      continue;
    }
    if (rule != nullptr && !rule->user_column.empty() && !line.school) {
      auto here = read_row(connection, *rule, line.entity_id);
      const auto user = here ? here->text(rule->user_column) : std::nullopt;
      if (user && user_belongs_to_school(connection, *user, school_id)) {
        continue;
      }
    }
    throw Refused(line.entity + " " + line.entity_id + " would reach " +
                  (line.school    ? "school " + *line.school
                   : line.country ? "all of country " + *line.country
                                  : "the whole platform") +
                  ": school " + school.school + " may send only its own rows");
  }
}

std::string id_from_columns(const EntityRule& rule, const RowValues& row) {
  std::string out;
  for (const auto column : rule.key) {
    out += out.empty() ? "" : "/";
    out += row.text(column).value_or("");
  }
  return out;
}

// SQLite's writer runs other transactions after this one in the same batch: they must find
// foreign keys checked at once again, whatever way this one ends.
class DeferredKeys {
 public:
  DeferredKeys(storage::Connection& connection, bool on) : connection_(connection), on_(on) {
    if (on_) {
      connection_.execute("PRAGMA defer_foreign_keys = ON");
    }
  }
  ~DeferredKeys() {
    if (on_) {
      try {
        connection_.execute("PRAGMA defer_foreign_keys = OFF");
      } catch (const std::exception&) {
        // The connection failed: the transaction ends with it.
      }
    }
  }
  DeferredKeys(const DeferredKeys&) = delete;
  DeferredKeys& operator=(const DeferredKeys&) = delete;

 private:
  storage::Connection& connection_;
  bool on_;
};

std::int64_t stamp_ceiling() {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return (now + std::int64_t{24} * 3600 * 1000) * 65536;
}

// The order a payload's rows are applied in. A row goes as it is now at its first change in
// the sender's feed, so it may name a row written after that change (a teacher's workflow row
// names the version its draft saved next). SQLite checks foreign keys when the payload is
// whole; PostgreSQL checks each row at once, so there a school's rows go parents first (the
// rules' order), upserts before deletions, and deletions children first.
std::vector<const PayloadRow*> apply_order(const Payload& payload, bool parents_first) {
  const auto& rules = entity_rules();
  // (upserts first, then the rule's place: forwards for upserts, backwards for deletions)
  std::vector<std::pair<std::pair<bool, std::size_t>, const PayloadRow*>> ranked;
  ranked.reserve(payload.rows.size());
  for (const PayloadRow& row : payload.rows) {
    const EntityRule* rule = find_entity_rule(row.entity);
    const std::size_t place =
        rule == nullptr ? rules.size() : static_cast<std::size_t>(rule - rules.data());
    const bool upsert = row.op == "upsert";
    ranked.push_back({{!upsert, upsert ? place : rules.size() - place}, &row});
  }
  if (parents_first) {
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  std::vector<const PayloadRow*> out;
  out.reserve(ranked.size());
  for (const auto& [rank, row] : ranked) {
    out.push_back(row);
  }
  return out;
}

void apply_rows(storage::Connection& connection, const Payload& payload, const PeerScope& from,
                ApplyReport& report) {
  const bool from_school = from.role == PeerRole::school;
  std::optional<std::string> school_id = school_id_of(connection, from.school);
  if (from_school && !school_id) {
    throw Refused("there is no school " + from.school + " on this server");
  }
  TableColumns tables(connection);
  // A resource and its published version point at each other, and a row goes as it is now:
  // SQLite checks foreign keys when the payload is whole (PostgreSQL receives only a school's
  // rows, applied parents first: apply_order).
  const bool sqlite = connection.backend() == storage::Backend::sqlite;
  const DeferredKeys deferred(connection, sqlite);
  std::set<std::string> touched;
  const std::int64_t mark = storage::change_log_mark(connection);
  const std::int64_t ceiling = stamp_ceiling();
  std::int64_t highest = 0;
  for (const PayloadRow* each : apply_order(payload, from_school && !sqlite)) {
    const PayloadRow& row = *each;
    const EntityRule* rule = find_entity_rule(row.entity);
    if (rule == nullptr) {
      throw Refused("the payload holds rows of " + row.entity +
                    ", which this server does not sync (unknown entity)");
    }
    if (from_school ? !rule->up : !rule->down) {
      throw Refused(
          std::string(from_school ? "a school server may not send " : "a hub does not send ") +
          row.entity + " rows");
    }
    if (row.hlc > ceiling) {
      throw Refused(describe(row) +
                    " is stamped more than a day ahead of this server's clock: "
                    "check the sender's date");
    }
    highest = std::max(highest, row.hlc);
    if (row.op == "withdraw") {
      if (from_school || row.entity != "users") {
        throw Refused(describe(row) + ": only a hub withdraws an account from a school server");
      }
      if (accounts::withdraw_account(connection, row.id, row.hlc, row.origin)) {
        ++report.rows_updated;
      } else {
        ++report.rows_unchanged;
      }
      continue;
    }
    touched.insert(row.entity);
    RowValues values;
    if (row.op == "upsert") {
      const auto& columns = tables.of(row.entity);
      for (const auto& [name, value] : row.columns) {
        if (columns.count(name) == 0) {
          throw Refused(describe(row) + " has a column " + name +
                        " this server does not know: update it to the sender's version");
        }
      }
      values.columns = row.columns;
      if (id_from_columns(*rule, values) != row.id ||
          values.text("hlc") != std::to_string(row.hlc)) {
        throw Refused(describe(row) + ": its key or stamp does not match its columns");
      }
    }
    std::optional<std::string> user =
        rule->user_column.empty() ? std::nullopt : values.text(rule->user_column);
    if (storage::is_erased(connection, row.entity, row.id) ||
        (user && storage::is_erased(connection, "users", *user))) {
      ++report.rows_erased;  // erased here: an older copy never brings it back
      continue;
    }
    const auto here = read_stamp(connection, *rule, row.id);
    if (from_school && here) {
      check_row_here_is_the_schools(connection, *rule, row, from, *school_id);
    }
    const bool newer = !here || std::tie(row.hlc, row.origin) > std::tie(here->hlc, here->origin);
    if (row.op == "upsert") {
      if (here && (rule->append_only || !newer)) {
        ++report.rows_unchanged;
        continue;
      }
      if (from_school && !row_fits_school(connection, *rule, values, from, *school_id, false)) {
        throw Refused(describe(row) + " is outside school " + from.school +
                      "'s scope (another school's row, or content that is not a draft)");
      }
      if (here) {
        update_row(connection, *rule, row.id, values);
        ++report.rows_updated;
      } else {
        insert_row(connection, *rule, values);
        ++report.rows_inserted;
      }
      continue;
    }
    if (row.op == "erase") {
      storage::mark_erased(connection, row.entity, row.id);
    }
    if (!here || (!newer && row.op != "erase")) {
      ++report.rows_unchanged;
      continue;
    }
    if (row.op == "erase" && row.entity == "users") {
      delete_user_and_records(connection, row.id);
    } else {
      delete_row(connection, *rule, row.id);
    }
    ++report.rows_deleted;
  }
  if (sqlite) {
    for (const auto& table : touched) {
      const auto orphans = connection.query("PRAGMA foreign_key_check(" + table + ")");
      if (!orphans.empty()) {
        throw Refused("a " + table + " row of the payload names a " + orphans.front().text(2) +
                      " row this server does not have (" + orphans.front().text(1) +
                      "): apply the sender's earlier payloads first");
      }
    }
  }
  if (from_school) {
    check_lines_written(connection, mark, from, *school_id);
  }
  storage::raise_clock_floor(connection, highest);
  save_read_cursor(connection, from.node_id, payload.header.sender_epoch, payload.header.next);
  if (!payload.header.ack.empty()) {
    save_acked_cursor(connection, from.node_id, payload.header.ack);
  }
}

}  // namespace

ApplyReport apply_incoming(storage::Database& database, const PeerScope& from,
                           std::string_view bytes) {
  ApplyReport report;
  auto decoded = decode_payload(bytes);
  if (!decoded) {
    report.refused = decoded.error();
    return report;
  }
  const Payload& payload = decoded.value();
  report.sender_node = payload.header.sender_node;
  report.sender_epoch = payload.header.sender_epoch;
  report.next_cursor = payload.header.next;
  report.more = payload.header.more;
  report.media_hashes = payload.header.media_hashes;
  report.health = payload.header.health;
  const auto identity = storage::load_node_identity(database);
  if (payload.header.sender_node != from.node_id) {
    report.refused = "the payload was made by server " + payload.header.sender_node +
                     ", not by the expected peer " + from.node_id;
    return report;
  }
  if (payload.header.sender_role != role_name(from.role)) {
    report.refused = "the payload was made by a " + payload.header.sender_role +
                     " server, and this peer is a " + std::string(role_name(from.role));
    return report;
  }
  if (payload.header.receiver_node != identity.node_id) {
    report.refused = "the payload is meant for server " + payload.header.receiver_node +
                     ", not for this one (" + identity.node_id + ")";
    return report;
  }
  try {
    auto connection = database.write();
    storage::Transaction transaction(*connection, storage::Transaction::Mode::write);
    apply_rows(*connection, payload, from, report);
    transaction.commit();
    report.applied = true;
  } catch (const Refused& refused) {
    report = ApplyReport{.refused = refused.what(),
                         .sender_node = report.sender_node,
                         .sender_epoch = report.sender_epoch};
  } catch (const StorageError& error) {
    report =
        ApplyReport{.refused = std::string("the payload could not be applied: ") + error.what(),
                    .sender_node = report.sender_node,
                    .sender_epoch = report.sender_epoch};
  }
  return report;
}

std::vector<std::string> missing_media_hashes(storage::Database& database,
                                              const std::string& media_dir) {
  auto connection = database.read();
  std::vector<std::string> small;
  std::vector<std::string> large;
  const EntityRule* media = find_entity_rule("media");
  for (const auto& row :
       connection->query("SELECT hash, renditions FROM media ORDER BY created_at").rows) {
    RowValues values{.columns = {{"hash", row.value(0)}, {"renditions", row.value(1)}}};
    add_media_hashes(*media, values, small, large);
  }
  for (const auto& row :
       connection
           ->query("SELECT DISTINCT media_hash FROM resources WHERE media_hash IS NOT NULL "
                   "AND media_hash <> ''")
           .rows) {
    large.push_back(row.text(0));
  }
  small.insert(small.end(), large.begin(), large.end());
  std::vector<std::string> out;
  std::set<std::string> listed;
  for (auto& hash : small) {
    if (hash.size() < 4 || !listed.insert(hash).second) {
      continue;
    }
    const auto path =
        std::filesystem::path(media_dir) / hash.substr(0, 2) / hash.substr(2, 2) / hash;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      out.push_back(hash);
    }
  }
  return out;
}

}  // namespace imaginecole::sync
