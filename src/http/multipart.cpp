// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/multipart.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "http/header_text.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/errors.hpp"

namespace imaginecole::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The value of `key` among "; key=value" or "; key=\"value\"" parameters of a header value.
std::optional<std::string> header_parameter(std::string_view value, std::string_view key) {
  std::size_t pos = value.find(';');
  while (pos != std::string_view::npos) {
    std::string_view rest = trim_blanks(value.substr(pos + 1));
    const auto equals = rest.find('=');
    if (equals == std::string_view::npos) {
      return std::nullopt;
    }
    const std::string name = lower(trim_blanks(rest.substr(0, equals)));
    rest = trim_blanks(rest.substr(equals + 1));
    std::string parsed;
    std::size_t consumed = 0;
    if (!rest.empty() && rest.front() == '"') {
      std::size_t i = 1;
      for (; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) {
          ++i;
        }
        parsed.push_back(rest[i]);
      }
      if (i >= rest.size()) {
        throw InvalidInput("The upload is malformed: an unterminated quoted value.");
      }
      consumed = i + 1;
    } else {
      consumed = std::min(rest.find(';'), rest.size());
      parsed = std::string(trim_blanks(rest.substr(0, consumed)));
    }
    if (name == key) {
      return parsed;
    }
    const auto next = rest.find(';', consumed);
    if (next == std::string_view::npos) {
      return std::nullopt;
    }
    pos = static_cast<std::size_t>(rest.data() - value.data()) + next;
  }
  return std::nullopt;
}

// Browsers send the file's name only; old ones sent a whole Windows path.
std::string last_path_segment(std::string name) {
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) {
    name.erase(0, slash + 1);
  }
  return name;
}

FormPartView parse_part(std::string_view part) {
  const auto end_of_headers = part.find("\r\n\r\n");
  if (end_of_headers == std::string_view::npos) {
    throw InvalidInput("The upload is malformed: a part has no end of headers.");
  }
  FormPartView out;
  bool has_disposition = false;
  std::string_view headers = part.substr(0, end_of_headers);
  while (!headers.empty()) {
    const auto eol = std::min(headers.find(kCrlf), headers.size());
    const std::string_view line = headers.substr(0, eol);
    headers.remove_prefix(std::min(eol + kCrlf.size(), headers.size()));
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      throw InvalidInput("The upload is malformed: a part header has no name.");
    }
    const std::string name = lower(trim_blanks(line.substr(0, colon)));
    const std::string_view value = trim_blanks(line.substr(colon + 1));
    if (name == "content-disposition") {
      if (!lower(value).starts_with("form-data")) {
        throw InvalidInput("The upload is malformed: a part is not form data.");
      }
      has_disposition = true;
      out.name = header_parameter(value, "name").value_or("");
      out.filename = last_path_segment(header_parameter(value, "filename").value_or(""));
    } else if (name == "content-type") {
      out.content_type = std::string(value);
    }
  }
  if (!has_disposition || out.name.empty()) {
    throw InvalidInput("The upload is malformed: a part has no field name.");
  }
  out.body = part.substr(end_of_headers + 4);
  return out;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  if (!lower(trim_blanks(content_type)).starts_with("multipart/form-data")) {
    return std::nullopt;
  }
  auto boundary = header_parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 200) {
    return std::nullopt;
  }
  return boundary;
}

std::vector<FormPartView> parse_multipart_views(std::string_view body, std::string_view boundary,
                                                std::size_t max_parts) {
  const std::string delimiter = "--" + std::string(boundary);
  // The body starts with the first delimiter (a preamble before it is allowed and ignored).
  auto position = body.find(delimiter);
  if (position == std::string_view::npos) {
    throw InvalidInput("The upload is malformed: the form's boundary was not found.");
  }
  const std::string separator = "\r\n" + delimiter;
  std::vector<FormPartView> parts;
  position += delimiter.size();
  while (true) {
    const std::string_view after = body.substr(position);
    if (after.starts_with("--")) {
      return parts;  // the closing delimiter; an epilogue after it is ignored
    }
    if (!after.starts_with(kCrlf)) {
      throw InvalidInput("The upload is malformed: a boundary is not followed by a new line.");
    }
    position += kCrlf.size();
    const auto next = body.find(separator, position);
    if (next == std::string_view::npos) {
      throw InvalidInput("The upload is incomplete: the form's last boundary is missing.");
    }
    if (parts.size() == max_parts) {
      throw InvalidInput("The form has too many parts.");
    }
    parts.push_back(parse_part(body.substr(position, next - position)));
    position = next + separator.size();
  }
}

std::vector<FormPart> parse_multipart(std::string_view body, std::string_view boundary,
                                      std::size_t max_parts) {
  std::vector<FormPart> out;
  for (FormPartView& part : parse_multipart_views(body, boundary, max_parts)) {
    out.push_back(FormPart{.name = std::move(part.name),
                           .filename = std::move(part.filename),
                           .content_type = std::move(part.content_type),
                           .body = std::string(part.body)});
  }
  return out;
}

MultipartForm parse_multipart_form_views(const Request& request) {
  const auto content_type = request.header("content-type");
  const auto boundary = content_type ? multipart_boundary(*content_type) : std::nullopt;
  if (!boundary) {
    throw InvalidInput("Expected a form with files (multipart/form-data).");
  }
  MultipartForm form;
  form.body = std::make_unique<BodyBytes>(request);
  form.parts = parse_multipart_views(form.body->view(), *boundary);
  return form;
}

std::vector<FormPart> parse_multipart_form(const Request& request) {
  const MultipartForm form = parse_multipart_form_views(request);
  std::vector<FormPart> out;
  for (const FormPartView& part : form.parts) {
    out.push_back(FormPart{.name = part.name,
                           .filename = part.filename,
                           .content_type = part.content_type,
                           .body = std::string(part.body)});
  }
  return out;
}

const FormPartView* MultipartForm::find(std::string_view name) const {
  const auto it = std::find_if(parts.begin(), parts.end(),
                               [&](const FormPartView& p) { return p.name == name; });
  return it == parts.end() ? nullptr : &*it;
}

MappedFile::MappedFile(const std::filesystem::path& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw std::runtime_error("cannot open " + path.string());
  }
  struct stat info {};
  if (fstat(fd, &info) != 0) {
    close(fd);
    throw std::runtime_error("cannot read " + path.string());
  }
  size_ = static_cast<std::size_t>(info.st_size);
  if (size_ > 0) {
    void* mapped = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapped == MAP_FAILED) {
      close(fd);
      throw std::runtime_error("cannot map " + path.string());
    }
    madvise(mapped, size_, MADV_SEQUENTIAL);
    data_ = static_cast<const char*>(mapped);
  }
  close(fd);  // the mapping keeps the file
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) {
    munmap(const_cast<char*>(data_), size_);
  }
}

BodyBytes::BodyBytes(const Request& request) {
  if (request.body_file) {
    mapping_ = std::make_unique<MappedFile>(request.body_file->path());
    view_ = mapping_->bytes();
  } else {
    view_ = request.body;
  }
}

const FormPart* find_part(const std::vector<FormPart>& parts, std::string_view name) {
  const auto it =
      std::find_if(parts.begin(), parts.end(), [&](const FormPart& p) { return p.name == name; });
  return it == parts.end() ? nullptr : &*it;
}

}  // namespace imaginecole::http
