//! A title for articles whose front matter has none: the first heading, or the first line.

/// Lines looked at before giving up (the body read at load time is only the start of the file).
const MAX_LINES: usize = 2_000;

/// The first Markdown heading: ATX (`# Title`, `## Title #`) or setext (`Title` over `===` or
/// `---`), skipping fenced and indented code.
pub fn first_heading(body: &str) -> Option<String> {
    let mut fence: Option<(char, usize)> = None;
    // The previous line when it was a one-line paragraph (a setext heading candidate).
    let mut paragraph: Option<&str> = None;
    let mut previous_blank = true;
    for line in body.lines().take(MAX_LINES) {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = line.trim();
        if let Some((c, n)) = fence {
            if indent < 4
                && trimmed.starts_with(&*c.to_string().repeat(n))
                && trimmed.chars().all(|x| x == c)
            {
                fence = None;
            }
            previous_blank = false;
            continue;
        }
        if indent < 4
            && let Some(open) = code_fence(trimmed)
        {
            fence = Some(open);
            paragraph = None;
            previous_blank = false;
            continue;
        }
        if trimmed.is_empty() {
            paragraph = None;
            previous_blank = true;
            continue;
        }
        if indent >= 4 && paragraph.is_none() {
            previous_blank = false;
            continue;
        }
        if let Some(text) = atx_heading(trimmed) {
            if !text.is_empty() {
                return Some(text.to_string());
            }
            paragraph = None;
            previous_blank = false;
            continue;
        }
        if let Some(text) = paragraph
            && indent < 4
            && is_setext_underline(trimmed)
        {
            return Some(text.to_string());
        }
        paragraph = if previous_blank { Some(trimmed) } else { None };
        previous_blank = false;
    }
    None
}

/// The first non-empty line, for plain-text articles (a leading `#` mark is dropped).
pub fn first_line(body: &str) -> Option<String> {
    let line = body
        .lines()
        .take(MAX_LINES)
        .map(str::trim)
        .find(|l| !l.is_empty())?;
    let text = atx_heading(line).unwrap_or(line);
    (!text.is_empty()).then(|| text.to_string())
}

/// ```` ``` ```` / `~~~` (three or more) opens a fenced code block.
fn code_fence(trimmed: &str) -> Option<(char, usize)> {
    let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = trimmed.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

/// The text of `# Title` / `###### Title ##`, `None` if the line is not an ATX heading.
fn atx_heading(trimmed: &str) -> Option<&str> {
    let hashes = trimmed.chars().take_while(|c| *c == '#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = trimmed.get(hashes..)?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = rest.trim();
    // A closing run of `#` counts only after a space.
    let without_closing = rest.trim_end_matches('#');
    let text = if without_closing.is_empty() || without_closing.ends_with([' ', '\t']) {
        without_closing.trim_end()
    } else {
        rest
    };
    Some(text)
}

fn is_setext_underline(trimmed: &str) -> bool {
    let mut chars = trimmed.chars();
    match chars.next() {
        Some(c @ ('=' | '-')) => chars.all(|x| x == c),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atx_headings() {
        assert_eq!(
            first_heading("intro\n\n# Title\n").as_deref(),
            Some("Title")
        );
        assert_eq!(first_heading("## Sub ##\n").as_deref(), Some("Sub"));
        assert_eq!(first_heading("# C# tips\n").as_deref(), Some("C# tips"));
        assert_eq!(
            first_heading("#hashtag\n\n# Real\n").as_deref(),
            Some("Real")
        );
        assert_eq!(first_heading("#\n# Real\n").as_deref(), Some("Real"));
        assert_eq!(first_heading("####### seven\n"), None);
    }

    #[test]
    fn setext_headings() {
        assert_eq!(
            first_heading("Title\n=====\n\ntext").as_deref(),
            Some("Title")
        );
        assert_eq!(first_heading("\nTitle\n---\n").as_deref(), Some("Title"));
        // A thematic break after a blank line is not a heading.
        assert_eq!(first_heading("text\n\n---\n"), None);
    }

    #[test]
    fn code_is_not_a_heading() {
        let body = "```bash\n# install\nnpm i\n```\n\n    # indented\n\n# Real\n";
        assert_eq!(first_heading(body).as_deref(), Some("Real"));
        assert_eq!(
            first_heading("~~~~\n# no\n~~~\n# still code\n~~~~\n# yes\n").as_deref(),
            Some("yes")
        );
    }

    #[test]
    fn first_line_of_text() {
        assert_eq!(
            first_line("\n\n  Hello world  \nmore").as_deref(),
            Some("Hello world")
        );
        assert_eq!(first_line("# Heading\n").as_deref(), Some("Heading"));
        assert_eq!(first_line("   \n"), None);
    }
}
