//! Tables: cell text wrapped to column widths, the header row repeated on every page a
//! table spans, and rows taller than a page split across pages.

use super::*;

impl Layout<'_> {
    pub(super) fn table(&mut self, headers: &[String], rows: &[Vec<String>], widths: &[f32]) {
        let ncols = headers
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if ncols == 0 {
            return;
        }
        let (col_x, col_w) = column_geometry(ncols, widths);
        let lh = line_height(TABLE_PT);
        let wrap_row = |lay: &mut Self, cells: &[String]| -> Vec<Vec<String>> {
            (0..ncols)
                .map(|i| {
                    let text = lay.resolve(cells.get(i).map(String::as_str).unwrap_or(""));
                    wrap(lay.fonts, &text, TABLE_PT, col_w[i] - 2.0 * CELL_PAD)
                })
                .collect()
        };
        let head = if headers.is_empty() {
            None
        } else {
            Some(wrap_row(self, headers))
        };
        let body: Vec<Vec<Vec<String>>> = rows.iter().map(|r| wrap_row(self, r)).collect();
        let lines_of = |cells: &[Vec<String>]| cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let head_h = head
            .as_ref()
            .map_or(0.0, |h| lines_of(h) as f32 * lh + 2.0 * CELL_PAD);

        let geom = TableGeom {
            col_x: &col_x,
            col_w: &col_w,
            lh,
        };
        let first_h = body
            .first()
            .map_or(0.0, |r| lines_of(r).min(3) as f32 * lh + 2.0 * CELL_PAD);
        self.gap(1.0);
        self.ensure(head_h + first_h);
        if let Some(h) = &head {
            self.table_segment(&geom, h, 0, lines_of(h), true);
        }
        // Lines of a row that fit on an otherwise empty page under the header.
        let page_capacity =
            (((CONTENT_BOTTOM - CONTENT_TOP - head_h - 2.0 * CELL_PAD) / lh).floor() as usize)
                .max(1);
        for row in &body {
            let n = lines_of(row);
            let mut off = 0;
            while off < n {
                let avail = CONTENT_BOTTOM - self.y;
                let need = (n - off) as f32 * lh + 2.0 * CELL_PAD;
                if need <= avail + 1e-3 {
                    self.table_segment(&geom, row, off, n, false);
                    off = n;
                    continue;
                }
                let fit = ((avail - 2.0 * CELL_PAD) / lh).floor().max(0.0) as usize;
                let at_top = self.y <= CONTENT_TOP + head_h + 1e-3;
                if at_top || (n - off > page_capacity && fit >= 1) {
                    // Split the row: as many lines as fit here, the rest overleaf.
                    let k = fit.max(1).min(n - off);
                    self.table_segment(&geom, row, off, off + k, false);
                    off += k;
                    if off >= n {
                        continue;
                    }
                }
                self.new_page();
                if let Some(h) = &head {
                    self.table_segment(&geom, h, 0, lines_of(h), true);
                }
            }
        }
        self.y += 3.0;
    }

    /// Draw lines `from..to` of one table row at the cursor and advance it.
    pub(super) fn table_segment(
        &mut self,
        g: &TableGeom,
        cells: &[Vec<String>],
        from: usize,
        to: usize,
        is_header: bool,
    ) {
        let top = self.y;
        let h = (to - from) as f32 * g.lh + 2.0 * CELL_PAD;
        let x0 = g.col_x[0];
        let x1 = MARGIN_X + CONTENT_W;
        if is_header {
            let ops = fill_rect(x0, top, x1 - x0, h, 0.9);
            self.ops().extend(ops);
        }
        for (i, lines) in cells.iter().enumerate() {
            for (k, line) in lines.iter().enumerate().take(to).skip(from) {
                let ly = top + CELL_PAD + (k - from) as f32 * g.lh;
                self.draw_text(g.col_x[i] + CELL_PAD, ly, g.lh, TABLE_PT, line, 0.0);
            }
        }
        let mut ops = Vec::new();
        ops.push(Op::SaveGraphicsState);
        ops.extend(stroke_style(0.55, 0.5));
        ops.push(hline(x0, x1, top));
        ops.push(hline(x0, x1, top + h));
        for (i, x) in g.col_x.iter().enumerate() {
            ops.push(vline(*x, top, top + h));
            if i + 1 == g.col_x.len() {
                ops.push(vline(x + g.col_w[i], top, top + h));
            }
        }
        ops.push(Op::RestoreGraphicsState);
        self.ops().extend(ops);
        self.page_has_content = true;
        self.y += h;
    }
}

pub(super) struct TableGeom<'g> {
    pub(super) col_x: &'g [f32],
    pub(super) col_w: &'g [f32],
    pub(super) lh: f32,
}

/// Where each of `ncols` columns starts and how wide it is (mm), from relative `widths` (equal
/// columns when their count does not match).
fn column_geometry(ncols: usize, widths: &[f32]) -> (Vec<f32>, Vec<f32>) {
    let relative = |i: usize| {
        if widths.len() == ncols {
            widths[i]
        } else {
            1.0
        }
    };
    let total: f32 = (0..ncols).map(relative).sum();
    let col_w: Vec<f32> = (0..ncols)
        .map(|i| CONTENT_W * relative(i) / total)
        .collect();
    let col_x: Vec<f32> = col_w
        .iter()
        .scan(MARGIN_X, |x, w| {
            let here = *x;
            *x += w;
            Some(here)
        })
        .collect();
    (col_x, col_w)
}
