// SPDX-License-Identifier: AGPL-3.0-or-later
// The engine's table rules against the platform's registry: every synced table is either moved
// (with the registry's key and rule) or left out with a reason, so a new synced table cannot
// be forgotten by sync.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/record_registry.hpp"
#include "sync/sync_scope.hpp"

namespace imaginecole::sync {
namespace {

TEST(EngineScope, EverySyncedTableIsMovedWithItsKeyOrLeftOutWithAReason) {
  const auto& registry = app::platform_record_registry();
  const auto& left_out = entities_not_moved();
  for (const auto& table : registry.synced()) {
    const EntityRule* rule = find_entity_rule(table.name);
    const bool out = std::any_of(left_out.begin(), left_out.end(),
                                 [&](const auto& entry) { return entry.first == table.name; });
    ASSERT_TRUE(rule != nullptr || out) << table.name << " is neither moved nor left out";
    if (rule == nullptr) {
      continue;
    }
    EXPECT_EQ(std::vector<std::string>(rule->key.begin(), rule->key.end()), table.key)
        << table.name;
    EXPECT_EQ(rule->append_only, table.rule == storage::ConflictRule::append_only) << table.name;
  }
  for (const auto& rule : entity_rules()) {
    EXPECT_NE(registry.find_synced(rule.name), nullptr) << rule.name << " is not a synced table";
  }
}

TEST(EngineScope, ContentGoesDownOnlyAndLearningRecordsBothWays) {
  EXPECT_FALSE(find_entity_rule("curriculum_nodes")->up);
  EXPECT_FALSE(find_entity_rule("questions")->up);
  EXPECT_TRUE(find_entity_rule("resources")->draft_only_up);
  EXPECT_TRUE(find_entity_rule("attempts")->up);
  EXPECT_TRUE(find_entity_rule("attempts")->down);
  EXPECT_FALSE(find_entity_rule("audit_log")->down);
}

}  // namespace
}  // namespace imaginecole::sync
