//! The `sitegen` command: parses arguments, calls the library and prints
//! what it returns (the library itself never prints).

mod progress;
mod say;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use say::{errln, outln};

#[derive(Parser)]
#[command(
    name = "sitegen",
    version,
    about = "Build cross-linked portals from government action plans"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the portal from content/ into the output directory.
    Build {
        /// Site directory holding sitegen.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output directory (overrides output_dir in sitegen.toml).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Print no progress, only the summary.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Build the portal into one zip file that works unpacked anywhere.
    Bundle {
        /// Site directory holding sitegen.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The zip file to write; the site goes under a folder named after it.
        #[arg(long, default_value = "portal.zip")]
        out: PathBuf,
        /// Print no progress, only the summary.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Turn raw policy text into plan files.
    Import {
        /// Source documents: text in any common encoding, saved web pages, Word .docx, spreadsheets (.xlsx) and CSV task tables, PDF files with a text layer.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Directory to write plan files into.
        #[arg(long, default_value = "content/plans")]
        out: PathBuf,
        /// Print what was found, every guess as `file:line:col: note: …` (least sure first), and every task with its units and targets.
        #[arg(long)]
        report: bool,
        /// Overwrite plan files that differ from what the import produces.
        #[arg(long)]
        force: bool,
    },
    /// Build in memory, serve on 127.0.0.1, rebuild and reload pages on change.
    Serve {
        /// Site directory holding sitegen.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on.
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Interface to bind; other machines can reach anything but 127.0.0.1.
        #[arg(long, default_value = "127.0.0.1")]
        interface: std::net::IpAddr,
        /// Also answer requests for this host name (repeatable); besides it only localhost, the loopback and bound addresses and the host of base_url are answered, so that no other site can read the preview (DNS rebinding).
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_hosts: Vec<String>,
    },
    /// Check content and the rendered site without writing anything.
    Check {
        /// Site directory holding sitegen.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `text` for people, `json` (an array of findings) for tools.
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
    },
    /// Create a minimal new portal with one example plan.
    Init { dir: PathBuf },
    /// Print the JSON Schema of plan files.
    Schema,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CheckFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // `Error::exit` would ignore a failed write and exit 0 for --help.
            if let Err(w) = e.print() {
                errln!("error: cannot write the command-line help or error: {w}");
                return ExitCode::FAILURE;
            }
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    say::finish(run(cli.command))
}

fn run(command: Command) -> ExitCode {
    match command {
        Command::Build {
            root,
            output,
            quiet,
        } => {
            let opts = sitegen::BuildOptions {
                root,
                output,
                progress: progress::for_stderr(quiet),
            };
            match sitegen::build(&opts) {
                Ok(report) => {
                    print_warnings(&report.warnings);
                    outln!("{report}");
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    errln!("{diags}");
                    errln!("build failed; the previous output was left untouched");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Bundle { root, out, quiet } => {
            let build = sitegen::BuildOptions {
                root,
                output: None,
                progress: progress::for_stderr(quiet),
            };
            match sitegen::bundle(&sitegen::BundleOptions { build, out }) {
                Ok(report) => {
                    print_warnings(&report.build.warnings);
                    outln!("{report}");
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    errln!("{diags}");
                    errln!("bundle failed; no zip was written");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Import {
            files,
            out,
            report,
            force,
        } => import(&files, &sitegen::ImportOptions { out, report, force }),
        Command::Serve {
            root,
            port,
            interface,
            allow_hosts,
        } => {
            let opts = sitegen::ServeOptions {
                root: root.clone(),
                interface,
                port,
                allow_hosts,
                log: sitegen::ServeLog::new(move |m| print_serve(&root, m)),
            };
            if !interface.is_loopback() {
                errln!("warning: listening on {interface}, reachable from other machines");
            }
            exit_on(sitegen::serve(&opts))
        }
        Command::Check { root, format } => {
            let diags = sitegen::check(&root);
            match format {
                CheckFormat::Text => outln!("{}", sitegen::format_text(&diags)),
                CheckFormat::Json => {
                    outln!("{}", sitegen::escape_json(&sitegen::format_json(&diags)))
                }
            }
            if diags.iter().any(|d| d.level == sitegen::Level::Error) {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Init { dir } => {
            let r = sitegen::init(&dir);
            if r.is_ok() {
                outln!(
                    "created a new portal in {}; build it with: sitegen build --root {}",
                    dir.display(),
                    dir.display()
                );
            }
            exit_on(r)
        }
        Command::Schema => {
            outln!("{}", sitegen::plan_schema_json());
            ExitCode::SUCCESS
        }
    }
}

fn import(files: &[PathBuf], opts: &sitegen::ImportOptions) -> ExitCode {
    use sitegen::Written;
    let outcomes = match sitegen::import_files(files, opts) {
        Ok(o) => o,
        Err(d) => return exit_on(Err(d)),
    };
    let (mut failed, mut refused) = (0, 0);
    for o in &outcomes {
        let shown = o.source.display();
        print_warnings(&o.warnings);
        match &o.result {
            Err(d) => {
                errln!("{d}");
                failed += 1;
            }
            Ok(plans) => {
                for p in plans {
                    outln!(
                        "{shown} -> {}: {} tasks, {} units, {} targets, {} guesses{}",
                        p.path.display(),
                        p.tasks,
                        p.units,
                        p.targets,
                        p.guesses,
                        match p.written {
                            Written::New => "",
                            Written::Same => " (unchanged)",
                            Written::Updated => " (updated: the file had not been edited)",
                            Written::Forced => " (overwritten with --force)",
                            Written::Refused => " (NOT written: the existing file was edited)",
                        }
                    );
                    if p.written == Written::Refused {
                        errln!(
                            "{} was edited since it was imported; keeping it. Pass --force to replace it",
                            p.path.display()
                        );
                        refused += 1;
                    }
                    if let Some(r) = &p.report {
                        say::out(format_args!("{}", sitegen::escape_text(r)));
                    }
                }
            }
        }
    }
    if failed + refused > 0 {
        errln!(
            "error: {failed} file(s) could not be imported, {refused} plan file(s) not overwritten (pass --force to overwrite)"
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn print_serve(root: &std::path::Path, m: &sitegen::ServeMessage<'_>) {
    use sitegen::ServeMessage as M;
    match m {
        M::Built {
            pages,
            elapsed,
            warnings,
        } => {
            print_warnings(warnings);
            errln!("built {pages} pages in {elapsed:.0?}");
        }
        M::Failed(e) => errln!("{e}\nserving the error page until the sources are fixed"),
        M::Listening(addr) => outln!(
            "serving {} on http://{addr}/ (Ctrl+C to stop)",
            root.display()
        ),
        M::Rebuilt {
            changed,
            pages,
            elapsed,
            since_change,
            warnings,
        } => {
            print_warnings(warnings);
            errln!(
                "{changed} changed: rebuilt {pages} pages in {elapsed:.0?}; reload sent {since_change:.0?} after the change"
            );
        }
        M::RebuildFailed { changed, error } => {
            errln!("{changed} changed: build failed; still serving the last good site\n{error}");
        }
    }
}

fn exit_on(r: Result<(), sitegen::Diagnostic>) -> ExitCode {
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn print_warnings(warnings: &[sitegen::Diagnostic]) {
    for w in warnings {
        errln!("{w}");
    }
}
