// SPDX-License-Identifier: AGPL-3.0-or-later
#include "search/plain_text.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace imaginecole::search {
namespace {

bool is_letter(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}

bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 48> kSymbols{{
    {"times", "×"},
    {"div", "÷"},
    {"cdot", "·"},
    {"pm", "±"},
    {"mp", "∓"},
    {"le", "≤"},
    {"leq", "≤"},
    {"ge", "≥"},
    {"geq", "≥"},
    {"neq", "≠"},
    {"ne", "≠"},
    {"approx", "≈"},
    {"simeq", "≃"},
    {"equiv", "≡"},
    {"to", "→"},
    {"rightarrow", "→"},
    {"Rightarrow", "⇒"},
    {"iff", "⇔"},
    {"Leftrightarrow", "⇔"},
    {"in", "∈"},
    {"notin", "∉"},
    {"infty", "∞"},
    {"parallel", "∥"},
    {"perp", "⊥"},
    {"angle", "∠"},
    {"degree", "°"},
    {"circ", "°"},
    {"dots", "…"},
    {"ldots", "…"},
    {"cdots", "…"},
    {"alpha", "α"},
    {"beta", "β"},
    {"gamma", "γ"},
    {"delta", "δ"},
    {"Delta", "Δ"},
    {"theta", "θ"},
    {"lambda", "λ"},
    {"mu", "μ"},
    {"pi", "π"},
    {"rho", "ρ"},
    {"sigma", "σ"},
    {"Sigma", "Σ"},
    {"omega", "ω"},
    {"Omega", "Ω"},
    {"percent", "%"},
    {"cap", "∩"},
    {"cup", "∪"},
}};

// Commands whose argument is shown as it is.
bool shows_argument(std::string_view name) {
  return name == "text" || name == "textbf" || name == "textit" || name == "mathrm" ||
         name == "mathbf" || name == "mathit" || name == "mathbb" || name == "mathcal" ||
         name == "operatorname" || name == "boxed" || name == "overline" || name == "vec" ||
         name == "hat" || name == "bar" || name == "underline";
}

// Sizes and delimiters that only change how a formula looks.
bool is_invisible(std::string_view name) {
  return name == "left" || name == "right" || name == "big" || name == "Big" || name == "bigg" ||
         name == "Bigg" || name == "bigl" || name == "bigr" || name == "Bigl" || name == "Bigr" ||
         name == "displaystyle" || name == "limits" || name == "nolimits";
}

std::string superscript(std::string_view text) {
  static constexpr std::array<std::string_view, 10> kDigits{"⁰", "¹", "²", "³", "⁴",
                                                            "⁵", "⁶", "⁷", "⁸", "⁹"};
  std::string out;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      out += kDigits[static_cast<std::size_t>(c - '0')];
    } else if (c == '-') {
      out += "⁻";
    } else if (c == '+') {
      out += "⁺";
    } else if (c == 'n') {
      out += "ⁿ";
    } else {
      return {};
    }
  }
  return out;
}

std::string subscript(std::string_view text) {
  static constexpr std::array<std::string_view, 10> kDigits{"₀", "₁", "₂", "₃", "₄",
                                                            "₅", "₆", "₇", "₈", "₉"};
  std::string out;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      out += kDigits[static_cast<std::size_t>(c - '0')];
    } else if (c == 'n') {
      out += "ₙ";
    } else {
      return {};
    }
  }
  return out;
}

std::string trim(std::string_view text) {
  std::size_t start = 0;
  std::size_t end = text.size();
  while (start < end && text[start] == ' ') {
    ++start;
  }
  while (end > start && text[end - 1] == ' ') {
    --end;
  }
  return std::string(text.substr(start, end - start));
}

// A fraction's part in parentheses when it has more than one term: "(6 ÷ 3)/9".
std::string operand(std::string_view text) {
  std::string part = trim(text);
  const bool compound = part.find_first_of(" +-=") != std::string::npos ||
                        part.find("×") != std::string::npos || part.find("÷") != std::string::npos;
  return compound ? "(" + part + ")" : part;
}

class TexReader {
 public:
  explicit TexReader(std::string_view tex) : tex_(tex) {}

  std::string read_all() { return read_until('\0'); }

 private:
  bool done() const { return at_ >= tex_.size(); }

  std::string read_until(char close) {
    std::string out;
    while (!done() && tex_[at_] != close) {
      read_one(out);
    }
    return out;
  }

  // A command's argument: a {group} or one character or command.
  std::string argument() {
    while (!done() && tex_[at_] == ' ') {
      ++at_;
    }
    if (done()) {
      return {};
    }
    std::string out;
    if (tex_[at_] == '{') {
      ++at_;
      out = read_until('}');
      if (!done()) {
        ++at_;
      }
      return out;
    }
    read_one(out);
    return out;
  }

  void skip_optional_argument() {
    if (!done() && tex_[at_] == '[') {
      const auto close = tex_.find(']', at_);
      at_ = close == std::string_view::npos ? tex_.size() : close + 1;
    }
  }

  void read_command(std::string& out) {
    ++at_;  // the backslash
    const std::size_t start = at_;
    while (!done() && is_letter(tex_[at_])) {
      ++at_;
    }
    const std::string_view name = tex_.substr(start, at_ - start);
    if (name.empty()) {
      if (done()) {
        return;
      }
      const char c = tex_[at_++];
      if (c == ',' || c == ';' || c == ':' || c == ' ') {
        out += ' ';
      } else if (c == '\\') {
        out += "; ";  // a new line of an array
      } else if (c != '!') {
        out += c;  // \{ \} \% \$ \& \_ \#
      }
      return;
    }
    if (name == "frac" || name == "dfrac" || name == "tfrac") {
      const std::string top = argument();
      const std::string bottom = argument();
      out += operand(top) + "/" + operand(bottom);
    } else if (name == "sqrt") {
      skip_optional_argument();
      out += "√" + operand(argument());
    } else if (shows_argument(name)) {
      out += argument();
    } else if (name == "begin" || name == "end") {
      argument();
    } else if (name == "xrightarrow") {
      const std::string label = argument();
      out += label.empty() ? " → " : " →(" + label + ") ";
    } else if (name == "quad" || name == "qquad") {
      out += "  ";
    } else if (!is_invisible(name)) {
      for (const auto& [command, symbol] : kSymbols) {
        if (command == name) {
          out += symbol;
          return;
        }
      }
      out += name;  // \ln, \sin, \lim and the like read as their names
    }
  }

  void read_one(std::string& out) {
    const char c = tex_[at_];
    switch (c) {
      case '\\':
        read_command(out);
        return;
      case '{':
        ++at_;
        out += read_until('}');
        if (!done()) {
          ++at_;
        }
        return;
      case '}':
        ++at_;  // unbalanced: nothing to show
        return;
      case '^':
      case '_': {
        ++at_;
        const std::string script = argument();
        const std::string shown = c == '^' ? superscript(script) : subscript(script);
        out += !shown.empty() ? shown : std::string(1, c) + operand(script);
        return;
      }
      case '&':
      case '~':
        ++at_;
        out += ' ';
        return;
      default:
        ++at_;
        out += c;
    }
  }

  std::string_view tex_;
  std::size_t at_ = 0;
};

// A line made of pipes, dashes, colons and spaces only: a table's header rule.
bool is_table_rule(std::string_view line) {
  bool has_dash = false;
  for (const char c : line) {
    if (c == '-') {
      has_dash = true;
    } else if (c != '|' && c != ':' && c != ' ' && c != '\t') {
      return false;
    }
  }
  return has_dash && line.find('|') != std::string_view::npos;
}

class MarkdownReader {
 public:
  explicit MarkdownReader(std::string_view text) : text_(text) {}

  std::string read() {
    while (at_ < text_.size()) {
      if (line_start_) {
        start_line();
        continue;
      }
      step();
    }
    return std::move(out_);
  }

 private:
  std::size_t line_end() const {
    const auto end = text_.find('\n', at_);
    return end == std::string_view::npos ? text_.size() : end;
  }

  // Drops what only marks a line's role: indentation, #, >, list bullets, a table's leading
  // pipe, code fences; skips a table's header rule.
  void start_line() {
    line_start_ = false;
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t')) {
      ++at_;
    }
    const std::string_view line = text_.substr(at_, line_end() - at_);
    if (is_table_rule(line) || line.starts_with("```") || line.starts_with("~~~")) {
      at_ += line.size();
      return;
    }
    while (at_ < text_.size() && (text_[at_] == '#' || text_[at_] == '>')) {
      ++at_;
    }
    if (at_ + 1 < text_.size() && (text_[at_] == '-' || text_[at_] == '*' || text_[at_] == '+') &&
        text_[at_ + 1] == ' ') {
      at_ += 2;
    }
    if (at_ < text_.size() && text_[at_] == '|') {
      ++at_;
    }
    skip_blanks();
  }

  void skip_blanks() {
    while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t')) {
      ++at_;
    }
  }

  void trim_output() {
    while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\t')) {
      out_.pop_back();
    }
  }

  // One space between two words joined by removed markup, none at a line's start.
  void separate() {
    if (!out_.empty() && out_.back() != ' ' && out_.back() != '\n') {
      out_ += ' ';
    }
  }

  // The index of the dollar that closes a formula opened before `from`, or npos. Inline
  // formulas end within their paragraph; a lone dollar ("5 $") is no formula.
  std::size_t closing_dollar(std::size_t from, bool display) const {
    for (std::size_t i = from; i < text_.size(); ++i) {
      if (text_[i] == '\\') {
        ++i;
      } else if (text_[i] == '$') {
        if (!display) {
          return i;
        }
        if (i + 1 < text_.size() && text_[i + 1] == '$') {
          return i;
        }
      } else if (!display && text_[i] == '\n' && i + 1 < text_.size() && text_[i + 1] == '\n') {
        return std::string_view::npos;
      }
    }
    return std::string_view::npos;
  }

  void step() {
    const char c = text_[at_];
    const char next = at_ + 1 < text_.size() ? text_[at_ + 1] : '\0';
    switch (c) {
      case '\n':
        out_ += '\n';
        ++at_;
        line_start_ = true;
        return;
      case '$': {
        const bool display = next == '$';
        const std::size_t open = at_ + (display ? 2 : 1);
        const std::size_t close = closing_dollar(open, display);
        if (close == std::string_view::npos) {
          at_ = open;  // a stray dollar: dropped
          return;
        }
        out_ += TexReader(text_.substr(open, close - open)).read_all();
        at_ = close + (display ? 2 : 1);
        return;
      }
      case '\\':
        if (next != '\0' && std::ispunct(static_cast<unsigned char>(next)) != 0) {
          out_ += next;  // a Markdown escape: \* is a star
          at_ += 2;
          return;
        }
        break;
      case '!':
        if (next == '[') {
          ++at_;  // an image reads as its description
          return;
        }
        break;
      case '[':
        ++at_;
        return;
      case ']':
        ++at_;
        if (at_ < text_.size() && text_[at_] == '(') {
          const auto close = text_.find(')', at_);
          at_ = close == std::string_view::npos ? text_.size() : close + 1;  // the address
        }
        return;
      case '*':
      case '`':
        ++at_;
        return;
      case '_': {
        // Emphasis only at a word's edge: snake_case stays as it is.
        const char before = out_.empty() ? ' ' : out_.back();
        if (!(is_alnum(before) && is_alnum(next))) {
          ++at_;
          return;
        }
        break;
      }
      case '|': {
        ++at_;
        trim_output();
        skip_blanks();
        if (at_ < text_.size() && text_[at_] != '\n' && text_[at_] != '\r') {
          out_ += " · ";
        }
        return;
      }
      case '<':
        if (is_letter(next) || next == '/' || next == '!') {
          const auto close = text_.find('>', at_);
          if (close != std::string_view::npos && close < line_end()) {
            at_ = close + 1;  // an HTML tag (<details>, <br>): its text stays, not the tag
            separate();
            return;
          }
        }
        break;
      default:
        break;
    }
    out_ += c;
    ++at_;
  }

  std::string_view text_;
  std::size_t at_ = 0;
  bool line_start_ = true;
  std::string out_;
};

}  // namespace

std::string math_to_plain_text(std::string_view tex) {
  return TexReader(tex).read_all();
}

std::string markdown_to_plain_text(std::string_view markdown) {
  return MarkdownReader(markdown).read();
}

}  // namespace imaginecole::search
