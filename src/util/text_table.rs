//! Rows of text as a table for the terminal, each column as wide as its widest cell.

/// `headers` and `cells` as a text table, each column as wide as its widest cell.
pub fn aligned<const N: usize>(headers: [&str; N], cells: &[[String; N]]) -> String {
    let mut widths = headers.map(|h| h.chars().count());
    for row in cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    let mut out = line(&headers.map(str::to_string));
    for row in cells {
        out.push('\n');
        out.push_str(&line(row));
    }
    out
}
