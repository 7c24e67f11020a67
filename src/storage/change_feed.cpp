// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/change_feed.hpp"

#include <charconv>
#include <chrono>
#include <limits>

#include "core/clock.hpp"

namespace imaginecole::storage {
namespace {

std::optional<std::int64_t> number(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

// Lines below this position were dropped with their tombstones: older cursors are stale.
FeedCursor horizon(Connection& connection, std::string_view epoch) {
  FeedCursor out{.epoch = std::string(epoch)};
  if (auto row =
          connection.query_one("SELECT value FROM node_settings WHERE key = 'feed_horizon'")) {
    if (auto parsed = FeedCursor::parse(row->text(0))) {
      out.tx = parsed->tx;
      out.seq = parsed->seq;
    }
  }
  return out;
}

bool before(const FeedCursor& a, const FeedCursor& b) {
  return a.tx < b.tx || (a.tx == b.tx && a.seq < b.seq);
}

// Only transactions older than every running one are final (PostgreSQL); SQLite's single
// writer commits in seq order, so every line it can see is final.
std::string final_bound(Backend backend) {
  return backend == Backend::postgres ? "pg_snapshot_xmin(pg_current_snapshot())::text::BIGINT"
                                      : "9223372036854775807";
}

}  // namespace

std::optional<FeedCursor> FeedCursor::parse(std::string_view text) {
  const auto first = text.find('.');
  const auto second = first == std::string_view::npos ? first : text.find('.', first + 1);
  if (second == std::string_view::npos || first == 0 || first > 32) {
    return std::nullopt;
  }
  const auto tx = number(text.substr(first + 1, second - first - 1));
  const auto seq = number(text.substr(second + 1));
  if (!tx || !seq) {
    return std::nullopt;
  }
  for (const char c : text.substr(0, first)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return std::nullopt;
    }
  }
  return FeedCursor{.epoch = std::string(text.substr(0, first)), .tx = *tx, .seq = *seq};
}

std::string FeedCursor::text() const {
  return epoch + "." + std::to_string(tx) + "." + std::to_string(seq);
}

FeedPage read_changes(Connection& connection, std::string_view epoch,
                      const std::optional<FeedCursor>& since, const FeedFilter& filter,
                      std::size_t limit) {
  FeedCursor from{.epoch = std::string(epoch)};
  if (since) {
    if (since->epoch != epoch) {
      throw StaleCursor("this cursor belongs to epoch " + since->epoch +
                        " of this server, which has since been restored or copied (epoch " +
                        std::string(epoch) + "): read again from the start");
    }
    from = *since;
  }
  const FeedCursor oldest = horizon(connection, epoch);
  if (since && before(from, oldest)) {
    throw StaleCursor("this cursor is older than the oldest kept change (" + oldest.text() +
                      "): read again from the start");
  }
  std::string sql =
      "SELECT tx, seq, entity, entity_id, op, hlc, node_id, country, school FROM change_log "
      "WHERE (tx > ? OR (tx = ? AND seq > ?)) AND tx < " +
      final_bound(connection.backend());
  std::vector<Value> params = {from.tx, from.tx, from.seq};
  if (filter.country) {
    sql += " AND country = ?";
    params.emplace_back(*filter.country);
  }
  if (filter.school) {
    sql += " AND school = ?";
    params.emplace_back(*filter.school);
  }
  sql += " ORDER BY tx, seq LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(limit));
  FeedPage page{.next = from};
  for (const auto& row : connection.query(sql, params).rows) {
    FeedLine line{
        .cursor = {.epoch = std::string(epoch), .tx = row.integer(0), .seq = row.integer(1)},
        .entity = row.text(2),
        .id = row.text(3),
        .op = row.text(4),
        .hlc = row.integer(5),
        .origin_node = row.text(6),
        .country = row.optional_text(7),
        .school = row.optional_text(8)};
    page.next = line.cursor;
    page.lines.push_back(std::move(line));
  }
  return page;
}

CompactionReport compact_changes(Database& database, int tombstone_days) {
  CompactionReport report;
  auto connection = database.write();
  Transaction transaction(*connection, Transaction::Mode::write);
  const bool postgres = database.backend() == Backend::postgres;
  const std::string same = postgres ? " IS NOT DISTINCT FROM " : " IS ";
  report.superseded_dropped = connection->execute(
      "DELETE FROM change_log WHERE seq IN (SELECT a.seq FROM change_log a WHERE EXISTS ("
      "SELECT 1 FROM change_log b WHERE b.entity = a.entity AND b.entity_id = a.entity_id "
      "AND b.country" +
      same + "a.country AND b.school" + same +
      "a.school "
      "AND (b.tx > a.tx OR (b.tx = a.tx AND b.seq > a.seq))))");
  const auto cutoff = core::format_timestamp(std::chrono::system_clock::now() -
                                             std::chrono::hours(24) * tombstone_days);
  // The newest tombstone dropped becomes the horizon: a reader behind it would miss a delete.
  const auto newest = connection->query_one(
      "SELECT tx, seq FROM change_log WHERE op = 'delete' AND changed_at < ? "
      "ORDER BY tx DESC, seq DESC LIMIT 1",
      {cutoff});
  if (newest) {
    report.tombstones_dropped = connection->execute(
        "DELETE FROM change_log WHERE op = 'delete' AND changed_at < ?", {cutoff});
    connection->execute(
        "INSERT INTO node_settings (key, value) VALUES ('feed_horizon', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        {FeedCursor{.epoch = "0", .tx = newest->integer(0), .seq = newest->integer(1)}.text()});
  }
  transaction.commit();
  return report;
}

bool changes_are_final(Connection& connection) {
  if (connection.backend() != Backend::postgres) {
    return true;
  }
  const auto row = connection.query_one(
      "SELECT COALESCE(MAX(tx), 0) < pg_snapshot_xmin(pg_current_snapshot())::text::BIGINT "
      "FROM change_log");
  return row && row->integer(0) != 0;
}

std::int64_t content_version(Connection& connection) {
  const auto row = connection.query_one("SELECT n FROM content_version WHERE id = 1");
  return row ? row->integer(0) : 0;
}

}  // namespace imaginecole::storage
