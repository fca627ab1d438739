//! A hostile library, built at run time in a temporary folder (no binary blobs in the repository),
//! and a scanner for the bytes that reach a terminal.
//!
//! Every case of issue 4 is here: control characters in every field and in file names, broken
//! front matter, odd encodings, huge files, file-system traps and complex text. Tests build it,
//! load it, draw it and check that nothing but quire's own escape sequences comes out.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// The built library; `dir` is removed when this is dropped.
pub struct Hostile {
    pub dir: tempfile::TempDir,
    /// Files that are articles (readable, not binary), by path.
    pub files: Vec<PathBuf>,
}

impl Hostile {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Every C0 control but NUL (NUL marks a binary file), DEL and every C1 control, as characters.
pub fn every_control() -> String {
    let mut s = String::new();
    for c in (1u32..0x20).chain([0x7f]).chain(0x80..0xa0) {
        s.push(char::from_u32(c).unwrap());
    }
    s
}

/// Escape sequences an attacker would like a terminal to act on.
pub const ATTACKS: &[&str] = &[
    "\x1b]0;pwned\x07",                                       // set the window title
    "\x1b]2;pwned\x1b\\",                                     // the same, ST-terminated
    "\x1b]52;c;cm0gLXJmIH4K\x07",                             // write the clipboard
    "\x1b[2J\x1b[H",                                          // clear the screen, home
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\", // forged hyperlink
    "\x1bP+q544e\x1b\\",                                      // DCS request
    "\x1b_APC\x1b\\\x1b^PM\x1b\\\x1bXSOS\x1b\\",              // APC, PM, SOS
    "\x1b[6n",                   // cursor position report (answer-back)
    "\x1b[?1049l",               // leave the alternate screen
    "\x1bc",                     // full reset
    "\u{9b}31m\u{9d}0;c1\u{9c}", // C1 CSI and OSC
];

/// Bidirectional overrides/isolates and zero-width characters.
pub const BIDI_AND_ZERO_WIDTH: &str = "a\u{202e}desrever\u{202c}b\u{2066}iso\u{2069}\u{2067}\u{2068}\u{202a}\u{202b}\u{202d}\u{200e}\u{200f}\u{61c}z\u{200b}w\u{200c}j\u{2060}\u{feff}\u{ad}";

/// Wide and complex text: CJK, emoji ZWJ, flags, combining marks, RTL, tabs.
pub const COMPLEX: &str = "北方領土 問題と日露関係 👩‍👩‍👧‍👦 🏳️‍🌈 🇯🇵🇷🇺🇺🇦 e\u{301}\u{302}\u{303}\u{304}Z\u{335}\u{31b}\u{32a} \
     שלום עולם مرحبا بالعالم \tTab\t\tTabs 한국어 ｆｕｌｌｗｉｄｔｈ ﷽ 𒀱 a\u{0300}\u{0301}\u{0302}";

/// The attack text: every control, every sequence, bidi and zero-width, in one string.
pub fn poison() -> String {
    let mut s = String::from("P0 ");
    s.push_str(&every_control());
    for a in ATTACKS {
        s.push_str(a);
    }
    s.push_str(BIDI_AND_ZERO_WIDTH);
    s
}

/// `s` as a YAML double-quoted scalar: every control escaped (YAML allows few raw).
pub fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control()
                || ('\u{2000}'..='\u{206f}').contains(&c)
                || c == '\u{feff}'
                || c == '\u{61c}'
                || c == '\u{ad}' =>
            {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// How big the huge files are; the full sizes unless a test asks for small ones.
#[derive(Clone, Copy)]
pub struct Sizes {
    /// The 100 MB article.
    pub huge: u64,
    /// The line without a space (4 MB).
    pub long_line: usize,
}

pub const FULL: Sizes = Sizes {
    huge: 100 * 1024 * 1024,
    long_line: 4 * 1024 * 1024,
};

pub const SMALL: Sizes = Sizes {
    huge: 2 * 1024 * 1024,
    long_line: 256 * 1024,
};

/// For drawing every screen at 1,500 sizes: large enough to need wrapping and paging, small
/// enough that re-laying out per size stays quick in a debug build.
pub const TINY: Sizes = Sizes {
    huge: 256 * 1024,
    long_line: 16 * 1024,
};

fn write(dir: &Path, name: impl AsRef<[u8]>, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(OsStr::from_bytes(name.as_ref()));
    fs::write(&path, bytes).expect("write hostile file");
    path
}

/// Builds the whole library. With `big`, the 100 MB article and the 4 MB line are included.
pub fn build(sizes: Option<Sizes>) -> Hostile {
    let dir = tempfile::Builder::new()
        .prefix("quire-hostile-")
        .tempdir()
        .expect("temp dir");
    let d = dir.path();
    let files = std::cell::RefCell::new(Vec::new());
    let add = |name: &[u8], bytes: &[u8]| files.borrow_mut().push(write(d, name, bytes));
    let p = poison();
    let q = yaml_quoted(&p);

    // ----- 1. control characters in every field, and in file names -----
    add(
        b"controls-in-fields.md",
        format!(
            "---\ntitle: {q}\nauthor: {q}\nauthors: [{q}, plain]\ntags: [{q}, ok]\nsource: {q}\nurl: {q}\nsummary: {q}\nlang: {q}\n{q}: {q}\ndate: 2020-01-02\n---\n# Heading {q}\n\nBody: {p}\n\n- item {p}\n\n`code {p}`\n\n```\nfenced {p}\n```\n\n[link {p}](https://x.example/{p})\n\n| a {p} | b |\n|---|---|\n| {p} | c |\n"
        )
        .as_bytes(),
    );
    // Raw control characters inside YAML (invalid YAML: fallback title from the heading).
    add(
        b"raw-controls-in-yaml.md",
        format!("---\ntitle: {p}\ntags: [{p}]\n---\n# {p}\n\n{p}\n").as_bytes(),
    );
    // A .txt whose first line (the title) is an attack.
    add(
        b"raw-title.txt",
        format!("{p}\n\nsecond paragraph {p}\n").as_bytes(),
    );
    // Each attack alone as a title and body, so one bad sequence cannot hide another.
    for (i, a) in ATTACKS.iter().enumerate() {
        add(
            format!("attack-{i}.md").as_bytes(),
            format!("{a}title {i}\n\n{a}\n\nbody {i} {a} end\n").as_bytes(),
        );
    }
    // Each C0 control raw in a body line, by itself.
    let mut all_c0 = String::from("# every C0 raw\n\n");
    for c in 1u8..0x20 {
        all_c0.push_str(&format!("c0 {c:02x} [{}]\n\n", c as char));
    }
    all_c0.push_str("del [\x7f]\n\nC1 raw bytes as UTF-8: [");
    for c in 0x80u32..0xa0 {
        all_c0.push(char::from_u32(c).unwrap());
    }
    all_c0.push_str("]\n");
    add(b"every-c0-raw.md", all_c0.as_bytes());
    // File names: ESC sequences, newlines, C1, bidi, invalid UTF-8.
    let body = b"---\ntitle: named badly\n---\nbody\n";
    add(b"name-\x1b]0;pwned\x07.md", body);
    add(b"name-\x1b[2J\x1b[H.md", body);
    add(b"name-with\nnewline.md", body);
    add(b"name-with\rcarriage\r.md", body);
    add(b"name-\xc2\x9b31m-c1.md", body);
    add(b"name-\x9b31m-raw-byte.md", body);
    add(b"name-\xe2\x80\xaeevil\xe2\x80\xac-bidi.md", body);
    add(b"name-\x07bell\x7fdel\x01.md", body);
    // A file name that is the title (no front matter, no heading).
    add(
        b"2021-03-04-\x1b]52;c;aGk=\x07title-from-name.md",
        b"no heading here\n",
    );
    // A date prefix and control characters in a folder name too.
    let sub = d.join(OsStr::from_bytes(b"folder-\x1b]0;x\x07\n"));
    fs::create_dir_all(&sub).unwrap();
    files.borrow_mut().push(write(
        &sub,
        "inside.md",
        "---\ntitle: inside a bad folder\n---\nx\n",
    ));
    // authors.yml with hostile names.
    let authdir = d.join("with-authors");
    fs::create_dir_all(&authdir).unwrap();
    write(
        &authdir,
        "authors.yml",
        format!("evil:\n  name: {q}\n  url: {q}\nbroken: [\n").as_bytes(),
    );
    files.borrow_mut().push(write(
        &authdir,
        "by-key.md",
        "---\ntitle: by key\nauthors: [evil, broken]\n---\nbody\n",
    ));

    // ----- 2. broken front matter -----
    add(
        b"fm-unclosed.md",
        b"---\ntitle: never closed\ntags: [a]\n\nbody text\n",
    );
    add(
        b"fm-invalid-yaml.md",
        b"---\ntitle: [unclosed\n  - : :\n---\nbody\n",
    );
    add(b"fm-number-title.md", b"---\ntitle: 12345\n---\nbody\n");
    add(
        b"fm-map-author.md",
        b"---\nauthor: {name: x, url: y, deep: {a: [1, 2]}}\n---\nbody\n",
    );
    add(
        b"fm-tags-string.md",
        b"---\ntags: one, two,, three ,\n---\nbody\n",
    );
    add(b"fm-invalid-date.md", b"---\ndate: 2020-13-45\n---\nbody\n");
    add(
        b"fm-date-garbage.md",
        b"---\ndate: [1, {a: b}]\n---\nbody\n",
    );
    add(
        b"fm-null-everything.md",
        b"---\ntitle: ~\nauthor: ~\ntags: ~\ndate: ~\n---\nbody\n",
    );
    add(b"fm-not-a-map.md", b"---\n- a\n- b\n---\nbody\n");
    add(b"fm-empty.md", b"---\n---\nbody\n");
    add(
        b"fm-toml-broken.md",
        b"+++\ntitle = \"x\nbroken = [\n+++\nbody\n",
    );
    add(
        b"fm-toml-nested.md",
        "+++\ntitle = 1\ntags = \"a,b\"\n[author]\nname = 2\n+++\nbody\n".as_bytes(),
    );
    add(b"fm-dup-keys.md", b"---\ntitle: a\ntitle: b\n---\nbody\n");
    add(
        b"fm-tags-mixed.md",
        b"---\ntags: [1, true, null, {a: b}, [c], \"\", \"  \"]\n---\nbody\n",
    );
    // Billion laughs.
    let mut laughs =
        String::from("---\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        laughs.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            [prev.as_str(); 10].join(", ")
        ));
    }
    laughs.push_str("title: laughs\ntags: *a9\nauthor: *a9\n---\nbody\n");
    add(b"fm-billion-laughs.md", laughs.as_bytes());
    // 10,000-deep nesting, in flow and in block style.
    let deep = 10_000;
    add(
        b"fm-deep-flow.md",
        format!(
            "---\ntitle: deep\ntags: {}x{}\n---\nbody\n",
            "[".repeat(deep),
            "]".repeat(deep)
        )
        .as_bytes(),
    );
    let mut block = String::from("---\ntitle: deep block\nauthor:\n");
    for i in 0..2_000 {
        block.push_str(&" ".repeat(i + 1));
        block.push_str("- \n");
    }
    block.push_str("---\nbody\n");
    add(b"fm-deep-block.md", block.as_bytes());
    // 20,000 tags and a 20 KB title.
    let tags: Vec<String> = (0..20_000).map(|i| format!("t{i}")).collect();
    add(
        b"fm-20000-tags.md",
        format!(
            "---\ntitle: many tags\ntags: [{}]\n---\nbody\n",
            tags.join(", ")
        )
        .as_bytes(),
    );
    add(
        b"fm-20k-title.md",
        format!("---\ntitle: {}\n---\nbody\n", "W".repeat(20 * 1024)).as_bytes(),
    );
    add(
        b"fm-20k-title-spaced.md",
        format!("---\ntitle: {}\n---\nbody\n", "word ".repeat(4 * 1024)).as_bytes(),
    );
    // Front matter far larger than any cap.
    let mut huge_fm = String::from("---\ntitle: huge front matter\n");
    while huge_fm.len() < 600 * 1024 {
        huge_fm.push_str("k: vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\n");
    }
    huge_fm.push_str("---\nbody\n");
    add(b"fm-600k.md", huge_fm.as_bytes());
    // A million-character key and a 1 MB single-line value.
    add(
        b"fm-long-key.md",
        format!(
            "---\n{}: v\nsummary: {}\n---\nbody\n",
            "k".repeat(100_000),
            "s".repeat(100_000)
        )
        .as_bytes(),
    );

    // ----- 3. encodings -----
    add(b"enc-invalid-utf8.md", b"---\ntitle: bad \xff\xfe utf8 \xc3\x28\n---\nbody \x80\x81 \xed\xa0\x80 surrogate \xf4\x90\x80\x80\n");
    let utf16 = "---\ntitle: \"UTF-16 北方 \\e]0;x\\a\"\ntags: [wide]\n---\nbody in utf-16 👩‍👩‍👧\n";
    let mut le = vec![0xff, 0xfe];
    le.extend(utf16.encode_utf16().flat_map(|u| u.to_le_bytes()));
    add(b"enc-utf16le.md", &le);
    let mut be = vec![0xfe, 0xff];
    be.extend(utf16.encode_utf16().flat_map(|u| u.to_be_bytes()));
    add(b"enc-utf16be.md", &be);
    // UTF-16 with an odd byte count and an unpaired surrogate.
    let mut odd = le.clone();
    odd.extend([0x00, 0xd8, 0x41]);
    add(b"enc-utf16le-odd.md", &odd);
    add(
        b"enc-utf8-bom.md",
        b"\xef\xbb\xbf---\ntitle: with BOM\n---\nbody\n",
    );
    add(
        b"enc-crlf.md",
        b"---\r\ntitle: crlf\r\ntags: [a, b]\r\n---\r\nline one\r\nline two\r\n",
    );
    add(b"enc-cr-only.md", b"---\rtitle: cr only\r---\rbody\r");
    add(
        b"enc-nul-bytes.md",
        b"---\ntitle: has NUL\n---\nbody\x00with\x00nul\n",
    );
    let mut binary = Vec::new();
    for i in 0..4096u32 {
        binary.push((i.wrapping_mul(2654435761) >> 24) as u8);
    }
    add(b"enc-binary.md", &binary);
    add(b"enc-png-named.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    add(b"enc-empty.md", b"");
    add(b"enc-empty.txt", b"");
    add(b"enc-only-fm.md", b"---\ntitle: only front matter\n---\n");
    add(
        b"enc-only-fm-no-newline.md",
        b"---\ntitle: only front matter\n---",
    );
    add(b"enc-only-fence.md", b"---");
    add(b"enc-whitespace.md", b"   \n\n\t\n");
    add(b"enc-bom-only.md", b"\xef\xbb\xbf");
    add(b"enc-utf16-bom-only.md", b"\xff\xfe");

    // ----- 4. size -----
    let sizes = sizes.unwrap_or(SMALL);
    let mut long = Vec::with_capacity(sizes.long_line + 64);
    long.extend_from_slice(b"---\ntitle: one long line\n---\n");
    long.extend(std::iter::repeat_n(b'x', sizes.long_line));
    long.push(b'\n');
    add(b"size-long-line.md", &long);
    let mut long_wide = String::from("# wide long line\n\n");
    while long_wide.len() < sizes.long_line / 4 {
        long_wide.push_str("北👩‍👩‍👧e\u{301}");
    }
    add(b"size-long-wide-line.txt", long_wide.as_bytes());
    {
        // A real text article of `huge` bytes: one 1 MB chunk of paragraphs written repeatedly.
        let path = d.join("size-huge.md");
        let mut f = fs::File::create(&path).unwrap();
        f.write_all(b"---\ntitle: huge article\n---\n").unwrap();
        let mut chunk = String::new();
        let mut n = 0;
        while chunk.len() < 1024 * 1024 {
            chunk.push_str(&format!(
                "Paragraph {n} with some words to wrap and the Kuril islands. "
            ));
            n += 1;
            if n % 8 == 0 {
                chunk.push_str("\n\n");
            }
        }
        let mut written = 0u64;
        while written < sizes.huge {
            f.write_all(chunk.as_bytes()).unwrap();
            written += chunk.len() as u64;
        }
        files.borrow_mut().push(path);
    }
    {
        // A sparse file: a text head, then holes (NUL bytes) to `huge` bytes.
        let path = d.join("size-sparse.md");
        let mut f = fs::File::create(&path).unwrap();
        let mut head = String::from("---\ntitle: sparse\n---\n");
        while head.len() < 200 * 1024 {
            head.push_str("text before the hole\n\n");
        }
        f.write_all(head.as_bytes()).unwrap();
        f.set_len(sizes.huge).unwrap();
    }
    {
        // Many lines, each a paragraph: a deep block list for the Markdown parser.
        let mut s = String::from("# nested quotes and lists\n\n");
        s.push_str(&">".repeat(5000));
        s.push_str(" deep quote\n\n");
        for i in 0..3000 {
            s.push_str(&"  ".repeat(i % 200));
            s.push_str("- item\n");
        }
        s.push_str(&"[".repeat(10_000));
        s.push_str(&"*".repeat(10_000));
        s.push_str(&"`".repeat(5_000));
        s.push('\n');
        add(b"size-pathological-markdown.md", s.as_bytes());
    }

    // ----- 5. file system -----
    let links = d.join("links");
    fs::create_dir_all(&links).unwrap();
    std::os::unix::fs::symlink(".", links.join("loop-dir")).unwrap();
    std::os::unix::fs::symlink("..", links.join("parent-loop")).unwrap();
    std::os::unix::fs::symlink("b.md", links.join("a.md")).unwrap();
    std::os::unix::fs::symlink("a.md", links.join("b.md")).unwrap();
    std::os::unix::fs::symlink("self.md", links.join("self.md")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/quire/nowhere.md", links.join("dangling.md")).unwrap();
    std::os::unix::fs::symlink("../controls-in-fields.md", links.join("good-link.md")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", links.join("dev-zero.md")).unwrap();
    fs::create_dir_all(d.join("x.md")).unwrap();
    fs::create_dir_all(d.join("x.md/inner.md")).unwrap();
    let unreadable = write(d, "unreadable.md", "---\ntitle: unreadable\n---\nsecret\n");
    let mut perms = fs::metadata(&unreadable).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o000);
    fs::set_permissions(&unreadable, perms).unwrap();
    let noread_dir = d.join("unreadable-dir");
    fs::create_dir_all(&noread_dir).unwrap();
    write(&noread_dir, "hidden.md", "x");
    let mut perms = fs::metadata(&noread_dir).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o000);
    fs::set_permissions(&noread_dir, perms).unwrap();
    // A FIFO: opening it for reading blocks forever unless quire skips non-regular files.
    let fifo = d.join("fifo.md");
    let _ = std::process::Command::new("mkfifo").arg(&fifo).status();

    // ----- 6. wide and complex text -----
    add(
        b"wide-complex.md",
        format!(
            "---\ntitle: {c}\nauthor: {c}\ntags: [{c}, 日本]\n---\n# {c}\n\n{c}\n\n{c} {c} {c}\n\n| {c} | {c} |\n|---|---|\n| 北 | 👩‍👩‍👧‍👦 |\n",
            c = COMPLEX
        )
        .as_bytes(),
    );
    add(
        "名前-👩‍👩‍👧-\u{5e9}\u{5dc}.md".as_bytes(),
        format!("{}\n", COMPLEX.repeat(50)).as_bytes(),
    );
    add(
        b"bidi-zero-width.md",
        format!("# {b}\n\n{b}\n", b = BIDI_AND_ZERO_WIDTH).as_bytes(),
    );
    add(b"tabs.txt", b"\ttitle\twith\ttabs\n\n\t\tindented\tbody\n\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\tdeep\n");
    add(
        b"combining-only.md",
        "\u{301}\u{302}\u{303}\u{304}\u{305}"
            .repeat(2000)
            .as_bytes(),
    );

    Hostile {
        dir,
        files: files.into_inner(),
    }
}

/// Removes the file permissions set by `build` so the temporary folder can be deleted.
pub fn restore_permissions(h: &Hostile) {
    for name in ["unreadable.md", "unreadable-dir"] {
        let p = h.path().join(name);
        if let Ok(meta) = fs::metadata(&p) {
            let mut perms = meta.permissions();
            std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
            let _ = fs::set_permissions(&p, perms);
        }
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        restore_permissions(self);
    }
}

/// True when this process can read a `chmod 000` file anyway (root, CAP_DAC_OVERRIDE).
pub fn can_read_unreadable(h: &Hostile) -> bool {
    fs::read(h.path().join("unreadable.md")).is_ok()
}

/// Why `bytes` (what a terminal received) are not safe, or `None`. Allowed: text (valid UTF-8,
/// without C1 or bidirectional controls), CR, LF, and the escape sequences quire itself makes:
/// CSI `ESC [ params intermediates final`, and `ESC 7`/`ESC 8`/`ESC =`/`ESC >`. Anything else
/// (OSC, DCS, APC, PM, SOS, a bare ESC, BEL, other C0) is a leak.
pub fn terminal_leak(bytes: &[u8]) -> Option<String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Some(format!(
                "invalid UTF-8 at byte {}: {:?}",
                e.valid_up_to(),
                context(bytes, e.valid_up_to())
            ));
        }
    };
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0x1b => {
                let Some(&next) = b.get(i + 1) else {
                    return Some(format!("bare ESC at the end (byte {i})"));
                };
                match next {
                    b'[' => {
                        let mut j = i + 2;
                        while j < b.len() && (0x30..=0x3f).contains(&b[j]) {
                            j += 1;
                        }
                        while j < b.len() && (0x20..=0x2f).contains(&b[j]) {
                            j += 1;
                        }
                        match b.get(j) {
                            Some(f) if (0x40..=0x7e).contains(f) => i = j + 1,
                            _ => {
                                return Some(format!(
                                    "malformed CSI at byte {i}: {:?}",
                                    context(b, i)
                                ));
                            }
                        }
                    }
                    b'7' | b'8' | b'=' | b'>' => i += 2,
                    b']' => return Some(format!("OSC at byte {i}: {:?}", context(b, i))),
                    b'P' => return Some(format!("DCS at byte {i}: {:?}", context(b, i))),
                    b'_' | b'^' | b'X' => {
                        return Some(format!("APC/PM/SOS at byte {i}: {:?}", context(b, i)));
                    }
                    _ => {
                        return Some(format!(
                            "ESC {:?} at byte {i}: {:?}",
                            next as char,
                            context(b, i)
                        ));
                    }
                }
            }
            b'\r' | b'\n' => i += 1,
            c if c < 0x20 || c == 0x7f => {
                return Some(format!(
                    "control 0x{c:02x} at byte {i}: {:?}",
                    context(b, i)
                ));
            }
            _ => {
                // A whole character: check it for C1 and bidi controls.
                let ch = text[i..].chars().next().unwrap_or('\0');
                if ('\u{80}'..='\u{9f}').contains(&ch) || is_bidi(ch) {
                    return Some(format!(
                        "U+{:04X} at byte {i}: {:?}",
                        ch as u32,
                        context(b, i)
                    ));
                }
                i += ch.len_utf8();
            }
        }
    }
    None
}

/// The same check for text that is not meant to hold any escape sequence at all (stdout of
/// `check`, `list`): no ESC, no C1, no bidi control, no C0 but tab (TSV) and newline.
pub fn plain_leak(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    for (i, ch) in text.char_indices() {
        let bad = match ch {
            '\n' | '\t' => false,
            c if (c as u32) < 0x20 || c == '\x7f' => true,
            c if ('\u{80}'..='\u{9f}').contains(&c) => true,
            c => is_bidi(c),
        };
        if bad {
            return Some(format!(
                "U+{:04X} at byte {i}: {:?}",
                ch as u32,
                context(text.as_bytes(), i)
            ));
        }
    }
    None
}

pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

fn context(b: &[u8], at: usize) -> String {
    let start = at.saturating_sub(20);
    let end = (at + 40).min(b.len());
    String::from_utf8_lossy(&b[start..end]).into_owned()
}

#[test]
fn scanner_accepts_quire_output_and_rejects_attacks() {
    assert_eq!(
        terminal_leak(b"\x1b[?1049h\x1b[?25l\x1b[1;1H\x1b[38;2;1;2;3mhi\x1b[0m\x1b7\x1b8\r\n"),
        None
    );
    for a in ATTACKS {
        // CSI sequences look like quire's own to this scanner: the buffer checks catch those.
        if !a.starts_with("\x1b[") {
            assert!(terminal_leak(a.as_bytes()).is_some(), "{a:?} passed");
        }
        assert!(plain_leak(a.as_bytes()).is_some(), "{a:?} passed");
    }
    assert!(terminal_leak("x\u{202e}y".as_bytes()).is_some());
    assert!(terminal_leak(b"\x07").is_some());
    assert!(terminal_leak(b"\x1b").is_some());
    assert!(terminal_leak(b"\x1b[12").is_some());
    assert!(terminal_leak(b"\x9b").is_some());
    assert_eq!(plain_leak("a\tb\n北".as_bytes()), None);
}
