// SPDX-License-Identifier: AGPL-3.0-or-later
// Boost.JSON compiled once here (header-only mode), rather than in every file that uses it.
#include <boost/json/src.hpp>
