//! The `partner-eval` command; everything lives in the library.

/// mimalloc instead of the system allocator: rendering thousands of reports
/// after a few large ones left glibc's heap fragmented, and a quarter of
/// each report's time went to searching its free lists.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    partner_eval::cli::main()
}
