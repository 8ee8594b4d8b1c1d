//! CSV data sets and design matrices.
//!
//! A column is numeric when its non-missing cells parse as numbers, text
//! (a factor, expanded to treatment dummies with levels in sorted order, as R
//! does) when none do; a mostly numeric column with a stray word is an
//! error naming the cell. Empty cells and `NA` are missing.

use crate::error::{EstimateError, Result};
use crate::formula::Part;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::OnceLock;

/// A data set read from CSV: named columns of raw cells.
#[derive(Clone, Debug)]
pub struct Dataset {
    /// Column names, in file order.
    pub names: Vec<String>,
    /// Every non-missing cell's trimmed text, concatenated: one allocation
    /// instead of one per cell.
    text: String,
    /// Per column, its cells.
    cells: Vec<Cells>,
    /// Number of data rows.
    pub nrows: usize,
}

/// Each row's cell as a byte range of a text buffer (None where missing).
type Spans = Vec<Option<(u32, u32)>>;

/// One column's cells.
#[derive(Clone, Debug)]
enum Cells {
    /// Byte ranges of [`Dataset::text`].
    Text(Spans),
    /// Numbers handed over in memory (NaN missing), kept as numbers:
    /// writing 100,000 of them as text for [`Dataset::numeric`] to parse
    /// back cost ~5% of a 7,240-row fit. Their text (shortest round-trip, as
    /// a CSV file of the same table would hold) is made only when asked for.
    Numbers(Vec<f64>, OnceLock<(String, Spans)>),
}

/// A column in memory, for [`Dataset::from_columns`].
#[derive(Clone, Debug)]
pub enum Column {
    /// Numbers; NaN is missing.
    Numbers(Vec<f64>),
    /// Labels (a factor); `None`, empty and `NA` are missing.
    Text(Vec<Option<String>>),
}

impl Column {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Column::Numbers(x) => x.len(),
            Column::Text(x) => x.len(),
        }
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How a column's cells are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// Numbers (possibly with a few non-numeric cells, which are errors).
    Numeric,
    /// Text labels (a factor).
    Text,
}

fn is_missing(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || t == "NA"
}

impl Dataset {
    /// Reads a CSV file with a header row.
    pub fn from_csv_path(path: &str) -> Result<Dataset> {
        let text = std::fs::read(path).map_err(|source| EstimateError::Io {
            path: path.to_string(),
            source,
        })?;
        Self::from_csv_bytes(&text, path)
    }

    /// Reads CSV from bytes; `label` names the source in errors.
    pub fn from_csv_bytes(bytes: &[u8], label: &str) -> Result<Dataset> {
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(EstimateError::Csv(format!(
                "{label} is empty: expected a header row and data rows"
            )));
        }
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(bytes);
        let names: Vec<String> = rdr
            .headers()
            .map_err(|e| EstimateError::Csv(format!("{label}: bad header: {e}")))?
            .iter()
            .map(|s| s.trim().to_string())
            .collect();
        for (i, n) in names.iter().enumerate() {
            if n.is_empty() {
                return Err(EstimateError::Csv(format!(
                    "{label}: column {} has an empty name",
                    i + 1
                )));
            }
            if names[..i].contains(n) {
                return Err(EstimateError::Csv(format!(
                    "{label}: duplicate column name '{n}'"
                )));
            }
        }
        // Reserved up front: growing ~30 columns of 7000 rows by doubling
        // costs more in copies and fresh pages than parsing them.
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        let mut cells: Vec<Spans> = (0..names.len())
            .map(|_| Vec::with_capacity(lines))
            .collect();
        let mut text = String::with_capacity(bytes.len());
        let mut nrows = 0;
        let mut rec = csv::StringRecord::new();
        loop {
            match rdr.read_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    return Err(EstimateError::Csv(format!(
                        "{label}: data row {}: {e}",
                        nrows + 1
                    )))
                }
            }
            for (j, cell) in rec.iter().enumerate() {
                cells[j].push(if is_missing(cell) {
                    None
                } else {
                    let start = text.len();
                    text.push_str(cell.trim());
                    let end = text.len();
                    if end > u32::MAX as usize {
                        return Err(EstimateError::Csv(format!(
                            "{label}: more than 4 GiB of cell text"
                        )));
                    }
                    Some((start as u32, end as u32))
                });
            }
            nrows += 1;
        }
        if nrows == 0 {
            return Err(EstimateError::Csv(format!(
                "{label} has a header but no data rows"
            )));
        }
        Ok(Dataset {
            names,
            text,
            cells: cells.into_iter().map(Cells::Text).collect(),
            nrows,
        })
    }

    /// A data set from columns in memory (a data frame's, handed over by the
    /// Python package without writing CSV): it reads as the data set that
    /// [`Dataset::from_csv_bytes`] reads from the same table written as CSV
    /// (numbers as their shortest round-trip text), though numbers stay
    /// numbers.
    pub fn from_columns(columns: Vec<(String, Column)>) -> Result<Dataset> {
        let names: Vec<String> = columns.iter().map(|(n, _)| n.trim().to_string()).collect();
        for (i, n) in names.iter().enumerate() {
            if n.is_empty() {
                return Err(EstimateError::Csv(format!(
                    "data: column {} has an empty name",
                    i + 1
                )));
            }
            if names[..i].contains(n) {
                return Err(EstimateError::Csv(format!(
                    "data: duplicate column name '{n}'"
                )));
            }
        }
        let nrows = columns.first().map_or(0, |(_, c)| c.len());
        if nrows == 0 {
            return Err(EstimateError::Csv("data: no columns or no rows".into()));
        }
        let mut text = String::new();
        let mut cells = Vec::with_capacity(columns.len());
        for (name, col) in columns {
            if col.len() != nrows {
                return Err(EstimateError::Csv(format!(
                    "data: column '{name}' has {} rows, the first column {nrows}",
                    col.len()
                )));
            }
            let c = match col {
                Column::Numbers(xs) => Cells::Numbers(xs, OnceLock::new()),
                Column::Text(xs) => Cells::Text(
                    xs.iter()
                        .map(|x| match x {
                            Some(v) if !is_missing(v) => {
                                let start = text.len();
                                text.push_str(v.trim());
                                Some((start as u32, text.len() as u32))
                            }
                            _ => None,
                        })
                        .collect(),
                ),
            };
            cells.push(c);
        }
        if text.len() > u32::MAX as usize {
            return Err(EstimateError::Csv(
                "data: more than 4 GiB of cell text".into(),
            ));
        }
        Ok(Dataset {
            names,
            text,
            cells,
            nrows,
        })
    }

    /// Column `j`'s cells as text: its buffer and each row's byte range.
    fn spans(&self, j: usize) -> (&str, &[Option<(u32, u32)>]) {
        match &self.cells[j] {
            Cells::Text(spans) => (&self.text, spans),
            Cells::Numbers(xs, made) => {
                let (text, spans) = made.get_or_init(|| {
                    let mut text = String::new();
                    let spans = xs
                        .iter()
                        .map(|&x| {
                            (!x.is_nan()).then(|| {
                                let start = text.len();
                                let _ = write!(text, "{x}");
                                (start as u32, text.len() as u32)
                            })
                        })
                        .collect();
                    (text, spans)
                });
                (text, spans)
            }
        }
    }

    fn index(&self, name: &str) -> Result<usize> {
        self.names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| EstimateError::MissingColumn {
                column: name.to_string(),
                available: self.names.join(", "),
            })
    }

    /// Checks that a column exists.
    pub fn require(&self, name: &str) -> Result<()> {
        self.index(name).map(|_| ())
    }

    /// How the column is read (numeric unless most cells are not numbers).
    pub fn kind(&self, name: &str) -> Result<ColumnKind> {
        let j = self.index(name)?;
        if let Cells::Numbers(xs, _) = &self.cells[j] {
            // Every present cell is a number (an infinite one included, as
            // its text "inf" parses).
            return Ok(if xs.iter().any(|x| !x.is_nan()) {
                ColumnKind::Numeric
            } else {
                ColumnKind::Text
            });
        }
        let (buf, col) = self.spans(j);
        let (mut num, mut text) = (0usize, 0usize);
        for v in col
            .iter()
            .filter_map(|r| r.map(|(a, b)| &buf[a as usize..b as usize]))
        {
            if v.parse::<f64>().is_ok() {
                num += 1;
            } else {
                text += 1;
            }
        }
        Ok(if num >= text && num > 0 {
            ColumnKind::Numeric
        } else {
            ColumnKind::Text
        })
    }

    /// Whether the cell is missing.
    pub fn is_missing(&self, name: &str, row: usize) -> Result<bool> {
        Ok(match &self.cells[self.index(name)?] {
            Cells::Text(spans) => spans[row].is_none(),
            Cells::Numbers(xs, _) => xs[row].is_nan(),
        })
    }

    /// The column as numbers (NaN where missing); errors on a non-numeric
    /// cell, naming the column and row.
    pub fn numeric(&self, name: &str) -> Result<Vec<f64>> {
        let j = self.index(name)?;
        let non_numeric = |row: usize, value: String| EstimateError::NonNumeric {
            column: name.to_string(),
            row,
            value,
        };
        if let Cells::Numbers(xs, _) = &self.cells[j] {
            // As the text path: NaN is missing, an infinity is an error.
            return match xs.iter().position(|x| x.is_infinite()) {
                Some(i) => Err(non_numeric(i + 1, format!("{}", xs[i]))),
                None => Ok(xs.clone()),
            };
        }
        let (buf, col) = self.spans(j);
        col.iter()
            .enumerate()
            .map(
                |(i, r)| match r.map(|(a, b)| &buf[a as usize..b as usize]) {
                    None => Ok(f64::NAN),
                    Some(s) => match s.parse::<f64>() {
                        Ok(x) if x.is_finite() => Ok(x),
                        _ => Err(non_numeric(i + 1, s.to_string())),
                    },
                },
            )
            .collect()
    }

    /// The column's text cells (None where missing).
    pub fn text(&self, name: &str) -> Result<Vec<Option<&str>>> {
        let (buf, col) = self.spans(self.index(name)?);
        Ok(col
            .iter()
            .map(|r| r.map(|(a, b)| &buf[a as usize..b as usize]))
            .collect())
    }
}

/// The design of one linear index (a utility, or a scale equation).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Block {
    /// The index's name (`u11`, `R1`, `log(sigma)`, ...).
    pub name: String,
    /// Names of its columns (`(Intercept)`, `peaceyrs`, `regime1dem`).
    pub terms: Vec<String>,
    /// A fixed value (the index has no parameters), if any.
    pub fixed: Option<f64>,
}

/// Design matrices of all indices, stacked row-wise.
#[derive(Clone, Debug)]
pub struct Design {
    /// The blocks, in the model's order.
    pub blocks: Vec<Block>,
    /// Rows.
    pub n: usize,
    /// Total number of parameters (columns).
    pub p: usize,
    /// Row-major `n x p` regressors.
    pub x: Vec<f64>,
    /// For each parameter, the index of its block.
    pub blk: Vec<usize>,
    /// Start of each block's parameters.
    pub start: Vec<usize>,
}

/// Factor levels of the text regressors, as used in fitting.
pub type XLevels = BTreeMap<String, Vec<String>>;

/// One index specification: name, formula part (or none) and fixed value.
pub(crate) struct IndexSpec<'a> {
    pub name: String,
    pub part: Option<&'a Part>,
    pub fixed: Option<f64>,
}

enum Col {
    Num(Vec<f64>),
    Factor(Vec<usize>, Vec<String>),
}

fn column(
    ds: &Dataset,
    name: &str,
    rows: &[usize],
    xlevels: &mut XLevels,
    frozen: bool,
) -> Result<Col> {
    // The common case, an all-numeric column, in one parse (kind() would
    // parse it once more).
    if !xlevels.contains_key(name) {
        if let Ok(v) = ds.numeric(name) {
            if v.iter().any(|x| !x.is_nan()) {
                return Ok(Col::Num(rows.iter().map(|&r| v[r]).collect()));
            }
        }
    }
    match ds.kind(name)? {
        ColumnKind::Numeric if !xlevels.contains_key(name) => {
            let v = ds.numeric(name)?;
            Ok(Col::Num(rows.iter().map(|&r| v[r]).collect()))
        }
        _ => {
            let t = ds.text(name)?;
            let levels = match xlevels.get(name) {
                Some(l) => l.clone(),
                None if frozen => {
                    return Err(EstimateError::Spec(format!(
                        "column '{name}' is text here but was numeric when the model was fitted"
                    )))
                }
                None => {
                    let mut l: Vec<String> = rows
                        .iter()
                        .filter_map(|&r| t[r].map(String::from))
                        .collect();
                    l.sort();
                    l.dedup();
                    xlevels.insert(name.to_string(), l.clone());
                    l
                }
            };
            let mut codes = Vec::with_capacity(rows.len());
            for &r in rows {
                let s = t[r].unwrap_or("");
                match levels.iter().position(|l| l == s) {
                    Some(c) => codes.push(c),
                    None => {
                        return Err(EstimateError::Spec(format!(
                            "column '{name}', data row {}: level '{s}' was not seen when the model was fitted (levels: {})",
                            r + 1,
                            levels.join(", ")
                        )))
                    }
                }
            }
            Ok(Col::Factor(codes, levels))
        }
    }
}

/// Builds the design for `rows` of `ds`. With `frozen`, factor levels come
/// from `xlevels` (prediction); otherwise they are recorded there.
pub(crate) fn build_design(
    ds: &Dataset,
    rows: &[usize],
    specs: &[IndexSpec<'_>],
    xlevels: &mut XLevels,
    frozen: bool,
) -> Result<Design> {
    let n = rows.len();
    let mut blocks = vec![];
    let mut cols: Vec<Vec<f64>> = vec![];
    let mut blk = vec![];
    let mut start = vec![];
    for (k, spec) in specs.iter().enumerate() {
        start.push(cols.len());
        let mut terms = vec![];
        if let (None, Some(part)) = (spec.fixed, spec.part) {
            if part.intercept {
                terms.push("(Intercept)".to_string());
                cols.push(vec![1.0; n]);
            }
            let mut full_first_factor = !part.intercept;
            for term in &part.terms {
                if term.0.len() == 1 {
                    match column(ds, &term.0[0], rows, xlevels, frozen)? {
                        Col::Num(v) => {
                            terms.push(term.0[0].clone());
                            cols.push(v);
                        }
                        Col::Factor(codes, levels) => {
                            let skip = if full_first_factor { 0 } else { 1 };
                            full_first_factor = false;
                            for (li, l) in levels.iter().enumerate().skip(skip) {
                                terms.push(format!("{}{}", term.0[0], l));
                                cols.push(codes.iter().map(|&c| (c == li) as u8 as f64).collect());
                            }
                        }
                    }
                } else {
                    let mut prod = vec![1.0; n];
                    for name in &term.0 {
                        match column(ds, name, rows, xlevels, frozen)? {
                            Col::Num(v) => prod.iter_mut().zip(&v).for_each(|(a, b)| *a *= b),
                            Col::Factor(..) => {
                                return Err(EstimateError::Formula(format!(
                                    "interaction '{}' involves the text column '{name}'; interactions are supported between numeric columns only",
                                    term.name()
                                )))
                            }
                        }
                    }
                    terms.push(term.name());
                    cols.push(prod);
                }
            }
            for _ in 0..terms.len() {
                blk.push(k);
            }
        }
        let fixed = match (spec.fixed, spec.part) {
            (Some(v), _) => Some(v),
            (None, Some(p)) if p.is_zero() => Some(0.0),
            (None, None) => Some(0.0),
            _ => None,
        };
        blocks.push(Block {
            name: spec.name.clone(),
            terms,
            fixed,
        });
    }
    let p = cols.len();
    let mut x = vec![0.0; n * p];
    for (j, c) in cols.iter().enumerate() {
        for i in 0..n {
            x[i * p + j] = c[i];
        }
    }
    Ok(Design {
        blocks,
        n,
        p,
        x,
        blk,
        start,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_types_columns() {
        let ds = Dataset::from_csv_bytes(b"a,b,c\n1,x,2\n2,y,\n3,x,NA\n", "t").unwrap();
        assert_eq!(ds.nrows, 3);
        assert_eq!(ds.kind("a").unwrap(), ColumnKind::Numeric);
        assert_eq!(ds.kind("b").unwrap(), ColumnKind::Text);
        assert!(ds.numeric("c").unwrap()[1].is_nan());
        assert!(ds.is_missing("c", 2).unwrap());
    }

    /// The oracle for columns in memory: the same table written as CSV
    /// (numbers in their shortest round-trip text) and read by the CSV path.
    #[test]
    fn columns_read_as_their_csv() {
        let nums = vec![1.5, f64::NAN, -0.0, 0.1 + 0.2, 1e300];
        let none = vec![f64::NAN; 5];
        let labels: Vec<Option<String>> = ["x", "y", "", "NA", " z "]
            .iter()
            .map(|s| Some(s.to_string()))
            .collect();
        let cols = Dataset::from_columns(vec![
            ("n".into(), Column::Numbers(nums.clone())),
            ("e".into(), Column::Numbers(none)),
            ("t".into(), Column::Text(labels)),
        ])
        .unwrap();
        let mut csv = String::from("n,e,t\n");
        for (x, t) in nums.iter().zip(["x", "y", "", "NA", " z "]) {
            let x = if x.is_nan() {
                String::new()
            } else {
                format!("{x}")
            };
            csv += &format!("{x},,{t}\n");
        }
        let file = Dataset::from_csv_bytes(csv.as_bytes(), "t").unwrap();
        for c in ["n", "e", "t"] {
            assert_eq!(cols.kind(c).unwrap(), file.kind(c).unwrap(), "{c}");
            assert_eq!(cols.text(c).unwrap(), file.text(c).unwrap(), "{c}");
            let (a, b) = (cols.numeric(c), file.numeric(c));
            match (a, b) {
                (Ok(a), Ok(b)) => assert!(
                    a.iter()
                        .zip(&b)
                        .all(|(x, y)| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())),
                    "{c}: {a:?} {b:?}"
                ),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                (a, b) => panic!("{c}: {a:?} against {b:?}"),
            }
            for r in 0..5 {
                assert_eq!(
                    cols.is_missing(c, r).unwrap(),
                    file.is_missing(c, r).unwrap()
                );
            }
        }
        assert_eq!(cols.text("n").unwrap()[2], Some("-0"));
        // An infinity is refused with the cell named, as in a file.
        let inf = Dataset::from_columns(vec![(
            "n".into(),
            Column::Numbers(vec![1.0, f64::INFINITY]),
        )])
        .unwrap();
        let file = Dataset::from_csv_bytes(b"n\n1\ninf\n", "t").unwrap();
        assert_eq!(
            inf.numeric("n").unwrap_err().to_string(),
            file.numeric("n").unwrap_err().to_string()
        );
    }

    #[test]
    fn bad_cells_are_named() {
        let ds = Dataset::from_csv_bytes(b"a,b\n1,2\n2,oops\n3,4\n", "t").unwrap();
        let e = ds.numeric("b").unwrap_err().to_string();
        assert!(
            e.contains("'b'") && e.contains("row 2") && e.contains("oops"),
            "{e}"
        );
        assert!(ds.numeric("zz").unwrap_err().to_string().contains("'zz'"));
        assert!(Dataset::from_csv_bytes(b"", "t").is_err());
        assert!(Dataset::from_csv_bytes(b"a,b\n", "t").is_err());
        let e = Dataset::from_csv_bytes(b"a,b\n1,2\n1,2,3\n", "t").unwrap_err();
        assert!(e.to_string().contains("row 2"), "{e}");
    }
}
