//! A person paging through every article of the hostile library in the real binary, in a real
//! pseudo-terminal: no crash, no hang, and every byte the terminal received holds no escape
//! sequence quire did not make itself (see `hostile::terminal_leak`).

mod hostile;

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const ROWS: u16 = 30;
const COLS: u16 = 100;
/// Generous: a debug build on a shared, busy machine.
const DEADLINE: Duration = Duration::from_secs(60);

struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte quire wrote to the terminal.
    bytes: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    _home: tempfile::TempDir,
}

impl Session {
    fn start(library: &Path) -> Session {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_quire"));
        cmd.arg("--highlight");
        cmd.arg("pwned");
        cmd.arg(library.as_os_str());
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("COLORTERM", "truecolor");
        cmd.env_remove("NO_COLOR");
        let home = tempfile::tempdir().expect("temp dir");
        cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
        cmd.env("XDG_STATE_HOME", home.path().join("state"));
        cmd.env("XDG_CACHE_HOME", home.path().join("cache"));
        let child = pair.slave.spawn_command(cmd).expect("spawn quire");
        drop(pair.slave);

        let screen = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let (sink, all) = (Arc::clone(&screen), Arc::clone(&bytes));
        thread::spawn(move || {
            let mut buf = [0u8; 16384];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                all.lock().unwrap().extend_from_slice(&buf[..n]);
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Session {
            screen,
            bytes,
            writer,
            child,
            _master: pair.master,
            _home: home,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_for(&mut self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if self.contents().contains(text) {
                return;
            }
            self.assert_alive(text);
            thread::sleep(Duration::from_millis(25));
        }
        panic!("never saw {text:?}; the screen:\n{}", self.contents());
    }

    fn assert_alive(&mut self, doing: &str) {
        if let Some(status) = self.child.try_wait().expect("wait") {
            panic!(
                "quire exited ({status:?}) while {doing}; the screen:\n{}",
                self.contents()
            );
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        thread::sleep(Duration::from_millis(40));
    }

    /// Waits until the screen has not changed for a moment: quire has handled every key.
    fn settle(&mut self, doing: &str) {
        let start = Instant::now();
        let mut last = self.contents();
        let mut still = Instant::now();
        while still.elapsed() < Duration::from_millis(150) {
            assert!(
                start.elapsed() < DEADLINE,
                "still busy after {DEADLINE:?} while {doing}; the screen:\n{}",
                self.contents()
            );
            self.assert_alive(doing);
            thread::sleep(Duration::from_millis(25));
            let now = self.contents();
            if now != last {
                last = now;
                still = Instant::now();
            }
        }
    }

    fn quit(&mut self) {
        self.send("q");
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            assert!(start.elapsed() < DEADLINE, "quire did not exit on q");
            thread::sleep(Duration::from_millis(25));
        };
        assert!(status.success(), "exit status {status:?}");
        thread::sleep(Duration::from_millis(100));
    }

    fn assert_no_leak(&self) {
        let bytes = self.bytes.lock().unwrap();
        assert!(bytes.len() > 1000, "quire drew almost nothing");
        if let Some(leak) = hostile::terminal_leak(&bytes) {
            panic!("the terminal received {leak}");
        }
    }
}

/// The keys a person reading each article would press, and the status shows where the list is.
fn page_through_every_article(library: &Path) {
    let articles = quire::library::load(&[library.to_path_buf()])
        .articles
        .len();
    let mut s = Session::start(library);
    s.wait_for(&format!("/{articles} "));
    for n in 0..articles {
        let doing = format!("reading article {}", n + 1);
        s.send("\r"); // open
        s.send("\x1b[6~"); // PgDn
        s.send("\x1b[6~");
        s.send(" ");
        s.send("j");
        s.send("k");
        s.send("G");
        s.send("g");
        s.send("h"); // back to the list
        s.send("j"); // next article
        s.settle(&doing);
    }
    // The problems view and the help: open, scroll, close.
    s.send("!");
    s.wait_for("Problems");
    s.send("\x1b[6~");
    s.send("j");
    s.send("\x1b");
    s.settle("closing the problems view");
    s.send("?");
    s.wait_for("Keys");
    s.send("\x1b[6~");
    s.send("\x1b");
    // The pickers, the prompt, with typing.
    s.send("t");
    s.send("p");
    s.send("\x1b");
    s.send("a");
    s.send("\x1b");
    s.send("/");
    for c in "pwned".chars() {
        s.send(&c.to_string());
    }
    s.send("\r");
    s.send("c");
    s.send("\t");
    s.send("\t");
    s.settle("using the pickers and the prompt");
    s.quit();
    s.assert_no_leak();
    let parser = s.screen.lock().unwrap();
    assert!(
        !parser.screen().alternate_screen(),
        "left in the alternate screen"
    );
}

#[test]
fn page_through_every_hostile_article() {
    let h = hostile::build(Some(hostile::SMALL));
    page_through_every_article(h.path());
}

/// The same with the 100 MB article and the 4 MB line.
#[test]
#[ignore = "slow in a debug build (a 100 MB article); run with --release -- --ignored"]
fn page_through_every_hostile_article_full_size() {
    let h = hostile::build(Some(hostile::FULL));
    page_through_every_article(h.path());
}
