//! Each construct rendered at a given width, line by line.

use super::*;

fn show(doc: &Document, width: u16) -> Vec<String> {
    doc.layout(width).iter().map(Line::text).collect()
}

fn md(src: &str, width: u16) -> Vec<String> {
    show(&Document::markdown(src), width)
}

fn look(f: impl FnOnce(&mut Look)) -> Look {
    let mut l = Look::default();
    f(&mut l);
    l
}

/// Every line fits, and no control character gets through.
fn assert_sane(doc: &Document, width: u16) {
    for line in doc.layout(width) {
        assert!(
            line.width() <= usize::from(width.max(1)),
            "{line:?} wider than {width}"
        );
        assert!(!line.text().chars().any(char::is_control), "{line:?}");
    }
}

#[test]
fn headings_are_underlined_by_level() {
    let lines = md(
        "# Kuril Islands\n\n## Background\n\n### Details\n\ntext",
        40,
    );
    assert_eq!(
        lines,
        [
            "Kuril Islands",
            "═════════════",
            "",
            "Background",
            "──────────",
            "",
            "Details",
            "",
            "text"
        ]
    );
    let doc = Document::markdown("# Title");
    let first = &doc.layout(40)[0];
    assert_eq!(first.spans[0].look.heading, 1);
    assert!(doc.layout(40)[1].spans[0].look.dim);
}

#[test]
fn long_heading_underline_fits_its_lines() {
    assert_eq!(
        md("# The dispute over the islands", 12),
        ["The dispute", "over the", "islands", "═══════════"]
    );
}

#[test]
fn paragraph_wraps_and_keeps_inline_looks() {
    let doc = Document::markdown("Plain *em* **strong** ~~gone~~ `code` end of the paragraph");
    assert_eq!(
        show(&doc, 20),
        ["Plain em strong gone", "code end of the", "paragraph"]
    );
    let lines = doc.layout(20);
    let find = |text: &str| {
        lines
            .iter()
            .flat_map(|l| &l.spans)
            .find(|s| s.text.contains(text))
            .unwrap()
            .look
    };
    assert!(find("em").emphasis);
    assert!(find("strong").strong);
    assert!(find("gone").strike);
    assert!(find("code").code);
    assert_eq!(find("end"), Look::default());
}

#[test]
fn links_are_numbered_and_listed_at_the_end() {
    let src = "See [the map](https://example.com/map) and [the treaty](https://example.com/t), \
               then [the map again](https://example.com/map). Or <https://auto.example>.";
    assert_eq!(
        md(src, 40),
        [
            "See the map[1] and the treaty[2], then",
            "the map again[1]. Or",
            "https://auto.example.",
            "",
            "────────────────────────────────────────",
            "",
            "Links",
            "[1] https://example.com/map",
            "[2] https://example.com/t",
        ]
    );
    let lines = Document::markdown(src).layout(40);
    let map = &lines[0].spans[1];
    assert_eq!((map.text.as_str(), map.look.link), ("the map", true));
    assert_eq!(lines[0].spans[2], Span::new("[1]", Look::DIM));
    assert!(lines[7].spans.iter().all(|s| s.look.dim));
}

#[test]
fn long_urls_in_the_link_list_hang_under_their_number() {
    let lines = md("[x](https://example.com/a/very/long/path)", 20);
    assert_eq!(
        &lines[4..],
        [
            "Links",
            "[1] https://example.",
            "    com/a/very/long/",
            "    path"
        ]
    );
}

#[test]
fn images_show_their_alt_text() {
    assert_eq!(
        md("![A map of the islands](map.png) and ![](x.png)", 60),
        ["[image: A map of the islands] and [image]"]
    );
    let lines = Document::markdown("![alt](a.png)").layout(60);
    assert!(lines[0].spans.iter().all(|s| s.look.dim));
}

#[test]
fn bullet_lists_nest_with_indentation() {
    let src = "- one\n- two\n  - nested a\n  - nested b that wraps around\n    - deep\n- three";
    assert_eq!(
        md(src, 24),
        [
            "• one",
            "• two",
            "  ◦ nested a",
            "  ◦ nested b that wraps",
            "    around",
            "    ▪ deep",
            "• three",
        ]
    );
}

#[test]
fn loose_lists_keep_blank_lines_between_items() {
    let src = "- one\n\n  more of one\n\n- two\n";
    assert_eq!(md(src, 24), ["• one", "", "  more of one", "", "• two"]);
}

#[test]
fn ordered_lists_right_align_their_numbers() {
    let src: String = (1..=10).map(|i| format!("{i}. item {i}\n")).collect();
    let lines = md(&src, 30);
    assert_eq!(lines[0], " 1. item 1");
    assert_eq!(lines[8], " 9. item 9");
    assert_eq!(lines[9], "10. item 10");
    assert_eq!(
        md("3. three\n4. four long enough to wrap", 14),
        ["3. three", "4. four long", "   enough to", "   wrap"]
    );
}

#[test]
fn task_lists_show_their_boxes() {
    assert_eq!(
        md("- [x] done\n- [ ] todo", 20),
        ["• [x] done", "• [ ] todo"]
    );
}

#[test]
fn empty_items_keep_their_bullet() {
    assert_eq!(md("- a\n-\n- c", 20), ["• a", "• ", "• c"]);
}

#[test]
fn block_quotes_bar_every_line_and_nest() {
    let src = "> A quote long enough to wrap twice around.\n>\n> > Nested one.\n\nAfter.";
    assert_eq!(
        md(src, 20),
        [
            "│ A quote long",
            "│ enough to wrap",
            "│ twice around.",
            "│",
            "│ │ Nested one.",
            "",
            "After."
        ]
    );
    let lines = Document::markdown(src).layout(20);
    assert_eq!(lines[0].spans[0], Span::new("│ ", Look::DIM));
    assert!(lines[0].spans[1].look.quote);
}

#[test]
fn code_blocks_are_indented_and_broken_not_wrapped() {
    let src = "```rust\nfn main() { println!(\"hello, world\"); }\n\n\tindented\n```";
    assert_eq!(
        md(src, 20),
        [
            "  fn main() { printl",
            "  n!(\"hello, world\")",
            "  ; }",
            "  ",
            "      indented"
        ]
    );
    let lines = Document::markdown(src).layout(20);
    assert!(lines[0].spans[1].look.code);
}

#[test]
fn rules_span_the_width() {
    assert_eq!(md("a\n\n---\n\nb", 10), ["a", "", "──────────", "", "b"]);
}

const TABLE: &str = "| Name | Age | Comment |\n|:--|--:|:-:|\n| Bob | 12 | likes trains |\n| Alice | 103 | a much longer comment that needs wrapping |";

#[test]
fn tables_fit_their_content() {
    assert_eq!(
        md("| a | b |\n|---|---|\n| 1 | 22 |", 40),
        [
            "┌───┬────┐",
            "│ a │ b  │",
            "├───┼────┤",
            "│ 1 │ 22 │",
            "└───┴────┘"
        ]
    );
}

#[test]
fn wide_tables_shrink_and_wrap_cells_at_40_columns() {
    assert_eq!(
        md(TABLE, 40),
        [
            "┌───────┬─────┬────────────────────────┐",
            "│ Name  │ Age │        Comment         │",
            "├───────┼─────┼────────────────────────┤",
            "│ Bob   │  12 │      likes trains      │",
            "├───────┼─────┼────────────────────────┤",
            "│ Alice │ 103 │ a much longer comment  │",
            "│       │     │  that needs wrapping   │",
            "└───────┴─────┴────────────────────────┘",
        ]
    );
    let lines = Document::markdown(TABLE).layout(40);
    assert!(lines[0].spans.iter().all(|s| s.look.dim));
    assert!(
        lines[1]
            .spans
            .iter()
            .any(|s| s.text == "Name" && s.look.strong)
    );
}

#[test]
fn narrow_tables_become_records() {
    assert_eq!(
        md(TABLE, 20),
        [
            "Name: Bob",
            "Age: 12",
            "Comment: likes",
            "trains",
            "",
            "Name: Alice",
            "Age: 103",
            "Comment: a much",
            "longer comment that",
            "needs wrapping",
        ]
    );
}

#[test]
fn html_is_stripped_to_its_text() {
    let src = "<div class=\"note\">\n<p>Some <b>bold</b> &amp; text</p>\n<script>evil()</script>\n</div>\n\nInline <span>kept</span> text<br>next line";
    assert_eq!(
        md(src, 40),
        ["Some bold & text", "", "Inline kept text", "next line"]
    );
}

#[test]
fn footnotes_are_referenced_and_defined_at_the_end() {
    let src = "Claim[^src] and another[^2].\n\n[^src]: The source.\n[^2]: Second note.";
    assert_eq!(
        md(src, 30),
        [
            "Claim[^1] and another[^2].",
            "",
            "──────────────────────────────",
            "",
            "Footnotes",
            "[^1] The source.",
            "[^2] Second note.",
        ]
    );
}

#[test]
fn hard_and_soft_breaks() {
    assert_eq!(
        md("one\ntwo  \nthree\\\nfour", 40),
        ["one two", "three", "four"]
    );
}

#[test]
fn control_characters_are_sanitized() {
    let src =
        "title \x1b]0;pwned\x07 and\ttab\n\n```\nco\x1bde\n```\n\n| a\x1b |\n|---|\n| b\x07 |";
    let doc = Document::markdown(src);
    assert_sane(&doc, 40);
    let text = show(&doc, 40).join("\n");
    assert!(text.contains("\u{241b}]0;pwned\u{2407}"));
    assert!(text.contains("co\u{241b}de"));
    let plain = Document::plain("a\x1b[31mred\x1b[0m\n\n  pre\x1b");
    assert_sane(&plain, 40);
    assert!(!plain.plain_text().contains('\x1b'));
}

#[test]
fn plain_text_rewraps_paragraphs_and_keeps_preformatted_lines() {
    let src = "A first paragraph\nhard wrapped\nat odd places.\n\n    code line one\n    code line two that is long\n\n  An indented first line\nof a paragraph.\n- item one\n- item two\r\n";
    assert_eq!(
        show(&Document::plain(src), 24),
        [
            "A first paragraph hard",
            "wrapped at odd places.",
            "",
            "    code line one",
            "    code line two that i",
            "s long",
            "",
            "An indented first line",
            "of a paragraph.",
            "- item one",
            "- item two",
        ]
    );
}

#[test]
fn plain_text_drops_markup_and_chrome() {
    let src = "# Title\n\nSome *text* with a [link](https://x.org)[^1].\n\n- item\n\n| a | b |\n|---|---|\n| c | d |\n\n```\ncode\n```\n\n[^1]: Note.";
    let text = Document::markdown(src).plain_text();
    assert_eq!(
        text,
        "Title\nSome text with a link.\nitem\na\tb\nc\td\ncode\nNote.\n"
    );
    assert_eq!(
        Document::plain("one\ntwo\n\nthree").plain_text(),
        "one two\nthree\n"
    );
}

#[test]
fn block_layout_matches_whole_layout() {
    let src =
        format!("# H\n\npara\n\n> q1\n>\n> q2\n\n- a\n- b\n\n{TABLE}\n\n```\nc\n```\n\n[l](u)");
    let doc = Document::markdown(&src);
    for width in [1, 3, 10, 40, 200] {
        let whole = doc.layout(width);
        let mut pieces = Vec::new();
        for i in 0..doc.len_blocks() {
            pieces.extend(doc.layout_blocks(i..i + 1, width));
        }
        assert_eq!(whole, pieces);
        assert_eq!(doc.layout_blocks(0..usize::MAX, width), whole);
        let (from, to) = (5, 2);
        assert!(doc.layout_blocks(from..to, width).is_empty());
    }
    assert_eq!(doc.len_blocks(), 12);
}

#[test]
fn tiny_widths_drop_the_gutter_rather_than_overflow() {
    let src = "> > - deep\n> >   - deeper and deeper\n\n```\ncode\n```";
    let doc = Document::markdown(src);
    for width in 0..=8 {
        assert_sane(&doc, width);
    }
    assert_eq!(show(&doc, 4)[0], "│ de");
    assert!(show(&doc, 1).iter().all(|l| l.chars().count() <= 1));
}

#[test]
fn width_zero_is_width_one() {
    let doc = Document::markdown("ab 日本");
    assert_eq!(doc.layout(0), doc.layout(1));
    assert_eq!(show(&doc, 1), ["a", "b", "…", "…"]);
}

#[test]
fn empty_documents_have_no_lines() {
    assert!(Document::markdown("").layout(40).is_empty());
    assert!(Document::plain("\n\n").layout(40).is_empty());
    assert!(Document::default().layout(40).is_empty());
    assert_eq!(Document::default().plain_text(), "");
}

#[test]
fn line_helpers() {
    let line = Line {
        spans: vec![
            Span::new("日本", Look::default()),
            Span::new("ab", look(|l| l.strong = true)),
        ],
    };
    assert_eq!(line.width(), 6);
    assert_eq!(line.text(), "日本ab");
    assert_eq!(str_width("👨\u{200d}👩\u{200d}👧"), 2);
}

/// A megabyte of each construct is laid out whole: every word, item and line of it is there.
/// (How fast is for the benchmarks, `cargo bench --bench reader`: the test suite has no
/// wall-clock limits, which a shared machine would make flaky.)
#[test]
fn big_articles_are_laid_out_whole() {
    let count = |lines: &[Line], word: &str| {
        lines
            .iter()
            .map(|l| l.text().matches(word).count())
            .sum::<usize>()
    };
    let cases = [
        ("word ".repeat(200_000), "word", 200_000),
        ("- item with some words\n".repeat(25_000), "item", 25_000),
        ("[a](https://e.com/1) ".repeat(25_000), "a", 25_000),
        ("> quoted line of text\n".repeat(25_000), "quoted", 25_000),
        (
            format!("<div>{}</div>", "<b>x</b> &amp; ".repeat(50_000)),
            "&",
            50_000,
        ),
    ];
    for (src, word, times) in cases {
        let lines = Document::markdown(&src).layout(80);
        assert!(
            count(&lines, word) >= times,
            "{word}: {}",
            count(&lines, word)
        );
    }
    // A code block of one line of a million characters is laid out.
    let code = format!("```\n{}\n```", "x".repeat(1_000_000));
    assert!(!Document::markdown(&code).layout(80).is_empty());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "a",
        "word",
        " ",
        "\t",
        "\n",
        "\n\n",
        "日本語",
        "👨\u{200d}👩\u{200d}👧",
        "🇯🇵",
        "e\u{301}",
        "\u{301}",
        "مرحبا",
        "\u{1b}[1m",
        "\u{200b}",
        "\u{200d}",
        "\u{a0}",
        "Ａ",
        "# ",
        "\n- ",
        "\n  - ",
        "\n1. ",
        "\n> ",
        "\n> > ",
        "*",
        "**",
        "`",
        "\n```\n",
        "\n    ",
        "\n---\n",
        "[",
        "](u)",
        "![",
        "<b>",
        "<br>",
        "[^1]",
        "\n[^1]: ",
        "\n| a | b |\n|---|---|\n| ",
        " | ",
        "\n- [x] ",
        "  \n",
        "longlonglonglongword",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Runs without the release-mode truncation safety net (it panics under cfg(test)).
        #[test]
        fn layout_never_needs_truncating(
            parts in prop::collection::vec(prop::sample::select(PIECES), 0..50),
            width in 0u16..100,
        ) {
            let src = parts.concat();
            Document::markdown(&src).layout(width);
            Document::plain(&src).layout(width);
        }
    }
}
