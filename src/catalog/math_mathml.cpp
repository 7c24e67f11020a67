// SPDX-License-Identifier: AGPL-3.0-or-later
// A recursive-descent reader of the LaTeX subset school mathematics uses. Each construct
// becomes MathML Core text directly (no tree): the output is linear in the input because
// there are no macros. Recursion is bounded (kMaxDepth); past it the whole formula is shown
// as escaped source inside <merror>.
#include "catalog/math_mathml.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <optional>
#include <unordered_map>

namespace imaginecole::catalog {
namespace {

constexpr int kMaxDepth = 40;

struct TooDeep {};

void append_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

std::string escaped(std::string_view text) {
  std::string out;
  append_escaped(out, text);
  return out;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// Length of the valid UTF-8 sequence at `at`, or 0 when the bytes there are not one.
std::size_t utf8_length(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = 0;
  if (lead < 0x80) {
    return 1;
  }
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
  } else {
    return 0;
  }
  if (at + length > text.size()) {
    return 0;
  }
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xc0) != 0x80) {
      return 0;
    }
  }
  return length;
}

// Invalid UTF-8 bytes become U+FFFD so that the page stays valid text.
std::string clean_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = utf8_length(text, at);
    if (length == 0) {
      append_utf8(out, 0xfffd);
      ++at;
    } else {
      out.append(text.substr(at, length));
      at += length;
    }
  }
  return out;
}

enum class SymbolKind { identifier, upright, op, function, big_operator, integral };

struct Symbol {
  SymbolKind kind;
  std::string_view text;
};

const std::unordered_map<std::string_view, Symbol>& symbols() {
  using enum SymbolKind;
  static const std::unordered_map<std::string_view, Symbol> table = {
      // Greek
      {"alpha", {identifier, "α"}},
      {"beta", {identifier, "β"}},
      {"gamma", {identifier, "γ"}},
      {"delta", {identifier, "δ"}},
      {"epsilon", {identifier, "ϵ"}},
      {"varepsilon", {identifier, "ε"}},
      {"zeta", {identifier, "ζ"}},
      {"eta", {identifier, "η"}},
      {"theta", {identifier, "θ"}},
      {"vartheta", {identifier, "ϑ"}},
      {"iota", {identifier, "ι"}},
      {"kappa", {identifier, "κ"}},
      {"lambda", {identifier, "λ"}},
      {"mu", {identifier, "μ"}},
      {"nu", {identifier, "ν"}},
      {"xi", {identifier, "ξ"}},
      {"pi", {identifier, "π"}},
      {"varpi", {identifier, "ϖ"}},
      {"rho", {identifier, "ρ"}},
      {"varrho", {identifier, "ϱ"}},
      {"sigma", {identifier, "σ"}},
      {"varsigma", {identifier, "ς"}},
      {"tau", {identifier, "τ"}},
      {"upsilon", {identifier, "υ"}},
      {"phi", {identifier, "ϕ"}},
      {"varphi", {identifier, "φ"}},
      {"chi", {identifier, "χ"}},
      {"psi", {identifier, "ψ"}},
      {"omega", {identifier, "ω"}},
      {"Gamma", {upright, "Γ"}},
      {"Delta", {upright, "Δ"}},
      {"Theta", {upright, "Θ"}},
      {"Lambda", {upright, "Λ"}},
      {"Xi", {upright, "Ξ"}},
      {"Pi", {upright, "Π"}},
      {"Sigma", {upright, "Σ"}},
      {"Upsilon", {upright, "Υ"}},
      {"Phi", {upright, "Φ"}},
      {"Psi", {upright, "Ψ"}},
      {"Omega", {upright, "Ω"}},
      // Other identifiers
      {"infty", {identifier, "∞"}},
      {"emptyset", {identifier, "∅"}},
      {"varnothing", {identifier, "∅"}},
      {"ell", {identifier, "ℓ"}},
      {"partial", {identifier, "∂"}},
      {"nabla", {identifier, "∇"}},
      {"hbar", {identifier, "ℏ"}},
      {"aleph", {identifier, "ℵ"}},
      {"triangle", {identifier, "△"}},
      {"square", {identifier, "□"}},
      // Operators and relations
      {"times", {op, "×"}},
      {"div", {op, "÷"}},
      {"pm", {op, "±"}},
      {"mp", {op, "∓"}},
      {"cdot", {op, "⋅"}},
      {"ast", {op, "∗"}},
      {"star", {op, "⋆"}},
      {"circ", {op, "∘"}},
      {"bullet", {op, "∙"}},
      {"leq", {op, "≤"}},
      {"le", {op, "≤"}},
      {"leqslant", {op, "⩽"}},
      {"geq", {op, "≥"}},
      {"ge", {op, "≥"}},
      {"geqslant", {op, "⩾"}},
      {"neq", {op, "≠"}},
      {"ne", {op, "≠"}},
      {"approx", {op, "≈"}},
      {"simeq", {op, "≃"}},
      {"sim", {op, "∼"}},
      {"cong", {op, "≅"}},
      {"equiv", {op, "≡"}},
      {"propto", {op, "∝"}},
      {"ll", {op, "≪"}},
      {"gg", {op, "≫"}},
      {"in", {op, "∈"}},
      {"notin", {op, "∉"}},
      {"ni", {op, "∋"}},
      {"subset", {op, "⊂"}},
      {"subseteq", {op, "⊆"}},
      {"supset", {op, "⊃"}},
      {"supseteq", {op, "⊇"}},
      {"cup", {op, "∪"}},
      {"cap", {op, "∩"}},
      {"setminus", {op, "∖"}},
      {"forall", {op, "∀"}},
      {"exists", {op, "∃"}},
      {"neg", {op, "¬"}},
      {"land", {op, "∧"}},
      {"wedge", {op, "∧"}},
      {"lor", {op, "∨"}},
      {"vee", {op, "∨"}},
      {"to", {op, "→"}},
      {"rightarrow", {op, "→"}},
      {"leftarrow", {op, "←"}},
      {"Rightarrow", {op, "⇒"}},
      {"Leftarrow", {op, "⇐"}},
      {"Leftrightarrow", {op, "⇔"}},
      {"iff", {op, "⟺"}},
      {"implies", {op, "⟹"}},
      {"mapsto", {op, "↦"}},
      {"longrightarrow", {op, "⟶"}},
      {"ldots", {op, "…"}},
      {"dots", {op, "…"}},
      {"cdots", {op, "⋯"}},
      {"vdots", {op, "⋮"}},
      {"ddots", {op, "⋱"}},
      {"angle", {op, "∠"}},
      {"widehat", {op, "^"}},
      {"perp", {op, "⊥"}},
      {"parallel", {op, "∥"}},
      {"mid", {op, "∣"}},
      {"vert", {op, "|"}},
      {"Vert", {op, "‖"}},
      {"lvert", {op, "|"}},
      {"rvert", {op, "|"}},
      {"langle", {op, "⟨"}},
      {"rangle", {op, "⟩"}},
      {"lfloor", {op, "⌊"}},
      {"rfloor", {op, "⌋"}},
      {"lceil", {op, "⌈"}},
      {"rceil", {op, "⌉"}},
      {"lbrace", {op, "{"}},
      {"rbrace", {op, "}"}},
      {"backslash", {op, "\\"}},
      {"prime", {op, "′"}},
      {"degree", {op, "°"}},
      {"therefore", {op, "∴"}},
      {"because", {op, "∵"}},
      {"colon", {op, ":"}},
      // Functions (upright names)
      {"sin", {function, "sin"}},
      {"cos", {function, "cos"}},
      {"tan", {function, "tan"}},
      {"cot", {function, "cot"}},
      {"sec", {function, "sec"}},
      {"csc", {function, "csc"}},
      {"arcsin", {function, "arcsin"}},
      {"arccos", {function, "arccos"}},
      {"arctan", {function, "arctan"}},
      {"sinh", {function, "sinh"}},
      {"cosh", {function, "cosh"}},
      {"tanh", {function, "tanh"}},
      {"log", {function, "log"}},
      {"ln", {function, "ln"}},
      {"lg", {function, "lg"}},
      {"exp", {function, "exp"}},
      {"det", {function, "det"}},
      {"dim", {function, "dim"}},
      {"ker", {function, "ker"}},
      {"gcd", {function, "gcd"}},
      {"deg", {function, "deg"}},
      {"arg", {function, "arg"}},
      // Operators whose scripts go above and below
      {"sum", {big_operator, "∑"}},
      {"prod", {big_operator, "∏"}},
      {"coprod", {big_operator, "∐"}},
      {"bigcup", {big_operator, "⋃"}},
      {"bigcap", {big_operator, "⋂"}},
      {"lim", {big_operator, "lim"}},
      {"max", {big_operator, "max"}},
      {"min", {big_operator, "min"}},
      {"sup", {big_operator, "sup"}},
      {"inf", {big_operator, "inf"}},
      // Integrals: scripts beside
      {"int", {integral, "∫"}},
      {"iint", {integral, "∬"}},
      {"iiint", {integral, "∭"}},
      {"oint", {integral, "∮"}},
  };
  return table;
}

// Commands that change nothing visible in MathML (the browser decides sizes and limits).
bool is_ignored_command(std::string_view name) {
  return name == "displaystyle" || name == "textstyle" || name == "limits" || name == "nolimits" ||
         name == "left." || name == "big" || name == "Big" || name == "bigg" || name == "Bigg";
}

struct Accent {
  std::string_view name;
  std::string_view mark;
  bool under;
};

constexpr std::array<Accent, 10> kAccents = {{
    {"overline", "‾", false},
    {"bar", "¯", false},
    {"vec", "→", false},
    {"overrightarrow", "→", false},
    {"hat", "^", false},
    {"widehat", "^", false},
    {"tilde", "~", false},
    {"dot", "˙", false},
    {"underline", "_", true},
    {"overleftarrow", "←", false},
}};

std::optional<std::string_view> space_width(std::string_view name) {
  if (name == ",") {
    return "0.167em";
  }
  if (name == ":" || name == ">") {
    return "0.222em";
  }
  if (name == ";") {
    return "0.278em";
  }
  if (name == " ") {
    return "0.333em";
  }
  if (name == "quad") {
    return "1em";
  }
  if (name == "qquad") {
    return "2em";
  }
  return std::nullopt;
}

std::string mspace(std::string_view width) {
  return "<mspace width=\"" + std::string(width) + "\"></mspace>";
}

// Letters of \mathbb, \mathbf, \mathcal as Unicode mathematical alphanumerics (MathML Core
// has no mathvariant other than "normal").
std::string styled_letters(std::string_view style, std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool upper = c >= 'A' && c <= 'Z';
    const bool lower = c >= 'a' && c <= 'z';
    const bool digit = c >= '0' && c <= '9';
    std::uint32_t cp = 0;
    if (style == "mathbb") {
      static const std::unordered_map<char, std::uint32_t> holes = {
          {'C', 0x2102}, {'H', 0x210d}, {'N', 0x2115}, {'P', 0x2119},
          {'Q', 0x211a}, {'R', 0x211d}, {'Z', 0x2124}};
      if (const auto hole = holes.find(c); hole != holes.end()) {
        cp = hole->second;
      } else if (upper) {
        cp = 0x1d538 + static_cast<std::uint32_t>(c - 'A');
      } else if (lower) {
        cp = 0x1d552 + static_cast<std::uint32_t>(c - 'a');
      } else if (digit) {
        cp = 0x1d7d8 + static_cast<std::uint32_t>(c - '0');
      }
    } else if (style == "mathbf" || style == "boldsymbol") {
      if (upper) {
        cp = 0x1d400 + static_cast<std::uint32_t>(c - 'A');
      } else if (lower) {
        cp = 0x1d41a + static_cast<std::uint32_t>(c - 'a');
      } else if (digit) {
        cp = 0x1d7ce + static_cast<std::uint32_t>(c - '0');
      }
    } else if (style == "mathcal") {
      static const std::unordered_map<char, std::uint32_t> holes = {
          {'B', 0x212c}, {'E', 0x2130}, {'F', 0x2131}, {'H', 0x210b},
          {'I', 0x2110}, {'L', 0x2112}, {'M', 0x2133}, {'R', 0x211b}};
      if (const auto hole = holes.find(c); hole != holes.end()) {
        cp = hole->second;
      } else if (upper) {
        cp = 0x1d49c + static_cast<std::uint32_t>(c - 'A');
      }
    }
    if (cp != 0) {
      append_utf8(out, cp);
    } else {
      out += c;
    }
  }
  return out;
}

struct Atom {
  std::string xml;
  bool limits = false;  // scripts go under and over (\sum, \lim)
};

std::string wrap(const std::vector<Atom>& atoms) {
  if (atoms.size() == 1) {
    return atoms.front().xml;
  }
  std::string out = "<mrow>";
  for (const Atom& atom : atoms) {
    out += atom.xml;
  }
  out += "</mrow>";
  return out;
}

enum class Stop { end, group, right, table };

class Parser {
 public:
  explicit Parser(std::string_view source) : source_(source) {}

  std::string parse() {
    std::vector<Atom> atoms = sequence(Stop::end);
    return wrap(atoms);
  }
  std::vector<std::string>& problems() { return problems_; }

 private:
  bool at_end() const { return at_ >= source_.size(); }
  char peek() const { return at_end() ? '\0' : source_[at_]; }
  bool looking_at(std::string_view text) const { return source_.substr(at_).starts_with(text); }
  // "\right" but not "\rightarrow": a command name ends at a non-letter.
  bool looking_at_command(std::string_view name) const {
    if (!looking_at(name)) {
      return false;
    }
    const std::size_t after = at_ + name.size();
    return after >= source_.size() || !std::isalpha(static_cast<unsigned char>(source_[after]));
  }
  void skip_spaces() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
      ++at_;
    }
  }
  void problem(std::string text) {
    if (problems_.size() < 20) {
      problems_.push_back("Formule : " + std::move(text));
    }
  }

  struct DepthGuard {
    explicit DepthGuard(int& depth) : depth_(depth) {
      if (++depth_ > kMaxDepth) {
        throw TooDeep{};
      }
    }
    ~DepthGuard() { --depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    int& depth_;
  };

  std::vector<Atom> sequence(Stop stop) {
    DepthGuard guard(depth_);
    std::vector<Atom> atoms;
    while (true) {
      skip_spaces();
      if (at_end()) {
        break;
      }
      const char c = peek();
      if (c == '}') {
        if (stop == Stop::group) {
          break;
        }
        problem("accolade « } » sans accolade « { » ouvrante.");
        ++at_;
        continue;
      }
      if (stop == Stop::table && (c == '&' || looking_at("\\\\") || looking_at_command("\\end"))) {
        break;
      }
      if (looking_at_command("\\right")) {
        if (stop == Stop::right) {
          break;
        }
        problem("\\right sans \\left.");
        at_ += 6;
        delimiter();
        continue;
      }
      if (c == '^' || c == '_' || (c == '\'' && !atoms.empty())) {
        Atom base = atoms.empty() ? Atom{"<mrow></mrow>", false} : std::move(atoms.back());
        if (!atoms.empty()) {
          atoms.pop_back();
        }
        atoms.push_back(scripts(std::move(base)));
        continue;
      }
      if (auto atom = this->atom()) {
        atoms.push_back(std::move(*atom));
      }
    }
    return atoms;
  }

  Atom scripts(Atom base) {
    std::optional<std::string> sub;
    std::optional<std::string> sup;
    while (true) {
      skip_spaces();
      const char c = peek();
      if (c == '\'' && !sub && !sup) {
        ++at_;
        sup = "<mo>′</mo>";
        continue;
      }
      if (c != '^' && c != '_') {
        break;
      }
      ++at_;
      std::optional<std::string>& slot = c == '^' ? sup : sub;
      std::string argument = this->argument(c == '^' ? "^" : "_");
      if (slot) {
        problem(c == '^' ? "deux exposants de suite (utilisez des accolades)."
                         : "deux indices de suite (utilisez des accolades).");
        continue;
      }
      slot = std::move(argument);
    }
    Atom out;
    if (sub && sup) {
      out.xml = (base.limits ? "<munderover>" : "<msubsup>") + base.xml + *sub + *sup +
                (base.limits ? "</munderover>" : "</msubsup>");
    } else if (sub) {
      out.xml = (base.limits ? "<munder>" : "<msub>") + base.xml + *sub +
                (base.limits ? "</munder>" : "</msub>");
    } else if (sup) {
      out.xml = (base.limits ? "<mover>" : "<msup>") + base.xml + *sup +
                (base.limits ? "</mover>" : "</msup>");
    } else {
      out = std::move(base);
    }
    return out;
  }

  // The argument of a command or script: a {group} or a single token.
  std::string argument(std::string_view after) {
    skip_spaces();
    if (at_end() || peek() == '}' || peek() == '&' || peek() == '^' || peek() == '_') {
      problem("il manque ce qui suit " + std::string(after) + ".");
      return "<mrow></mrow>";
    }
    if (peek() == '{') {
      return group();
    }
    if (auto atom = this->atom(true)) {
      return atom->xml;
    }
    return "<mrow></mrow>";
  }

  // {…}: one element (an <mrow> when it holds several or none).
  std::string group() {
    DepthGuard guard(depth_);
    ++at_;  // '{'
    std::vector<Atom> atoms = sequence(Stop::group);
    if (peek() == '}') {
      ++at_;
    } else {
      problem("accolade « { » jamais fermée.");
    }
    return wrap(atoms);
  }

  // The raw text of a {…} argument (for \text, \mathbb, \begin), braces balanced.
  std::optional<std::string> raw_group(std::string_view command) {
    skip_spaces();
    if (peek() != '{') {
      problem("il faut une accolade « { » après \\" + std::string(command) + ".");
      return std::nullopt;
    }
    ++at_;
    int level = 1;
    std::string out;
    while (!at_end()) {
      const char c = source_[at_];
      if (c == '\\' && at_ + 1 < source_.size()) {
        const char next = source_[at_ + 1];
        if (next == '{' || next == '}' || next == '$' || next == '%' || next == '&' ||
            next == '_' || next == '#') {
          out += next;
          at_ += 2;
          continue;
        }
      }
      if (c == '{') {
        ++level;
      } else if (c == '}') {
        if (--level == 0) {
          ++at_;
          return out;
        }
      }
      out += c;
      ++at_;
    }
    problem("accolade « { » jamais fermée après \\" + std::string(command) + ".");
    return out;
  }

  // One token of a fence: "(", "\{", "\langle", "." (none).
  std::string delimiter() {
    skip_spaces();
    if (at_end()) {
      problem("il manque la parenthèse après \\left ou \\right.");
      return {};
    }
    if (peek() == '.') {
      ++at_;
      return {};
    }
    if (peek() == '\\') {
      ++at_;
      const std::string name = command_name();
      if (name == "{" || name == "}" || name == "|") {
        return "<mo>" + escaped(name == "|" ? "‖" : name) + "</mo>";
      }
      const auto& table = symbols();
      if (const auto found = table.find(name);
          found != table.end() && found->second.kind == SymbolKind::op) {
        return "<mo>" + escaped(found->second.text) + "</mo>";
      }
      problem("délimiteur inconnu \\" + name + ".");
      return "<merror><mtext>\\" + escaped(name) + "</mtext></merror>";
    }
    const std::size_t length = std::max<std::size_t>(1, utf8_length(source_, at_));
    const std::string text(source_.substr(at_, length));
    at_ += length;
    return "<mo>" + escaped(text) + "</mo>";
  }

  std::string command_name() {
    if (at_end()) {
      return {};
    }
    if (!std::isalpha(static_cast<unsigned char>(peek()))) {
      const std::size_t length = std::max<std::size_t>(1, utf8_length(source_, at_));
      std::string name(source_.substr(at_, length));
      at_ += length;
      return name;
    }
    const std::size_t start = at_;
    while (!at_end() && std::isalpha(static_cast<unsigned char>(peek()))) {
      ++at_;
    }
    std::string name(source_.substr(start, at_ - start));
    if (!at_end() && peek() == '*') {  // \operatorname*, \begin{align*}
      ++at_;
    }
    return name;
  }

  std::optional<Atom> atom(bool single = false) {
    const char c = peek();
    if (c == '{') {
      return Atom{group(), false};
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      const std::size_t start = at_;
      ++at_;
      if (!single) {
        while (!at_end()) {
          if (std::isdigit(static_cast<unsigned char>(peek()))) {
            ++at_;
          } else if ((peek() == '.' || peek() == ',') && at_ + 1 < source_.size() &&
                     std::isdigit(static_cast<unsigned char>(source_[at_ + 1]))) {
            at_ += 2;  // 3,14 (French decimal comma) and 3.14
          } else {
            break;
          }
        }
      }
      return Atom{"<mn>" + std::string(source_.substr(start, at_ - start)) + "</mn>", false};
    }
    if (std::isalpha(static_cast<unsigned char>(c))) {
      ++at_;
      return Atom{std::string("<mi>") + c + "</mi>", false};
    }
    if (c == '\\') {
      ++at_;
      return command();
    }
    if (c == '~') {
      ++at_;
      return Atom{mspace("0.333em"), false};
    }
    if (c == '&') {
      ++at_;
      problem("« & » n'a de sens que dans un tableau (cases, matrix).");
      return Atom{"<mo>&amp;</mo>", false};
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      const std::size_t length = std::max<std::size_t>(1, utf8_length(source_, at_));
      const std::string text(source_.substr(at_, length));
      at_ += length;
      static constexpr std::array<std::string_view, 16> kOperators = {
          "×", "÷", "±", "≤", "≥", "≠", "≈", "°", "→", "⇒", "∈", "−", "·", "…", "∞", "√"};
      for (const std::string_view op : kOperators) {
        if (text == op) {
          return Atom{"<mo>" + text + "</mo>", false};
        }
      }
      return Atom{"<mi>" + text + "</mi>", false};
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      ++at_;
      return std::nullopt;
    }
    ++at_;
    switch (c) {
      case '-':
        return Atom{"<mo>−</mo>", false};
      case '\'':
        return Atom{"<mo>′</mo>", false};
      default:
        return Atom{"<mo>" + escaped(std::string_view(&c, 1)) + "</mo>", false};
    }
  }

  std::optional<Atom> command() {
    const std::string name = command_name();
    if (name.empty()) {
      problem("« \\ » seul à la fin de la formule.");
      return Atom{"<mo>\\</mo>", false};
    }
    if (const auto width = space_width(name)) {
      return Atom{mspace(*width), false};
    }
    if (name == "!" || name == "\\" || is_ignored_command(name)) {
      return std::nullopt;
    }
    if (name == "{" || name == "}" || name == "%" || name == "$" || name == "#" || name == "&" ||
        name == "_" || name == "|") {
      return Atom{"<mo>" + escaped(name == "|" ? "‖" : name) + "</mo>", false};
    }
    const auto& table = symbols();
    if (const auto found = table.find(name); found != table.end()) {
      const Symbol& symbol = found->second;
      const std::string text = escaped(symbol.text);
      switch (symbol.kind) {
        case SymbolKind::identifier:
        case SymbolKind::function:
          return Atom{"<mi>" + text + "</mi>", false};
        case SymbolKind::upright:
          return Atom{"<mi mathvariant=\"normal\">" + text + "</mi>", false};
        case SymbolKind::op:
        case SymbolKind::integral:
          return Atom{"<mo>" + text + "</mo>", false};
        case SymbolKind::big_operator:
          return Atom{(std::isalpha(static_cast<unsigned char>(text[0])) ? "<mi>" + text + "</mi>"
                                                                         : "<mo>" + text + "</mo>"),
                      true};
      }
    }
    if (name == "frac" || name == "dfrac" || name == "tfrac" || name == "cfrac") {
      std::string numerator = argument("\\" + name);
      std::string denominator = argument("\\" + name);
      std::string fraction = "<mfrac>" + numerator + denominator + "</mfrac>";
      if (name == "dfrac" || name == "cfrac") {
        fraction = "<mstyle displaystyle=\"true\">" + fraction + "</mstyle>";
      }
      return Atom{fraction, false};
    }
    if (name == "binom") {
      std::string top = argument("\\binom");
      std::string bottom = argument("\\binom");
      return Atom{"<mrow><mo>(</mo><mfrac linethickness=\"0\">" + top + bottom +
                      "</mfrac><mo>)</mo></mrow>",
                  false};
    }
    if (name == "sqrt") {
      skip_spaces();
      if (peek() == '[') {
        ++at_;
        std::vector<Atom> index;
        DepthGuard guard(depth_);
        while (true) {
          skip_spaces();
          if (at_end() || peek() == ']' || peek() == '}') {
            break;
          }
          if (auto atom = this->atom()) {
            index.push_back(std::move(*atom));
          }
        }
        if (peek() == ']') {
          ++at_;
        } else {
          problem("crochet « ] » manquant après \\sqrt[.");
        }
        std::string radicand = argument("\\sqrt");
        return Atom{
            "<mroot>" + radicand + (index.empty() ? "<mrow></mrow>" : wrap(index)) + "</mroot>",
            false};
      }
      return Atom{"<msqrt>" + argument("\\sqrt") + "</msqrt>", false};
    }
    if (name == "text" || name == "textrm" || name == "mbox" || name == "textit" ||
        name == "textbf" || name == "textnormal") {
      const auto text = raw_group(name);
      return Atom{"<mtext>" + escaped(text.value_or("")) + "</mtext>", false};
    }
    if (name == "mathrm" || name == "operatorname" || name == "mathit") {
      const auto text = raw_group(name).value_or("");
      if (name == "mathrm" && utf8_length(text, 0) == text.size() && !text.empty()) {
        return Atom{"<mi mathvariant=\"normal\">" + escaped(text) + "</mi>", false};
      }
      return Atom{"<mi>" + escaped(text) + "</mi>", false};
    }
    if (name == "mathbb" || name == "mathbf" || name == "mathcal" || name == "boldsymbol") {
      const auto text = raw_group(name).value_or("");
      return Atom{"<mi>" + escaped(styled_letters(name, text)) + "</mi>", false};
    }
    for (const Accent& accent : kAccents) {
      if (accent.name == name) {
        std::string base = argument("\\" + name);
        if (accent.under) {
          return Atom{"<munder accentunder=\"true\">" + base + "<mo>" + std::string(accent.mark) +
                          "</mo></munder>",
                      false};
        }
        return Atom{
            "<mover accent=\"true\">" + base + "<mo>" + std::string(accent.mark) + "</mo></mover>",
            false};
      }
    }
    if (name == "left") {
      DepthGuard guard(depth_);
      std::string open = delimiter();
      std::vector<Atom> inside = sequence(Stop::right);
      std::string close;
      if (looking_at_command("\\right")) {
        at_ += 6;
        close = delimiter();
      } else {
        problem("\\left sans \\right.");
      }
      std::string out = "<mrow>" + open;
      for (const Atom& atom : inside) {
        out += atom.xml;
      }
      return Atom{out + close + "</mrow>", false};
    }
    if (name == "middle") {
      return Atom{delimiter(), false};
    }
    if (name == "not") {
      skip_spaces();
      if (peek() == '=') {
        ++at_;
        return Atom{"<mo>≠</mo>", false};
      }
      if (looking_at_command("\\in")) {
        at_ += 3;
        return Atom{"<mo>∉</mo>", false};
      }
    }
    if (name == "begin") {
      return environment();
    }
    if (name == "end") {
      const auto env = raw_group("end").value_or("");
      problem("\\end{" + env + "} sans \\begin{" + env + "}.");
      return Atom{"<merror><mtext>" + escaped("\\end{" + env + "}") + "</mtext></merror>", false};
    }
    problem("commande inconnue \\" + name + ".");
    return Atom{"<merror><mtext>" + escaped("\\" + name) + "</mtext></merror>", false};
  }

  Atom environment() {
    DepthGuard guard(depth_);
    const std::string env = raw_group("begin").value_or("");
    std::string open;
    std::string close;
    if (env == "cases") {
      open = "{";
    } else if (env == "pmatrix") {
      open = "(";
      close = ")";
    } else if (env == "bmatrix") {
      open = "[";
      close = "]";
    } else if (env == "Bmatrix") {
      open = "{";
      close = "}";
    } else if (env == "vmatrix") {
      open = "|";
      close = "|";
    } else if (env == "Vmatrix") {
      open = "‖";
      close = "‖";
    } else if (env == "array") {
      raw_group("begin{array}");  // the column specification: the browser aligns
    } else if (env != "matrix" && env != "aligned" && env != "align" && env != "gathered" &&
               env != "split" && env != "smallmatrix" && env != "eqnarray") {
      problem("environnement inconnu « " + env + " » (affiché comme un tableau).");
    }
    std::string rows;
    std::string row;
    bool closed = false;
    while (true) {
      std::vector<Atom> cell = sequence(Stop::table);
      row += "<mtd>" + (cell.empty() ? std::string() : wrap(cell)) + "</mtd>";
      if (at_end()) {
        break;
      }
      if (peek() == '&') {
        ++at_;
        continue;
      }
      if (looking_at("\\\\")) {
        at_ += 2;
        rows += "<mtr>" + row + "</mtr>";
        row.clear();
        continue;
      }
      // \end
      at_ += 4;
      const std::string name = raw_group("end").value_or("");
      if (name != env) {
        problem("\\end{" + name + "} ne ferme pas \\begin{" + env + "}.");
      }
      closed = true;
      break;
    }
    if (row != "<mtd></mtd>" || rows.empty()) {
      rows += "<mtr>" + row + "</mtr>";
    }
    if (!closed) {
      problem("\\begin{" + env + "} sans \\end{" + env + "}.");
    }
    std::string out = "<mtable>" + rows + "</mtable>";
    if (!open.empty() || !close.empty()) {
      out = "<mrow>" + (open.empty() ? "" : "<mo>" + escaped(open) + "</mo>") + out +
            (close.empty() ? "" : "<mo>" + escaped(close) + "</mo>") + "</mrow>";
    }
    return Atom{out, false};
  }

  std::string_view source_;
  std::size_t at_ = 0;
  int depth_ = 0;
  std::vector<std::string> problems_;
};

}  // namespace

MathResult latex_to_mathml(std::string_view tex, bool display) {
  const std::string source = clean_utf8(tex);
  MathResult result;
  std::string body;
  Parser parser(source);
  try {
    body = parser.parse();
    result.problems = std::move(parser.problems());
  } catch (const TooDeep&) {
    body = "<merror><mtext>" + escaped(source) + "</mtext></merror>";
    result.problems = {"Formule : trop d'imbrications (plus de " + std::to_string(kMaxDepth) +
                       " niveaux)."};
  }
  if (body.empty()) {
    body = "<mrow></mrow>";
  }
  // A display formula wider than a phone scrolls sideways inside itself (site.css); tabindex
  // lets a keyboard scroll it too (WCAG 2.1.1, axe's scrollable-region-focusable).
  result.mathml = std::string(display ? "<math display=\"block\" tabindex=\"0\">" : "<math>") +
                  "<semantics>" + body + "<annotation encoding=\"application/x-tex\">" +
                  escaped(source) + "</annotation></semantics></math>";
  return result;
}

}  // namespace imaginecole::catalog
