//! Reading and checking a handbook into the model, in the order the pipeline runs them:
//! discover the files, parse front matter, withhold files that run scripts, read git dates,
//! assemble the site (sections, cascades, titles, the audience's cut), govern (kinds,
//! references, reviews, ids), compute the strategy views, and load the theme with its
//! branding; then, per page, Markdown to HTML with every link resolved and checked.

pub mod active_files;
pub mod assemble;
pub mod audience;
pub mod branding;
pub mod discover;
pub mod frontmatter;
pub mod gitdates;
pub mod govern;
pub mod history;
pub mod link_hints;
pub mod links;
pub mod markdown;
pub mod theme;
pub mod views;
