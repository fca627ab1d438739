//! The command line (DESIGN "Command line"), parsed by clap.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A terminal reader for a library of articles: Markdown or text files with YAML front matter.
#[derive(Debug, Parser)]
#[command(name = "quire", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Files or folders to open (default: ./articles, else the configured library).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub options: GlobalOptions,

    /// Append one line per handled event to FILE: `<event>\t<update_us>\t<draw_us>`.
    #[arg(long, value_name = "FILE")]
    pub timings: Option<PathBuf>,
}

/// Options every command accepts.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct GlobalOptions {
    /// Theme: a bundled name (default, light, high-contrast, ansi16), a user theme or a file.
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,

    /// Highlight a keyword (repeatable); matches at the start of words, ignoring case and accents.
    #[arg(long = "highlight", global = true, value_name = "WORD")]
    pub highlight: Vec<String>,

    /// Initial filter, in the query language (see README).
    #[arg(short = 'q', long = "query", global = true, value_name = "QUERY")]
    pub query: Option<String>,

    /// Colour depth: auto, always, never, 16, 256 or truecolor.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: String,

    /// Config file (default: $XDG_CONFIG_HOME/quire/config.yaml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Sort field: date, title, author or path; prefix with `-` to reverse (`-date`).
    #[arg(long, global = true, value_name = "FIELD", allow_hyphen_values = true)]
    pub sort: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the articles that match a query.
    List {
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Print only the number of matching articles.
        #[arg(long)]
        count: bool,
    },
    /// Print every problem found while loading, one `path: reason` a line; exit 1 if any.
    Check {
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Print every tag with its article count.
    Tags {
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Print every author with their article count.
    Authors {
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Print one article as plain text.
    Show {
        #[arg(value_name = "PATH")]
        path: PathBuf,
        /// Wrap to this many columns (default: the terminal's width, else 80).
        #[arg(long, value_name = "COLUMNS")]
        width: Option<u16>,
    },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    Man,
}

/// How `quire list` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Tsv,
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn list_takes_query_and_format_after_the_subcommand() {
        let cli = Cli::try_parse_from([
            "quire",
            "list",
            "articles",
            "-q",
            "author:celine",
            "--format",
            "json",
        ])
        .unwrap();
        assert_eq!(cli.options.query.as_deref(), Some("author:celine"));
        match cli.command {
            Some(Command::List { paths, format, .. }) => {
                assert_eq!(paths, vec![PathBuf::from("articles")]);
                assert_eq!(format, Format::Json);
            }
            other => panic!("expected list, got {other:?}"),
        }
    }

    #[test]
    fn highlight_repeats_and_paths_default_to_none() {
        let cli =
            Cli::try_parse_from(["quire", "--highlight", "Kuril", "--highlight", "Abe"]).unwrap();
        assert_eq!(cli.options.highlight, ["Kuril", "Abe"]);
        assert!(cli.paths.is_empty() && cli.command.is_none());
    }

    #[test]
    fn a_reversed_sort_field_is_not_taken_for_an_option() {
        let cli = Cli::try_parse_from(["quire", "list", "--sort", "-date"]).unwrap();
        assert_eq!(cli.options.sort.as_deref(), Some("-date"));
    }
}
