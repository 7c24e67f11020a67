// SPDX-License-Identifier: AGPL-3.0-or-later
// A Request (request.hpp) from the header Beast parsed: method, target split into a
// percent-decoded path and a raw query, header names in lower case. Shared by the server and
// the HTTP fuzz target (fuzz/targets/http_request_fuzz.cpp), which feeds it hostile bytes.
#pragma once

#include <boost/beast/http/message.hpp>
#include <string>

#include "http/request.hpp"

namespace imaginecole::http {

Request request_from_header(const boost::beast::http::request_header<>& header,
                            const std::string& remote_address);

}  // namespace imaginecole::http
