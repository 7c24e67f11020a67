// SPDX-License-Identifier: AGPL-3.0-or-later
#include "learning/player_form.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "catalog/markdown.hpp"
#include "exercises/pupil_view.hpp"
#include "learning/response.hpp"

namespace imaginecole::learning {
namespace {

namespace json = boost::json;
using exercises::Question;
using exercises::QuestionType;

std::string name_of(std::size_t question, std::string_view part = {}, std::size_t k = 0) {
  std::string out = "q" + std::to_string(question);
  if (!part.empty()) {
    out += "_" + std::string(part) + std::to_string(k);
  }
  return out;
}

bool has_field(const FormFields& form, std::string_view name) {
  return std::any_of(form.begin(), form.end(),
                     [&](const auto& field) { return field.first == name; });
}

bool has_value(const FormFields& form, std::string_view name, std::string_view value) {
  return std::any_of(form.begin(), form.end(), [&](const auto& field) {
    return field.first == name && field.second == value;
  });
}

std::string attributes(bool checked, bool disabled) {
  return std::string(checked ? " checked" : "") + (disabled ? " disabled" : "");
}

// True when the text renders as more than its escaped self (maths, emphasis, markup).
bool needs_markup(std::string_view text) {
  return inline_html(text) != escape_html(text);
}

// A choice among `options` (texts) for the field `name`: a <select> for plain texts, radio
// buttons when one of them carries markup.
std::string chooser(const std::string& name, const std::string& label,
                    const std::vector<std::string>& options, const std::string& choose,
                    const std::string& chosen, bool disabled, bool inline_group) {
  const bool rich = std::any_of(options.begin(), options.end(), needs_markup);
  if (!rich) {
    std::string out = "<select name=\"" + name + "\" aria-label=\"" + escape_html(label) + "\"" +
                      (disabled ? " disabled" : "") + "><option value=\"\">" + escape_html(choose) +
                      "</option>";
    for (const auto& option : options) {
      out += "<option" + std::string(option == chosen ? " selected" : "") + ">" +
             escape_html(option) + "</option>";
    }
    return out + "</select>";
  }
  const std::string tag = inline_group ? "span" : "div";
  std::string out = "<" + tag + " role=\"radiogroup\" aria-label=\"" + escape_html(label) +
                    "\" class=\"options\">";
  for (const auto& option : options) {
    out += "<label class=\"choice\"><input type=\"radio\" name=\"" + name + "\" value=\"" +
           escape_html(option) + "\"" + attributes(option == chosen, disabled) + "> " +
           inline_html(option) + "</label>";
  }
  return out + "</" + tag + ">";
}

std::vector<std::string> match_options(const Question& q) {
  std::vector<std::string> out = q.distractors;
  for (const auto& pair : q.pairs) {
    out.push_back(pair.right);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string fieldset(const std::string& legend, const std::string& body) {
  return "<fieldset><legend>" + escape_html(legend) + "</legend>" + body + "</fieldset>";
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
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
        out.push_back(c);
    }
  }
  return out;
}

std::string inline_html(std::string_view markdown) {
  std::string html = catalog::markdown_to_html(markdown);
  while (!html.empty() && (html.back() == '\n' || html.back() == ' ')) {
    html.pop_back();
  }
  // One paragraph: its content alone, so that it sits inside a label.
  if (html.starts_with("<p>") && html.ends_with("</p>") &&
      html.find("<p>", 3) == std::string::npos) {
    html = html.substr(3, html.size() - 7);
  }
  return html;
}

std::string field_value(const FormFields& form, std::string_view name) {
  for (const auto& [key, value] : form) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

RenderedQuestion render_question(const Question& q, std::size_t index, const FieldWords& words,
                                 const FormFields& given, bool disabled) {
  RenderedQuestion out;
  const std::string name = name_of(index);
  out.prompt_html = catalog::markdown_to_html(q.prompt);
  switch (q.type) {
    case QuestionType::single_choice:
    case QuestionType::multiple_choice: {
      const bool single = q.type == QuestionType::single_choice;
      std::string body;
      for (std::size_t k = 0; k < q.choices.size(); ++k) {
        const std::string value = std::to_string(k);
        body += "<label class=\"choice\"><input type=\"";
        body += single ? "radio" : "checkbox";
        body += "\" name=\"";
        body += name;
        body += "\" value=\"";
        body += value;
        body += "\"";
        body += attributes(has_value(given, name, value), disabled);
        body += "> " + inline_html(q.choices[k].text) + "</label>";
      }
      out.inputs_html = fieldset(words.answer, body);
      break;
    }
    case QuestionType::true_false: {
      const std::string chosen = field_value(given, name);
      out.inputs_html = fieldset(
          words.answer, "<label class=\"choice\"><input type=\"radio\" name=\"" + name +
                            "\" value=\"true\"" + attributes(chosen == "true", disabled) + "> " +
                            escape_html(words.truth) +
                            "</label><label class=\"choice\"><input type=\"radio\" name=\"" + name +
                            "\" value=\"false\"" + attributes(chosen == "false", disabled) + "> " +
                            escape_html(words.falsity) + "</label>");
      break;
    }
    case QuestionType::numeric:
    case QuestionType::short_text: {
      const bool numeric = q.type == QuestionType::numeric;
      std::string unit;
      if (numeric && !q.units.empty()) {
        unit = " <span class=\"unit\">" + escape_html(q.units.front().name) + "</span>";
      }
      out.inputs_html = "<label>" + escape_html(words.answer) + " <input name=\"" + name +
                        "\" autocomplete=\"off\" value=\"" + escape_html(field_value(given, name)) +
                        "\"" + (numeric ? " inputmode=\"decimal\"" : "") +
                        (disabled ? " disabled" : "") + ">" + unit + "</label>";
      if (!unit.empty()) {
        out.inputs_html += "<p class=\"unit-hint\">" + escape_html(words.unit) + " " +
                           escape_html(q.units.front().name) + "</p>";
      }
      break;
    }
    case QuestionType::matching: {
      const auto options = match_options(q);
      std::string body = "<ul class=\"matching\">";
      for (std::size_t k = 0; k < q.pairs.size(); ++k) {
        const std::string field = name_of(index, "m", k);
        body += "<li>" + inline_html(q.pairs[k].left) + " → " +
                chooser(field, q.pairs[k].left, options, words.choose, field_value(given, field),
                        disabled, false) +
                "</li>";
      }
      out.inputs_html = fieldset(words.answer, body + "</ul>");
      break;
    }
    case QuestionType::ordering: {
      const std::vector<int> listed = exercises::listed_item_order(q);
      std::string body = "<ul class=\"ordering\">";
      for (std::size_t k = 0; k < listed.size(); ++k) {
        const std::string& item = q.items[static_cast<std::size_t>(listed[k])];
        const std::string field = name_of(index, "o", k);
        const std::string chosen = field_value(given, field);
        body += "<li><select name=\"" + field + "\" aria-label=\"" +
                escape_html(words.position + " · " + item) + "\"" + (disabled ? " disabled" : "") +
                "><option value=\"\">—</option>";
        for (std::size_t p = 1; p <= listed.size(); ++p) {
          const std::string value = std::to_string(p);
          body += "<option" + std::string(value == chosen ? " selected" : "") + ">" + value +
                  "</option>";
        }
        body += "</select> " + inline_html(item) + "</li>";
      }
      out.inputs_html = fieldset(words.answer, body + "</ul>");
      break;
    }
    case QuestionType::fill_blanks:
      for (std::size_t k = 0; k < q.blanks.size(); ++k) {
        const std::string marker = exercises::blank_marker(k + 1);
        const auto at = out.prompt_html.find(marker);
        if (at == std::string::npos) {
          continue;
        }
        const std::string field = name_of(index, "b", k);
        const std::string label = words.blank + " " + std::to_string(k + 1);
        const std::string input = q.blanks[k].options.empty()
                                      ? "<input name=\"" + field + "\" aria-label=\"" +
                                            escape_html(label) +
                                            "\" autocomplete=\"off\" size=\"12\" value=\"" +
                                            escape_html(field_value(given, field)) + "\"" +
                                            (disabled ? " disabled" : "") + ">"
                                      : chooser(field, label, q.blanks[k].options, words.choose,
                                                field_value(given, field), disabled, true);
        out.prompt_html.replace(at, marker.size(), input);
      }
      break;
    case QuestionType::essay: {
      // What the pupil wrote stays in the box; a fresh box starts with the question's template.
      const std::string typed = field_value(given, name);
      const std::string text =
          given.empty() || !has_field(given, name) ? q.response_template : typed;
      out.inputs_html = "<label>" + escape_html(words.answer) + "<textarea name=\"" + name +
                        "\" rows=\"8\" maxlength=\"" + std::to_string(kMaxEssayText) + "\"" +
                        (disabled ? " disabled" : "") + ">" + escape_html(text) +
                        "</textarea></label><p class=\"unit-hint\">" + escape_html(words.essay);
      if (q.expected_words > 0) {
        out.inputs_html +=
            " (" + std::to_string(q.expected_words) + " " + escape_html(words.words) + ")";
      }
      out.inputs_html += "</p>";
      break;
    }
    case QuestionType::description:
      break;
  }
  return out;
}

std::optional<json::value> response_from_form(const Question& q, std::size_t index,
                                              const FormFields& form) {
  const std::string name = name_of(index);
  const auto small_index = [&](const std::string& value) -> std::optional<std::int64_t> {
    if (value.empty() || value.size() > 4 ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    const auto number = std::stoll(value);
    return number < static_cast<std::int64_t>(q.choices.size()) ? std::optional(number)
                                                                : std::nullopt;
  };
  switch (q.type) {
    case QuestionType::single_choice:
      if (const auto choice = small_index(field_value(form, name))) {
        return json::value(json::object{{"choice", *choice}});
      }
      return std::nullopt;
    case QuestionType::multiple_choice: {
      json::array choices;
      std::vector<std::int64_t> seen;
      for (const auto& [key, value] : form) {
        if (key != name) {
          continue;
        }
        const auto choice = small_index(value);
        if (choice && std::find(seen.begin(), seen.end(), *choice) == seen.end()) {
          seen.push_back(*choice);
          choices.emplace_back(*choice);
        }
      }
      if (choices.empty()) {
        return std::nullopt;
      }
      return json::value(json::object{{"choices", std::move(choices)}});
    }
    case QuestionType::true_false: {
      const std::string value = field_value(form, name);
      if (value != "true" && value != "false") {
        return std::nullopt;
      }
      return json::value(json::object{{"truth", value == "true"}});
    }
    case QuestionType::numeric:
    case QuestionType::short_text: {
      std::string text = field_value(form, name).substr(0, 500);
      if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        return std::nullopt;
      }
      return json::value(json::object{{"text", std::move(text)}});
    }
    case QuestionType::fill_blanks: {
      json::array blanks;
      bool any = false;
      for (std::size_t k = 0; k < q.blanks.size(); ++k) {
        std::string text = field_value(form, name_of(index, "b", k)).substr(0, 500);
        any = any || text.find_first_not_of(" \t\r\n") != std::string::npos;
        blanks.emplace_back(std::move(text));
      }
      return any ? std::optional(json::value(json::object{{"blanks", std::move(blanks)}}))
                 : std::nullopt;
    }
    case QuestionType::matching: {
      json::array matches;
      bool any = false;
      for (std::size_t k = 0; k < q.pairs.size(); ++k) {
        std::string text = field_value(form, name_of(index, "m", k)).substr(0, 500);
        any = any || !text.empty();
        matches.emplace_back(std::move(text));
      }
      return any ? std::optional(json::value(json::object{{"matches", std::move(matches)}}))
                 : std::nullopt;
    }
    case QuestionType::ordering: {
      // Position p (1-based) of the item listed k-th; the response lists listed indexes in the
      // pupil's order.
      const std::size_t count = q.items.size();
      std::vector<int> at_position(count, -1);
      for (std::size_t k = 0; k < count; ++k) {
        const std::string value = field_value(form, name_of(index, "o", k));
        const int position = value.size() <= 3 && !value.empty() &&
                                     std::all_of(value.begin(), value.end(),
                                                 [](char c) { return c >= '0' && c <= '9'; })
                                 ? std::stoi(value)
                                 : 0;
        if (position < 1 || static_cast<std::size_t>(position) > count ||
            at_position[static_cast<std::size_t>(position - 1)] != -1) {
          return std::nullopt;
        }
        at_position[static_cast<std::size_t>(position - 1)] = static_cast<int>(k);
      }
      json::array order;
      for (const int k : at_position) {
        order.emplace_back(k);
      }
      return json::value(json::object{{"order", std::move(order)}});
    }
    case QuestionType::essay: {
      std::string text = field_value(form, name);
      if (text.find_first_not_of(" \t\r\n") == std::string::npos || text == q.response_template) {
        return std::nullopt;
      }
      return json::value(json::object{{"text", std::move(text)}});
    }
    case QuestionType::description:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace imaginecole::learning
