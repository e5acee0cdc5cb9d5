//! The `partner-eval` command; everything lives in the library.

fn main() -> std::process::ExitCode {
    partner_eval::cli::main()
}
