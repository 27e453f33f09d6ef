//! Handbook branding from `northstar.yaml` (`branding:`): logo, favicon, footer text and an
//! accent colour. The accent is checked as written, then adjusted per colour scheme so links
//! and badges drawn in it keep WCAG AA contrast (4.5:1) on the theme's light and dark
//! backgrounds.

use serde::{Deserialize, Deserializer, Serialize};

use crate::model::diagnostics::Diagnostic;
use crate::stages::theme::Theme;

/// `branding:` in `northstar.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandingConfig {
    /// An image in the handbook's `static/` folder, shown before the title in the header.
    #[serde(default, deserialize_with = "static_path")]
    pub logo: Option<String>,
    /// An icon in `static/` (`.svg`, `.png` or `.ico`); default: the theme's.
    #[serde(default, deserialize_with = "static_path")]
    pub favicon: Option<String>,
    /// `#rgb` or `#rrggbb`.
    #[serde(default, deserialize_with = "colour")]
    pub accent: Option<Rgb>,
    /// A line of text at the foot of every page.
    #[serde(default)]
    pub footer: Option<String>,
}

/// A colour as red, green and blue bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// The accent in each colour scheme, as CSS colours: the link colour, its hover colour and
/// the tinted background of the current sidebar entry.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AccentColours {
    pub light: String,
    pub light_hover: String,
    pub light_bg: String,
    pub dark: String,
    pub dark_hover: String,
    pub dark_bg: String,
}

const WHITE: Rgb = Rgb(255, 255, 255);
const BLACK: Rgb = Rgb(0, 0, 0);
/// The theme's page and muted backgrounds (style.css `--bg`, `--bg-muted`), light and dark.
const LIGHT_BG: Rgb = Rgb(0xff, 0xff, 0xff);
const LIGHT_MUTED: Rgb = Rgb(0xee, 0xf1, 0xf4);
const DARK_BG: Rgb = Rgb(0x0f, 0x13, 0x18);
const DARK_MUTED: Rgb = Rgb(0x1f, 0x26, 0x30);
/// AA for normal text, with a little room for rounding.
const TARGET: f64 = 4.6;

impl Rgb {
    /// Parses `#rgb` or `#rrggbb`.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize, len: usize| u8::from_str_radix(&hex[i..i + len], 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
            6 => Some(Rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            _ => None,
        }
    }

    fn css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// `self` moved `amount` (0–1) of the way towards `other`.
    fn mix(self, other: Rgb, amount: f64) -> Rgb {
        let channel =
            |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * amount).round() as u8;
        Rgb(
            channel(self.0, other.0),
            channel(self.1, other.1),
            channel(self.2, other.2),
        )
    }

    /// WCAG relative luminance.
    fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// WCAG contrast ratio between two colours (1–21).
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// The accent adjusted for each scheme: darkened on light backgrounds, lightened on dark
/// ones, step by step, until it reads at AA contrast on the page, on muted panels and on its
/// own tint.
pub fn accent_colours(accent: Rgb) -> AccentColours {
    let light = readable(accent, BLACK, &[LIGHT_BG, LIGHT_MUTED]);
    let dark = readable(accent, WHITE, &[DARK_BG, DARK_MUTED]);
    AccentColours {
        light: light.css(),
        light_hover: light.mix(BLACK, 0.2).css(),
        light_bg: light.mix(LIGHT_BG, 0.9).css(),
        dark: dark.css(),
        dark_hover: dark.mix(WHITE, 0.25).css(),
        dark_bg: dark.mix(DARK_BG, 0.85).css(),
    }
}

fn readable(colour: Rgb, towards: Rgb, backgrounds: &[Rgb]) -> Rgb {
    let page = backgrounds[0];
    let mut colour = colour;
    for _ in 0..40 {
        let tint = colour.mix(page, if towards == BLACK { 0.9 } else { 0.85 });
        let worst = backgrounds
            .iter()
            .chain(std::iter::once(&tint))
            .map(|bg| colour.contrast(*bg))
            .fold(f64::INFINITY, f64::min);
        if worst >= TARGET {
            break;
        }
        colour = colour.mix(towards, 0.08);
    }
    colour
}

/// Checks that the logo and favicon are files of the theme or the handbook's `static/`.
pub fn check(branding: &BrandingConfig, theme: &Theme) -> Vec<Diagnostic> {
    [("logo", &branding.logo), ("favicon", &branding.favicon)]
        .into_iter()
        .filter_map(|(key, path)| {
            let path = path.as_deref()?;
            (!theme.static_files.contains_key(path)).then(|| {
                Diagnostic::error(format!(
                    "`branding.{key}` names `{path}`, which is not in static/"
                ))
                .code("config")
                .in_file(crate::model::config::CONFIG_FILE)
                .help(format!(
                    "put the file at static/{path} in the handbook (paths are relative to static/)"
                ))
            })
        })
        .collect()
}

/// `extra_css` and `extra_js` of northstar.yaml: each file must be in the handbook's static/.
pub fn check_extra_files(config: &crate::model::config::Config, theme: &Theme) -> Vec<Diagnostic> {
    [("extra_css", &config.extra_css), ("extra_js", &config.extra_js)]
        .into_iter()
        .flat_map(|(key, paths)| paths.iter().map(move |path| (key, path)))
        .filter(|(_, path)| !theme.static_files.contains_key(path.as_str()))
        .map(|(key, path)| {
            Diagnostic::error(format!("`{key}` names `{path}`, which is not in static/"))
                .code("config")
                .in_file(crate::model::config::CONFIG_FILE)
                .help(format!(
                    "put the file at static/{path} in the handbook (paths are relative to static/), or take it out of `{key}`"
                ))
        })
        .collect()
}

/// A list of files in static/, each checked as [`static_path`] checks one.
pub fn static_paths<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let texts = Vec::<String>::deserialize(deserializer)?;
    texts
        .into_iter()
        .map(|text| checked_static_path(&text).map_err(serde::de::Error::custom))
        .collect()
}

fn colour<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Rgb>, D::Error> {
    let Some(text) = Option::<String>::deserialize(deserializer)? else {
        return Ok(None);
    };
    Rgb::parse(&text).map(Some).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "`{text}` is not a colour: write it as `#rgb` or `#rrggbb`, e.g. `#0b57d0`"
        ))
    })
}

fn static_path<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let Some(text) = Option::<String>::deserialize(deserializer)? else {
        return Ok(None);
    };
    checked_static_path(&text)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

/// `text` as a path inside static/ (a leading `static/` dropped), or why it cannot be one.
fn checked_static_path(text: &str) -> Result<String, String> {
    let path = text.trim().trim_start_matches("static/").to_string();
    let bad = path.is_empty()
        || path.contains("://")
        || path.starts_with('/')
        || path.contains('\\')
        || path.split('/').any(|part| part == ".." || part == ".");
    if bad {
        return Err(format!(
            "`{text}` should be a file in the handbook's static/ folder, e.g. `images/logo.svg` (the site must work without network)"
        ));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_in_both_forms() {
        assert_eq!(Rgb::parse("#0b57d0"), Some(Rgb(0x0b, 0x57, 0xd0)));
        assert_eq!(Rgb::parse("#fff"), Some(WHITE));
        assert_eq!(Rgb::parse("blue"), None);
        assert_eq!(Rgb::parse("#12345"), None);
        assert_eq!(Rgb::parse("#ggg"), None);
    }

    #[test]
    fn a_pale_accent_is_darkened_for_light_and_a_dark_one_lightened_for_dark() {
        let colours = accent_colours(Rgb::parse("#ffd400").unwrap());
        let light = Rgb::parse(&colours.light).unwrap();
        assert!(light.contrast(LIGHT_MUTED) >= 4.5);
        assert!(light.contrast(Rgb::parse(&colours.light_bg).unwrap()) >= 4.5);
        let colours = accent_colours(Rgb::parse("#1a237e").unwrap());
        let dark = Rgb::parse(&colours.dark).unwrap();
        assert!(dark.contrast(DARK_MUTED) >= 4.5, "{colours:?}");
        assert!(dark.contrast(Rgb::parse(&colours.dark_bg).unwrap()) >= 4.5);
    }

    #[test]
    fn a_readable_accent_is_kept() {
        assert_eq!(
            accent_colours(Rgb::parse("#0b57d0").unwrap()).light,
            "#0b57d0"
        );
    }
}
