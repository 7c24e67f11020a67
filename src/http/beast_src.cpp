// SPDX-License-Identifier: AGPL-3.0-or-later
// Asio and Beast compiled once here (BOOST_*_SEPARATE_COMPILATION), which keeps server.cpp
// and the tests quicker to build.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
