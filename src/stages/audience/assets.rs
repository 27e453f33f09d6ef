//! Files of `content/` that only left-out documents use: a build for a lower audience does
//! not copy them, so a diagram or spreadsheet of a confidential document stays with it.

use std::collections::HashSet;

use aho_corasick::AhoCorasick;

use crate::model::site::Site;
use crate::model::urls;

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
    let mut linked: Vec<String> = site
        .left_out
        .all()
        .flat_map(|page| page.links.iter())
        .filter(|path| site.assets.contains(*path) && !private.contains(*path))
        .cloned()
        .collect();
    linked.sort();
    linked.dedup();
    private.extend(unmentioned(site, linked));
    site.assets.retain(|asset| !private.contains(asset));
    private.len()
}

/// The files of `assets` whose name no included page's body mentions (a page that mentions
/// a file may link to it). One pass over the bodies looks for every name at once.
fn unmentioned(site: &Site, assets: Vec<String>) -> Vec<String> {
    if assets.is_empty() {
        return assets;
    }
    let names: Vec<&str> = assets
        .iter()
        .map(|asset| asset.rsplit('/').next().unwrap_or(asset))
        .collect();
    let mut mentioned = vec![false; names.len()];
    if let Ok(automaton) = AhoCorasick::new(&names) {
        for page in site.pages() {
            for found in automaton.find_overlapping_iter(site.body(page).0) {
                mentioned[found.pattern().as_usize()] = true;
            }
        }
    }
    assets
        .into_iter()
        .zip(mentioned)
        .filter_map(|(asset, mentioned)| (!mentioned).then_some(asset))
        .collect()
}
