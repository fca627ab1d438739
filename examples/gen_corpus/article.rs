//! One synthetic article: where it goes, its front matter, and a Markdown (or text) body.

use super::prng::Rng;
use super::words::{ACCENTED, ADJECTIVES, CJK, LAST_NAMES, NOUNS, PLACES, TAG_STEMS, WORDS};
use super::{PHRASE, Vocab};
use std::fmt::Write as _;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// How the file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `---` YAML front matter, Markdown body.
    Yaml,
    /// `+++` TOML front matter (Hugo), Markdown body.
    Toml,
    /// Markdown without front matter: the title is the first heading.
    BareMarkdown,
    /// `.txt` with YAML front matter.
    TextWithFront,
    /// `.txt` without front matter: the title is the first line.
    BareText,
}

/// Script of the body text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    English,
    Accented,
    Cjk,
}

/// Everything decided about one article before it is written.
#[derive(Debug, Clone)]
pub struct Plan {
    pub index: usize,
    /// Relative to the library root, with `/` separators.
    pub path: String,
    pub shape: Shape,
    pub script: Script,
    pub title: String,
    /// Author display names, or keys of `team/authors.yml`.
    pub authors: Vec<String>,
    pub date: (u16, u8, u8),
    /// Whether the date is only in the file name.
    pub date_in_name_only: bool,
    pub tags: Vec<String>,
    /// Whether "Kuril Islands" is in the title (else in the body, when `phrase`).
    pub phrase_in_title: bool,
    pub phrase: bool,
    pub body_bytes: usize,
    pub crlf: bool,
}

/// Number of `team/<group>/` folders that use `team/authors.yml` keys.
pub const TEAM_GROUPS: usize = 12;
/// Keys defined in `team/authors.yml`.
pub const TEAM_KEYS: usize = 40;

pub fn plan(vocab: &Vocab, seed: u64, index: usize, huge: Option<usize>) -> Plan {
    let mut rng = Rng::for_item(seed, 1, index as u64);
    let shape = if huge.is_some() {
        Shape::Yaml
    } else {
        match rng.below(1000) {
            0..=4 => Shape::Toml,
            5..=9 => Shape::BareMarkdown,
            10..=14 => Shape::TextWithFront,
            15..=19 => Shape::BareText,
            _ => Shape::Yaml,
        }
    };
    let script = match rng.below(100) {
        0..=2 => Script::Cjk,
        3..=10 => Script::Accented,
        _ => Script::English,
    };
    let phrase = huge.is_some() || rng.chance(0.01);
    let phrase_in_title = phrase && huge.is_none() && rng.chance(0.2);

    let title = if phrase_in_title {
        format!("{} Notes from the {PHRASE}", rng.pick(ADJECTIVES))
    } else if huge.is_some() {
        "The Complete Archive of Everything".to_string()
    } else {
        make_title(&mut rng, script)
    };

    let year = 1998 + rng.below(28) as u16;
    let date = (year, 1 + rng.below(12) as u8, 1 + rng.below(28) as u8);
    let date_in_name_only = matches!(shape, Shape::Yaml | Shape::BareMarkdown) && rng.chance(0.12);

    let team = rng.chance(0.05);
    let n_authors = match rng.below(100) {
        0..=7 => 0,
        8..=79 => 1,
        80..=94 => 2,
        _ => 3,
    };
    let mut authors = Vec::new();
    for _ in 0..n_authors {
        let a = if team {
            format!("member{}", rng.below(TEAM_KEYS))
        } else {
            vocab.authors[vocab.author_zipf.sample(&mut rng)].clone()
        };
        if !authors.contains(&a) {
            authors.push(a);
        }
    }
    let n_tags = rng.below(7);
    let mut tags: Vec<String> = Vec::new();
    for _ in 0..n_tags {
        let t = &vocab.tags[vocab.tag_zipf.sample(&mut rng)];
        if !tags.contains(t) {
            tags.push(t.clone());
        }
    }

    // Log-normal around 4 KB, plus a thin tail of long reads up to 200 KB.
    let body_bytes = huge.unwrap_or_else(|| {
        if rng.chance(0.01) {
            rng.range(40 * 1024, 200 * 1024)
        } else {
            rng.log_normalish(4000.0, 1.3, 1024, 200 * 1024)
        }
    });
    let crlf = huge.is_none() && rng.chance(0.005);

    let slug = slugify(&title, index);
    let ext = match shape {
        Shape::TextWithFront | Shape::BareText => "txt",
        _ if rng.chance(0.02) => "markdown",
        _ => "md",
    };
    let name = if date_in_name_only || (shape == Shape::Yaml && rng.chance(0.1)) {
        format!("{:04}-{:02}-{:02}-{slug}.{ext}", date.0, date.1, date.2)
    } else {
        format!("{slug}.{ext}")
    };
    let folder = if huge.is_some() {
        "huge".to_string()
    } else if team {
        format!("team/group-{:02}", rng.below(TEAM_GROUPS))
    } else {
        match rng.below(100) {
            0..=44 => format!("{:04}/{:02}", date.0, date.1),
            45..=74 => {
                let stem = TAG_STEMS[index % 40];
                match rng.below(3) {
                    0 => format!("topics/{stem}"),
                    1 => format!("topics/{stem}/{}", rng.pick(&TAG_STEMS[..30])),
                    _ => format!("topics/{stem}/{}/{:04}", rng.pick(&TAG_STEMS[..30]), date.0),
                }
            }
            75..=94 => "inbox".to_string(),
            _ => String::new(),
        }
    };
    let path = if folder.is_empty() {
        name
    } else {
        format!("{folder}/{name}")
    };
    Plan {
        index,
        path,
        shape,
        script,
        title,
        authors,
        date,
        date_in_name_only,
        tags,
        phrase_in_title,
        phrase,
        body_bytes,
        crlf,
    }
}

fn make_title(rng: &mut Rng, script: Script) -> String {
    if script == Script::Cjk && rng.chance(0.7) {
        let mut s = String::new();
        let n = 8 + rng.below(12);
        cjk_run(rng, &mut s, n);
        return s;
    }
    match rng.below(6) {
        0 => format!("The {} {}", rng.pick(ADJECTIVES), rng.pick(NOUNS)),
        1 => format!(
            "{} {} of {}",
            rng.pick(ADJECTIVES),
            rng.pick(NOUNS),
            rng.pick(PLACES)
        ),
        2 => format!(
            "{}: a story of {}",
            rng.pick(PLACES),
            rng.pick(NOUNS).to_lowercase()
        ),
        3 => format!(
            "Why the {} {} matters",
            rng.pick(ADJECTIVES).to_lowercase(),
            rng.pick(NOUNS).to_lowercase()
        ),
        4 => format!(
            "Letters from {} — {} {}",
            rng.pick(PLACES),
            rng.pick(ADJECTIVES).to_lowercase(),
            rng.pick(NOUNS).to_lowercase()
        ),
        _ => format!(
            "“{}” and the {} {}",
            rng.pick(NOUNS),
            rng.pick(LAST_NAMES),
            rng.pick(NOUNS)
        ),
    }
}

fn slugify(title: &str, index: usize) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() > 40 {
            break;
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        format!("article-{index}")
    } else {
        format!("{slug}-{index}")
    }
}

/// A YAML scalar: plain when that is safe, else double-quoted.
fn yaml_str(s: &str, out: &mut String) {
    yaml_scalar(s, false, out)
}

/// `commas`: commas may stay plain (a block value, not inside a flow list).
fn yaml_scalar(s: &str, commas: bool, out: &mut String) {
    let special: &[char] = if commas {
        &['[', ']', '{', '}', '"', '\\']
    } else {
        &['[', ']', '{', '}', ',', '"', '\\']
    };
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`“ ".contains(c) || c.is_ascii_digit())
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with([':', ' '])
        && !s.contains(special);
    if plain {
        out.push_str(s);
    } else {
        // A YAML double-quoted string escapes `"` and `\` as a TOML basic string does.
        toml_str(s, out);
    }
}

fn toml_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn date_text(rng: &mut Rng, (y, m, d): (u16, u8, u8)) -> String {
    let month = MONTHS[usize::from(m) - 1];
    match rng.below(10) {
        0..=3 => format!("{y:04}-{m:02}-{d:02}"),
        4 => format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:00Z",
            rng.below(24),
            rng.below(60)
        ),
        5 => format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:00+09:00",
            rng.below(24),
            rng.below(60)
        ),
        6 => format!("{y:04}-{m:02}"),
        7 => format!("{y:04}"),
        8 => format!("{month} {d}, {y:04}"),
        _ => format!("{d} {month} {y:04}"),
    }
}

/// `key: [a, b]` or a block list; `out` ends with `key:`.
fn yaml_list(items: &[String], out: &mut String, rng: &mut Rng) {
    if rng.chance(0.5) {
        out.push_str(" [");
        for (i, t) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            yaml_str(t, out);
        }
        out.push_str("]\n");
    } else {
        out.push('\n');
        for t in items {
            out.push_str("  - ");
            yaml_str(t, out);
            out.push('\n');
        }
    }
}

fn yaml_front(plan: &Plan, rng: &mut Rng, out: &mut String) {
    out.push_str("---\n");
    out.push_str("title: ");
    yaml_str(&plan.title, out);
    out.push('\n');
    match plan.authors.len() {
        0 => {}
        1 if rng.chance(0.6) => {
            out.push_str("author: ");
            yaml_str(&plan.authors[0], out);
            out.push('\n');
        }
        1 => {
            out.push_str("authors:");
            yaml_list(&plan.authors, out, rng);
        }
        _ if rng.chance(0.15) => {
            // Both keys: merged by the reader.
            out.push_str("author: ");
            yaml_str(&plan.authors[0], out);
            out.push_str("\nauthors:");
            yaml_list(&plan.authors[1..], out, rng);
        }
        _ => {
            out.push_str("authors:");
            yaml_list(&plan.authors, out, rng);
        }
    }
    if !plan.date_in_name_only {
        out.push_str("date: ");
        let d = date_text(rng, plan.date);
        out.push_str(&d);
        out.push('\n');
    }
    if !plan.tags.is_empty() {
        let (key, rest_key) = match rng.below(10) {
            0 => ("keywords", "tags"),
            1 => ("categories", "tags"),
            2 => ("tags", "category"),
            _ => ("tags", ""),
        };
        let split = if rest_key.is_empty() || plan.tags.len() < 2 {
            plan.tags.len()
        } else {
            plan.tags.len() / 2
        };
        for (k, items) in [(key, &plan.tags[..split]), (rest_key, &plan.tags[split..])] {
            if k.is_empty() || items.is_empty() {
                continue;
            }
            let _ = write!(out, "{k}:");
            if rng.chance(0.3) {
                // A comma-separated string.
                out.push(' ');
                let joined = items.join(", ");
                yaml_scalar(&joined, rng.chance(0.7), out);
                out.push('\n');
            } else {
                yaml_list(items, out, rng);
            }
        }
    }
    if rng.chance(0.6) {
        let key = if rng.chance(0.8) {
            "source"
        } else {
            "publisher"
        };
        let _ = writeln!(out, "{key}: The {} {}", rng.pick(PLACES), rng.pick(NOUNS));
    }
    if rng.chance(0.7) {
        let key = if rng.chance(0.85) { "url" } else { "link" };
        let _ = writeln!(
            out,
            "{key}: https://example.{}/articles/{}",
            ["com", "org", "net", "jp"][rng.below(4)],
            plan.index
        );
    }
    if rng.chance(0.4) {
        let key = if rng.chance(0.7) {
            "summary"
        } else {
            "description"
        };
        let _ = write!(out, "{key}: ");
        let mut s = String::new();
        sentence(rng, plan.script, &mut s);
        yaml_str(s.trim(), out);
        out.push('\n');
    }
    if rng.chance(0.3) {
        let lang = match plan.script {
            Script::Cjk => "ja",
            Script::Accented => ["fr", "de"][rng.below(2)],
            Script::English => "en",
        };
        let _ = writeln!(out, "lang: {lang}");
    }
    if rng.chance(0.15) {
        let _ = writeln!(out, "reading_time: {}", 1 + rng.below(30));
    }
    if rng.chance(0.05) {
        out.push_str("draft: false\n");
    }
    out.push_str(if rng.chance(0.03) { "...\n" } else { "---\n" });
}

fn toml_front(plan: &Plan, rng: &mut Rng, out: &mut String) {
    out.push_str("+++\ntitle = ");
    toml_str(&plan.title, out);
    out.push('\n');
    if !plan.authors.is_empty() {
        out.push_str("authors = [");
        for (i, a) in plan.authors.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            toml_str(a, out);
        }
        out.push_str("]\n");
    }
    let (y, m, d) = plan.date;
    let _ = writeln!(out, "date = {y:04}-{m:02}-{d:02}");
    if !plan.tags.is_empty() {
        out.push_str("tags = [");
        for (i, t) in plan.tags.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            toml_str(t, out);
        }
        out.push_str("]\n");
    }
    if rng.chance(0.5) {
        let _ = writeln!(out, "url = \"https://example.org/hugo/{}\"", plan.index);
    }
    out.push_str("+++\n");
}

/// The whole file.
pub fn render(plan: &Plan, seed: u64) -> String {
    let mut rng = Rng::for_item(seed, 2, plan.index as u64);
    let mut out = String::with_capacity(plan.body_bytes + 1024);
    match plan.shape {
        Shape::Yaml | Shape::TextWithFront => yaml_front(plan, &mut rng, &mut out),
        Shape::Toml => toml_front(plan, &mut rng, &mut out),
        Shape::BareMarkdown | Shape::BareText => {}
    }
    let start = out.len();
    let markdown = matches!(plan.shape, Shape::Yaml | Shape::Toml | Shape::BareMarkdown);
    if markdown {
        if plan.shape == Shape::BareMarkdown || rng.chance(0.3) {
            let _ = write!(out, "# {}\n\n", plan.title);
        }
    } else {
        let _ = write!(out, "{}\n\n", plan.title);
    }
    let target = start + plan.body_bytes;
    // Where the phrase goes: a block somewhere in the body, on one line of its own.
    let phrase_at = if plan.phrase && !plan.phrase_in_title {
        start + rng.below(plan.body_bytes.max(1))
    } else {
        usize::MAX
    };
    let mut phrase_done = false;
    while out.len() < target {
        if !phrase_done && out.len() >= phrase_at {
            phrase_done = true;
            phrase_paragraph(&mut rng, &mut out);
            continue;
        }
        if markdown {
            markdown_block(&mut rng, plan.script, &mut out);
        } else {
            paragraph(&mut rng, plan.script, false, &mut out);
            out.push_str("\n\n");
        }
    }
    if !phrase_done && phrase_at != usize::MAX {
        phrase_paragraph(&mut rng, &mut out);
    }
    if plan.crlf {
        out = out.replace('\n', "\r\n");
    }
    out
}

fn phrase_paragraph(rng: &mut Rng, out: &mut String) {
    let lead = ["Fishing boats near the", "Talks about the", "Winter in the"][rng.below(3)];
    let _ = write!(
        out,
        "{lead} {PHRASE} went on for years, and nobody expected an answer soon.\n\n"
    );
}

fn markdown_block(rng: &mut Rng, script: Script, out: &mut String) {
    match rng.below(100) {
        0..=54 => {
            paragraph(rng, script, true, out);
            out.push_str("\n\n");
        }
        55..=62 => {
            let level = if rng.chance(0.7) { "##" } else { "###" };
            let _ = write!(
                out,
                "{level} {} {}\n\n",
                rng.pick(ADJECTIVES),
                rng.pick(NOUNS)
            );
        }
        63..=74 => {
            let ordered = rng.chance(0.3);
            for i in 0..rng.range(2, 6) {
                if ordered {
                    let _ = write!(out, "{}. ", i + 1);
                } else {
                    out.push_str("- ");
                }
                sentence(rng, script, out);
                out.push('\n');
            }
            out.push('\n');
        }
        75..=81 => {
            out.push_str("```");
            out.push_str(["rust", "python", "sh", "", "json"][rng.below(5)]);
            out.push('\n');
            for i in 0..rng.range(2, 12) {
                let _ = writeln!(
                    out,
                    "{}let {}_{i} = {}({});",
                    "    ".repeat(rng.below(3)),
                    rng.pick(WORDS),
                    rng.pick(WORDS),
                    rng.below(1000)
                );
            }
            out.push_str("```\n\n");
        }
        82..=88 => {
            for _ in 0..rng.range(1, 3) {
                out.push_str("> ");
                sentence(rng, script, out);
                out.push('\n');
            }
            out.push('\n');
        }
        89..=91 => {
            out.push_str("| Year | Place | Count |\n|---:|:---|---:|\n");
            for _ in 0..rng.range(2, 8) {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    1990 + rng.below(35),
                    rng.pick(PLACES),
                    rng.below(100_000)
                );
            }
            out.push('\n');
        }
        92..=95 => {
            let _ = write!(
                out,
                "See [{} {}](https://example.com/{}/{}) and <https://example.org/{}>.\n\n",
                rng.pick(ADJECTIVES),
                rng.pick(NOUNS),
                rng.pick(WORDS),
                rng.below(10_000),
                rng.below(10_000)
            );
        }
        _ => out.push_str("---\n\n"),
    }
}

fn paragraph(rng: &mut Rng, script: Script, markdown: bool, out: &mut String) {
    let wrap = rng.chance(0.4);
    let line_start = out.len();
    let mut col_start = line_start;
    for _ in 0..rng.range(2, 7) {
        sentence(rng, script, out);
        if markdown && rng.chance(0.15) {
            let _ = write!(
                out,
                " [{}](https://example.net/{}) ",
                rng.pick(WORDS),
                rng.below(100_000)
            );
        }
        if wrap && out.len() - col_start > 72 {
            out.push('\n');
            col_start = out.len();
        }
    }
    while out.ends_with([' ', '\n']) {
        out.pop();
    }
}

fn sentence(rng: &mut Rng, script: Script, out: &mut String) {
    match script {
        Script::Cjk if rng.chance(0.8) => {
            let n = rng.range(12, 40);
            cjk_run(rng, out, n);
            out.push('。');
            return;
        }
        _ => {}
    }
    let n = rng.range(6, 20);
    for i in 0..n {
        let w = if script == Script::Accented && rng.chance(0.25) {
            rng.pick(ACCENTED)
        } else {
            rng.pick(WORDS)
        };
        if i == 0 {
            let mut cs = w.chars();
            if let Some(c) = cs.next() {
                out.extend(c.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push(' ');
            match rng.below(60) {
                0 => {
                    let _ = write!(out, "*{w}*");
                }
                1 => {
                    let _ = write!(out, "**{w}**");
                }
                2 => {
                    let _ = write!(out, "`{w}()`");
                }
                3 => {
                    let place = *rng.pick(PLACES);
                    out.push_str(place);
                }
                _ => out.push_str(w),
            }
        }
    }
    out.push_str([". ", ". ", ". ", ". ", "? ", "! "][rng.below(6)]);
}

fn cjk_run(rng: &mut Rng, out: &mut String, n: usize) {
    // CJK is all 3-byte UTF-8 here: index by character.
    let chars = CJK.len() / 3;
    for _ in 0..n {
        let i = rng.below(chars) * 3;
        out.push_str(&CJK[i..i + 3]);
    }
}
