//! Where a machine-read file (radar.json, radar.csv, api/pages.json) points at a page: at its
//! absolute address when `base_url` is a web address, since the tools that read these files
//! (Backstage, Build-Your-Own-Radar, a chat bot) show the links on pages of their own; else
//! at a path relative to the file itself, which resolves, as any relative URL does, against
//! the address the file was fetched from, wherever the site is published.

use crate::model::site::Site;
use crate::model::urls;

/// The site's address without a trailing `/`, when `base_url` is a web address.
pub fn site_address(site: &Site) -> Option<&str> {
    site.config
        .base_url
        .as_deref()
        .filter(|base| crate::model::config::is_web_address(base))
        .map(|base| base.trim_end_matches('/'))
}

/// The link from the output file `file` to the page at root-relative `url`.
pub fn link(site: &Site, file: &str, url: &str) -> String {
    match site_address(site) {
        Some(base) => format!("{base}/{url}"),
        None => urls::relative(file, url),
    }
}
