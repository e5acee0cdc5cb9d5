//! A deterministic generator of realistic input data: the committed
//! `samples/` folder, and benchmark data at district or city scale.
//!
//! Why generate instead of hand-making: the samples must show every sheet,
//! every accepted way of typing a value and a scoring case for every rule of
//! DOMAIN.md §3, and they must never drift from what the loader accepts. A
//! seeded generator makes them reproducible byte for byte (the tests compare
//! a fresh generation with the committed files), and the same code makes
//! data of any size for benchmarks.
//!
//! A run is streamed: communities are generated, written and dropped one at
//! a time, so a city of 3,000 workbooks needs the memory of one.
//!
//! Module map: `rng` random numbers; `names`, `catalog` and `profiles`
//! who the partners are and how they behave; `partner`, `services`, `fund`,
//! `survey`, `cases` and `space` the sheets; `style` and `spelling` how each
//! community types them; `plant` the planted mistakes; `write` and `files`
//! the output; `readme` the description of it.

mod cases;
mod catalog;
mod community;
mod files;
mod fund;
mod names;
mod partner;
mod plant;
mod profiles;
mod readme;
pub mod rng;
mod services;
mod space;
mod spelling;
mod style;
mod survey;
mod table;
mod write;

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use self::community::{Community, Shared};
use self::files::Manifest;
use self::names::{COMMUNITIES, DISTRICTS, STREETS};
use self::rng::Rng;
use crate::problem::Severity;
use crate::schema::SheetKind;

/// The seed of the committed samples.
pub const DEFAULT_SEED: u64 = 2025;

/// How much data to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// The committed samples: 郫都区, 3 streets, 8 communities, 60 partners,
    /// with planted errors.
    Small,
    /// One district: ≈600 partners, ≈120,000 service rows, clean.
    District,
    /// A city: 30,000 partners, 6,000,000 service rows, 3,000 workbooks, clean.
    City,
}

impl Scale {
    fn key(self) -> &'static str {
        match self {
            Scale::Small => "small",
            Scale::District => "district",
            Scale::City => "city",
        }
    }

    fn default_sizes(self) -> (usize, usize) {
        match self {
            Scale::Small => (60, 5_000),
            Scale::District => (600, 120_000),
            Scale::City => (30_000, 6_000_000),
        }
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub scale: Scale,
    pub seed: u64,
    /// Number of partners (district and city only; small is fixed).
    pub partners: Option<usize>,
    /// Number of service rows, roughly (district and city only).
    pub service_rows: Option<usize>,
}

impl Options {
    pub fn new(scale: Scale) -> Options {
        Options {
            scale,
            seed: DEFAULT_SEED,
            partners: None,
            service_rows: None,
        }
    }

    fn sizes(&self) -> (usize, usize) {
        let (p, r) = self.scale.default_sizes();
        (
            self.partners.unwrap_or(p).max(1),
            self.service_rows.unwrap_or(r),
        )
    }
}

/// What a run wrote.
#[derive(Debug, Default)]
pub struct Summary {
    pub workbooks: usize,
    pub partners: usize,
    /// Data rows written per sheet kind, planted rows included.
    pub rows: BTreeMap<SheetKind, usize>,
    /// Planted errors (small scale only).
    pub planted: usize,
}

/// A community's place in the run, before it is generated.
struct Spot {
    district: usize,
    street: usize,
    number: usize,
    name: String,
    partners: usize,
}

/// `total` split into `parts` near-equal shares: share `i`.
fn share(total: usize, parts: usize, i: usize) -> usize {
    total / parts + usize::from(i < total % parts)
}

/// Where every community of the run is, in output order.
fn layout(opts: &Options) -> Vec<Spot> {
    if opts.scale == Scale::Small {
        let streets = [0, 0, 0, 1, 1, 1, 2, 2];
        let numbers = [1, 2, 3, 1, 2, 3, 1, 2];
        return (0..8)
            .map(|i| Spot {
                district: 0,
                street: streets[i],
                number: numbers[i],
                name: COMMUNITIES[i].to_string(),
                partners: profiles::SMALL[i].len(),
            })
            .collect();
    }
    let (partners, _) = opts.sizes();
    let communities = partners.div_ceil(10);
    let districts = match opts.scale {
        Scale::City => communities.div_ceil(150).clamp(1, DISTRICTS.len()),
        _ => 1,
    };
    let mut spots = Vec::with_capacity(communities);
    for d in 0..districts {
        let in_district = share(communities, districts, d);
        let streets = in_district.div_ceil(10).clamp(1, STREETS.len());
        let mut k = 0;
        for s in 0..streets {
            for number in 1..=share(in_district, streets, s) {
                let base = COMMUNITIES[(k + 8 * d) % COMMUNITIES.len()];
                let name = match k / COMMUNITIES.len() {
                    0 => base.to_string(),
                    n => format!("{base}{}", n + 1),
                };
                spots.push(Spot {
                    district: d,
                    street: (s + 3 * d) % STREETS.len(),
                    number,
                    name,
                    partners: share(partners, communities, spots.len()),
                });
                k += 1;
            }
        }
    }
    spots
}

/// Generates the data of `opts` into `out`, overwriting files of the same
/// name. Planted-error paths start with `out`'s own folder name, as the
/// loader prints them when run on `out` from its parent folder.
pub fn generate(out: &Path, opts: &Options) -> io::Result<Summary> {
    std::fs::create_dir_all(out)?;
    let root = out
        .file_name()
        .map_or("samples".to_string(), |n| n.to_string_lossy().into_owned());
    let (partners, rows) = opts.sizes();
    let budget = rows as f64 / partners as f64;
    let base = Rng::new(opts.seed);
    let mut shared = Shared::default();
    let mut profiles = files::Profiles::create(&out.join("profiles.csv"))?;
    let mut summary = Summary::default();
    let mut about = readme::About::new(&root, opts.scale.key(), opts.seed);
    let mut manifest = Vec::new();
    let mut district_done = None;
    // Committed samples small on disk; benchmark data fast to write (deflate
    // is 40 % of the run at the default level).
    let compression = if opts.scale == Scale::Small { 6 } else { 1 };
    for (i, spot) in layout(opts).into_iter().enumerate() {
        let district = DISTRICTS[spot.district];
        let folder = format!("{}-2025", district.name);
        let dir = out.join(&folder);
        if district_done != Some(spot.district) {
            std::fs::create_dir_all(&dir)?;
            files::price_list(&dir.join("市场参考价.csv"))?;
            district_done = Some(spot.district);
            shared.names.clear();
        }
        let mut rng = base.fork(i as u64);
        let (style, slots) = match opts.scale {
            Scale::Small => (style::small(i), profiles::SMALL[i].to_vec()),
            _ => (
                style::draw(&mut rng),
                profiles::draw(&mut rng, spot.partners),
            ),
        };
        let c = Community {
            district,
            street: STREETS[spot.street],
            name: spot.name,
            number: spot.number,
            style,
            slots,
        };
        let mut book = community::build(&c, &mut rng, &mut shared, budget);
        if opts.scale == Scale::Small {
            plant::plant(i, &mut book);
        }
        community::finish(&mut book, &c);
        let (bytes, planted) = write::workbook(&book.tables, &c.style, &c.full_name(), compression)
            .map_err(io::Error::other)?;
        std::fs::write(dir.join(c.file_name()), bytes)?;
        let file = format!("{root}/{folder}/{}", c.file_name());
        for p in &planted {
            let severity = match p.plant.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let line = Manifest {
                file: file.clone(),
                sheet: p.sheet.clone(),
                row: p.row,
                column: p.column.clone(),
                code: p.plant.code,
                severity,
            };
            about.planted(&line, p.plant.note);
            manifest.push(line);
        }
        let place = [district.name, &c.street_name(), &c.full_name()];
        for p in &book.partners {
            profiles.add(p, place)?;
            about.partner(p);
        }
        about.community(&c, &file, book.partners.len());
        summary.workbooks += 1;
        summary.partners += book.partners.len();
        for t in &book.tables {
            *summary.rows.entry(t.kind).or_default() += t.rows.len();
        }
    }
    profiles.finish()?;
    summary.planted = manifest.len();
    files::manifest(&out.join("planted-errors.csv"), &manifest)?;
    std::fs::write(out.join("README.md"), about.render(&summary))?;
    Ok(summary)
}
