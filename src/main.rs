//! The `sitegen` command: parses arguments and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
        /// Source documents (UTF-8 text).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Directory to write plan files into.
        #[arg(long, default_value = "content/plans")]
        out: PathBuf,
        /// Print what was found and every guess, with line numbers.
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
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            quiet,
        } => {
            let progress = sitegen::progress::Reporter::for_stderr(quiet);
            let opts = sitegen::build::BuildOptions {
                root,
                output,
                progress,
            };
            match sitegen::build::build(&opts) {
                Ok(report) => {
                    print_warnings(&report.warnings);
                    println!("{report}");
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    eprintln!("{diags}");
                    eprintln!("build failed; the previous output was left untouched");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Bundle { root, out, quiet } => {
            let progress = sitegen::progress::Reporter::for_stderr(quiet);
            let build = sitegen::build::BuildOptions {
                root,
                output: None,
                progress,
            };
            match sitegen::bundle::bundle(&sitegen::bundle::BundleOptions { build, out }) {
                Ok(report) => {
                    print_warnings(&report.build.warnings);
                    println!("{report}");
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    eprintln!("{diags}");
                    eprintln!("bundle failed; no zip was written");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Import {
            files,
            out,
            report,
            force,
        } => {
            let opts = sitegen::import::ImportOptions { out, report, force };
            exit_on(sitegen::import::run(&files, &opts))
        }
        Command::Serve {
            root,
            port,
            interface,
        } => {
            let opts = sitegen::serve::ServeOptions {
                root,
                interface,
                port,
            };
            exit_on(sitegen::serve::serve(&opts))
        }
        Command::Check { root, format } => {
            let diags = sitegen::check::check(&root);
            match format {
                CheckFormat::Text => println!("{}", sitegen::check::format_text(&diags)),
                CheckFormat::Json => println!("{}", sitegen::check::format_json(&diags)),
            }
            if diags.iter().any(|d| d.level == sitegen::diag::Level::Error) {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Init { dir } => {
            let r = sitegen::scaffold::init(&dir);
            if r.is_ok() {
                println!(
                    "created a new portal in {}; build it with: sitegen build --root {}",
                    dir.display(),
                    dir.display()
                );
            }
            exit_on(r)
        }
        Command::Schema => {
            println!("{}", sitegen::schema::plan_schema_json());
            ExitCode::SUCCESS
        }
    }
}

fn exit_on(r: anyhow::Result<()>) -> ExitCode {
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn print_warnings(warnings: &[sitegen::diag::Diagnostic]) {
    for w in warnings {
        eprintln!("{w}");
    }
}
