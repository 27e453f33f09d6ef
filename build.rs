//! Rebuilds the binary when a file of the default theme changes: the theme is embedded with
//! `include_dir!`, which cargo does not see as an input of the crate on a stable compiler.

fn main() {
    // A folder given here is scanned whole: any file added, removed or edited under it
    // runs this script again, and with it the crate's compilation.
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=build.rs");
}
