//! Files of `content/` that only left-out documents use: a build for a lower audience does
//! not copy them, so a diagram or spreadsheet of a confidential document stays with it.

use std::collections::HashSet;

use crate::site::Site;
use crate::urls;

/// Removes from `site.assets` each file in a left-out folder, and each file a left-out
/// document links to (or shows) that no page of the build mentions by name; returns how many.
pub fn drop_private_assets(site: &mut Site) -> usize {
    if site.left_out.is_empty() {
        return 0;
    }
    let mut private: HashSet<String> = site
        .assets
        .iter()
        .filter(|asset| site.left_out.level_of(urls::parent_dir(asset)).is_some())
        .cloned()
        .collect();
    let linked = site.left_out.all().flat_map(|page| page.links.iter());
    let linked: Vec<String> = linked
        .filter(|path| site.assets.contains(*path) && !private.contains(*path))
        .cloned()
        .collect();
    for asset in linked {
        // A file an included page mentions by name stays: that page may link to it.
        let name = asset.rsplit('/').next().unwrap_or(&asset);
        if !site.pages().any(|page| site.body(page).0.contains(name)) {
            private.insert(asset);
        }
    }
    site.assets.retain(|asset| !private.contains(asset));
    private.len()
}
