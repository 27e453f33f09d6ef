//! `northstar serve`: previews the handbook with live reload.

use std::net::IpAddr;

use clap::Args;

use super::{GlobalArgs, Reporter, EXIT_CONTENT, EXIT_OK, EXIT_USAGE};
use crate::commands::serve::{run, ServeError, ServeOptions};

/// Preview the handbook in a browser, rebuilding and reloading on every save
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on; when it is taken, the next free one is used
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on; anything but a loopback address shows the handbook to the network
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    pub bind: IpAddr,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Show drafts, marked with a DRAFT banner (the default for serve)
    #[arg(long, overrides_with = "no_drafts")]
    pub drafts: bool,
    /// Leave drafts out, as `build` does
    #[arg(long, overrides_with = "drafts")]
    pub no_drafts: bool,
    /// Preview what this audience sees (a level of `audiences:`; default: `default_audience`)
    #[arg(long, value_name = "LEVEL")]
    pub audience: Option<String>,
}

impl ServeArgs {
    pub fn run(&self, global: &GlobalArgs, reporter: &Reporter) -> u8 {
        let options = ServeOptions {
            load: global.options(!self.no_drafts, &self.audience),
            bind: self.bind,
            port: self.port,
            open: self.open,
        };
        match run(&options, reporter) {
            Ok(()) => EXIT_OK,
            Err(ServeError::Usage(diagnostic)) => {
                reporter.diagnostics(std::slice::from_ref(&diagnostic));
                EXIT_USAGE
            }
            Err(ServeError::Io(error)) => {
                reporter.fatal(&error);
                EXIT_CONTENT
            }
        }
    }
}
