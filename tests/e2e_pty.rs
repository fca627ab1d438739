//! End to end: the real binary in a pseudo-terminal, driven by keys, read back through a vt100
//! screen. The waits are generous deadlines for a shared machine, not speed assertions.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use quire::theme::{ColorDepth, Theme};
use ratatui::style::Color;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const ROWS: u16 = 35;
const COLS: u16 = 120;
const DEADLINE: Duration = Duration::from_secs(30);

struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Session {
    fn start(args: &[&str]) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_quire"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("COLORTERM", "truecolor");
        cmd.env_remove("NO_COLOR");
        // A config of the developer's own must not change what the test sees.
        let home = tempfile::tempdir().expect("temp dir").keep();
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("XDG_CACHE_HOME", home.join("cache"));
        let child = pair.slave.spawn_command(cmd).expect("spawn quire");
        drop(pair.slave);

        let screen = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let sink = Arc::clone(&screen);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Session {
            screen,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`; fails with the screen when it never does.
    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if self.contents().contains(text) {
                return;
            }
            thread::sleep(Duration::from_millis(25));
        }
        panic!("never saw {text:?}; the screen:\n{}", self.contents());
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // One key at a time, as a person types: each is handled before the next arrives.
        thread::sleep(Duration::from_millis(60));
    }

    fn status_line(&self) -> String {
        self.contents()
            .lines()
            .last()
            .unwrap_or_default()
            .to_string()
    }
}

#[test]
fn pick_author_and_tag_open_read_highlight_and_quit() {
    let mut s = Session::start(&["--highlight", "Kuril", "articles"]);
    s.wait_for(" 5/5 ");

    // The author picker: type to narrow, Enter applies.
    s.send("a");
    s.wait_for("Pajon");
    for c in "pajon".chars() {
        s.send(&c.to_string());
    }
    s.send("\r");
    s.wait_for(" 3/5 ");
    assert!(s.status_line().contains("author:"), "{}", s.status_line());
    assert!(!s.contents().contains("Richard Weitz"));

    // Add a tag filter: both filters stay in force.
    s.send("t");
    for c in "ukraine".chars() {
        s.send(&c.to_string());
    }
    s.send("\r");
    s.wait_for(" 2/5 ");
    let status = s.status_line();
    assert!(
        status.contains("author:") && status.contains("tag:ukraine"),
        "{status}"
    );

    // Open the selected article, then find a highlighted keyword in the reading pane.
    s.send("\r");
    s.wait_for("Kuril Islands");
    let expected = Theme::load("default", None, ColorDepth::TrueColor)
        .expect("bundled theme")
        .highlights[0];
    let (row, col) = find_in_reader(&s, "Kuril").expect("Kuril on screen in the reader");
    {
        let parser = s.screen.lock().unwrap();
        let screen = parser.screen();
        for i in 0..5 {
            let cell = screen.cell(row, col + i).expect("cell");
            assert_eq!(
                to_vt100(expected.bg),
                cell.bgcolor(),
                "cell {i} of Kuril at {row},{col}"
            );
            assert_eq!(to_vt100(expected.fg), cell.fgcolor());
        }
        // The word after the keyword is not highlighted.
        let after = screen.cell(row, col + 6).expect("cell");
        assert_ne!(to_vt100(expected.bg), after.bgcolor());
    }

    s.send("q");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = s.child.try_wait().expect("wait") {
            break status;
        }
        assert!(start.elapsed() < DEADLINE, "quire did not exit on q");
        thread::sleep(Duration::from_millis(25));
    };
    assert!(status.success(), "exit status {status:?}");
    thread::sleep(Duration::from_millis(100));
    let parser = s.screen.lock().unwrap();
    assert!(
        !parser.screen().alternate_screen(),
        "quire left the terminal in the alternate screen"
    );
    assert!(!parser.screen().hide_cursor(), "the cursor is still hidden");
}

#[test]
fn sigterm_gives_the_terminal_back() {
    let mut s = Session::start(&["articles"]);
    s.wait_for(" 5/5 ");
    let pid = s.child.process_id().expect("pid");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    let start = Instant::now();
    while s.child.try_wait().expect("wait").is_none() {
        assert!(start.elapsed() < DEADLINE, "quire did not exit on SIGTERM");
        thread::sleep(Duration::from_millis(25));
    }
    thread::sleep(Duration::from_millis(100));
    assert!(!s.screen.lock().unwrap().screen().alternate_screen());
}

/// The first cell of the reading pane (right of the list, left of the 30-column sidebar) where
/// `word` starts.
fn find_in_reader(s: &Session, word: &str) -> Option<(u16, u16)> {
    let parser = s.screen.lock().unwrap();
    let screen = parser.screen();
    let (rows, cols) = screen.size();
    for row in 0..rows {
        let line: Vec<String> = (0..cols)
            .map(|c| {
                screen
                    .cell(row, c)
                    .map(|c| c.contents().to_string())
                    .unwrap_or_default()
            })
            .collect();
        // Cells, not bytes: find the word by comparing cell contents.
        for col in (COLS / 3)..cols.saturating_sub(31 + word.len() as u16) {
            let here: String = (0..word.len() as u16)
                .map(|i| line[usize::from(col + i)].clone())
                .collect();
            if here == word {
                return Some((row, col));
            }
        }
    }
    None
}

fn to_vt100(color: Option<Color>) -> vt100::Color {
    match color {
        Some(Color::Rgb(r, g, b)) => vt100::Color::Rgb(r, g, b),
        Some(Color::Indexed(i)) => vt100::Color::Idx(i),
        Some(Color::Reset) | None => vt100::Color::Default,
        Some(named) => vt100::Color::Idx(ansi_index(named)),
    }
}

fn ansi_index(color: Color) -> u8 {
    match color {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        _ => 15,
    }
}
