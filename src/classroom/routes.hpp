// SPDX-License-Identifier: AGPL-3.0-or-later
// The classroom's routes: the teacher's pages (/classes…), the pupils' public screens
// (/signin/pictures, /join) and the JSON API beside them (/api/v1/classes…, /api/v1/pupils…,
// /api/v1/join).
#pragma once

#include "http/router.hpp"

namespace imaginecole::classroom {

class Classroom;

void register_classroom_routes(http::Router& router, Classroom& classroom);

}  // namespace imaginecole::classroom
