//! Raw HTML in Markdown: tags are dropped and their text kept, so a page pasted from the web
//! reads as text rather than `<div>` soup.

/// Tags after which the text starts a new paragraph.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tr",
    "ul",
];

/// Elements whose content is not text for a reader.
const SKIPPED: &[&str] = &["script", "style", "template", "head"];

/// The tag's name, lowercased, without `/`; None for comments and declarations.
fn tag_name(tag: &str) -> Option<String> {
    let inner = tag.strip_prefix('<')?.trim_start_matches('/');
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Whether an inline HTML tag is a line break (`<br>`, `<br/>`).
pub fn is_break(tag: &str) -> bool {
    tag_name(tag).as_deref() == Some("br") && !tag.starts_with("</")
}

/// The text of an HTML fragment as paragraphs (possibly empty ones), entities decoded.
pub fn paragraphs(html: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_text(&rest[..lt], &mut out);
        let tail = &rest[lt..];
        if let Some(comment) = tail.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(gt) = tail.find('>') else {
            // A lone `<` is text.
            push_text(tail, &mut out);
            rest = "";
            break;
        };
        let tag = &tail[..=gt];
        rest = &tail[gt + 1..];
        let Some(name) = tag_name(tag) else { continue };
        if BLOCK_TAGS.contains(&name.as_str()) {
            out.push(String::new());
        } else if SKIPPED.contains(&name.as_str()) && !tag.starts_with("</") && !tag.ends_with("/>")
        {
            let close = format!("</{name}");
            rest = match find_ignoring_case(rest, &close) {
                Some(at) => {
                    let after = &rest[at..];
                    after.find('>').map_or("", |gt| &after[gt + 1..])
                }
                None => "",
            };
        }
    }
    push_text(rest, &mut out);
    out
}

/// Byte offset of ASCII `needle` in `hay`, ignoring ASCII case.
fn find_ignoring_case(hay: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn push_text(text: &str, out: &mut [String]) {
    if let (false, Some(para)) = (text.is_empty(), out.last_mut()) {
        decode_entities(text, para);
    }
}

/// Decodes the entities common in web text; unknown ones stay as written.
pub fn decode_entities(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let entity = tail[1..]
            .find(';')
            .filter(|&semi| semi <= 10)
            .and_then(|semi| decode_entity(&tail[1..=semi]).map(|c| (c, semi + 2)));
        match entity {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
}

fn decode_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|&c| c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "copy" => '©',
        "eacute" => 'é',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn non_empty(html: &str) -> Vec<String> {
        paragraphs(html)
            .into_iter()
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect()
    }

    #[test]
    fn tags_go_and_text_stays() {
        let html = "<div class=\"x\"><p>Hello <b>world</b> &amp; friends</p>\n<p>Two</p></div>";
        assert_eq!(non_empty(html), ["Hello world & friends", "Two"]);
    }

    #[test]
    fn comments_scripts_and_styles_go() {
        let html = "<!-- hidden -->a<script>alert(1)</script>b<style>p{}</style>c";
        assert_eq!(non_empty(html), ["abc"]);
    }

    #[test]
    fn lone_angle_bracket_is_text() {
        assert_eq!(non_empty("1 < 2"), ["1 < 2"]);
        assert_eq!(non_empty("&#x41;&#66;&bogus;"), ["AB&bogus;"]);
    }
}
