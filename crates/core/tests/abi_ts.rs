//! The binding ABI has one definition, in Rust: the metric bits, the distance and depth-axis
//! codes, the blocks of the flat confusion counts, the order of the flat thin counts' fields,
//! `MAX_CLASSES` and every error code of perclass-core and perclass-io. This test writes them as
//! TypeScript and fails while the committed `src/generated/abi.ts` differs; `PERCLASS_WRITE_ABI=1`
//! rewrites the file instead. The TypeScript side (src/backends/kernel-output.ts,
//! src/thin/layout.ts, src/errors.ts) reads the generated constants, and
//! test/abi.test.ts checks the error codes against `ErrorCode` and the README.

use perclass_core::scores::{ScoreLayout, ScoreRule};
use perclass_core::{
    flat_fields, Confusion, DepthAxis, Distance, Metrics, PerclassError, Side, MAX_CLASSES,
    NARROWED_IGNORE, NARROWED_IGNORE_U8, SPACING_BOUNDS,
};
use perclass_io::MaskError;
use std::path::PathBuf;

/// Every variant of the core's error, so that a new variant fails to compile here until its code
/// is listed (the match has no wildcard).
fn core_codes() -> Vec<&'static str> {
    let all = [
        PerclassError::Shape { truth: 0, pred: 0 },
        PerclassError::NumClasses { value: 0 },
        PerclassError::LabelRange {
            side: Side::Truth,
            value: 0,
            index: 0,
            num_classes: 0,
            ignore_index: None,
        },
        PerclassError::Width { len: 0, width: 0 },
        PerclassError::Option {
            message: String::new(),
        },
        PerclassError::UnknownCode { what: "", value: 0 },
        PerclassError::ScoreNan { index: 0 },
        PerclassError::ScoreShape {
            values: 0,
            channels: 0,
            pixels: 0,
            layout: "",
        },
    ];
    all.iter()
        .map(|error| match error {
            PerclassError::Shape { .. }
            | PerclassError::NumClasses { .. }
            | PerclassError::LabelRange { .. }
            | PerclassError::Width { .. }
            | PerclassError::Option { .. }
            | PerclassError::UnknownCode { .. }
            | PerclassError::ScoreNan { .. }
            | PerclassError::ScoreShape { .. } => error.code(),
        })
        .collect()
}

/// Every variant of perclass-io's error, as [`core_codes`].
fn io_codes() -> Vec<&'static str> {
    let all = [
        MaskError::Corrupt(String::new()),
        MaskError::Unsupported(String::new()),
        MaskError::LimitPixels {
            width: 0,
            height: 0,
            max_pixels: 0,
        },
        MaskError::Palette {
            colour: 0,
            x: 0,
            y: 0,
        },
        MaskError::Option(String::new()),
    ];
    all.iter()
        .map(|error| match error {
            MaskError::Corrupt(_)
            | MaskError::Unsupported(_)
            | MaskError::LimitPixels { .. }
            | MaskError::Palette { .. }
            | MaskError::Option(_) => error.code(),
        })
        .collect()
}

/// A code table as `(name, code)` entries.
fn named<T>(table: &[(T, u32, &'static str)]) -> Vec<(&'static str, u32)> {
    table.iter().map(|&(_, code, name)| (name, code)).collect()
}

/// `{ name: code, ... }` over several lines (prettier keeps an object written so).
fn object(name: &str, doc: &str, entries: &[(&str, u32)]) -> String {
    let mut out = format!("/** {doc} */\nexport const {name} = {{\n");
    for (key, value) in entries {
        out += &format!("  {key}: {value},\n");
    }
    out + "} as const;\n"
}

/// `[...] as const` on one line when it fits prettier's 100 columns, else one item per line.
fn list(name: &str, doc: &str, items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("'{item}'")).collect();
    let one_line = format!("export const {name} = [{}] as const;\n", quoted.join(", "));
    let body = if one_line.len() <= 101 {
        one_line
    } else {
        let lines: String = quoted.iter().map(|q| format!("  {q},\n")).collect();
        format!("export const {name} = [\n{lines}] as const;\n")
    };
    format!("/** {doc} */\n{body}")
}

/// Each flat confusion block's length as a power of K (`K^p`), read off counts of two sizes.
fn confusion_blocks() -> Vec<(&'static str, u32)> {
    let (one, three) = (Confusion::new(1), Confusion::new(3));
    one.named_blocks()
        .iter()
        .zip(three.named_blocks())
        .map(|(&(name, cells1), (name3, cells3))| {
            assert_eq!(
                (name, cells1.len()),
                (name3, 1),
                "a block of K=1 has one cell"
            );
            let power = (0..=2)
                .find(|&p| 3usize.pow(p) == cells3.len())
                .expect("a block of K, K² or one cells");
            (name, power)
        })
        .collect()
}

/// `[[name, power], ...] as const`, one entry a line.
fn pairs(name: &str, doc: &str, entries: &[(&str, u32)]) -> String {
    let lines: String = entries
        .iter()
        .map(|(key, value)| format!("  ['{key}', {value}],\n"))
        .collect();
    format!("/** {doc} */\nexport const {name} = [\n{lines}] as const;\n")
}

fn generate() -> String {
    let fields = flat_fields();
    let mut codes = core_codes();
    codes.extend(io_codes());
    let mut unique: Vec<&str> = Vec::new();
    for code in codes {
        if !unique.contains(&code) {
            unique.push(code);
        }
    }
    let sections = [
        "// Written by crates/core/tests/abi_ts.rs from the Rust sources, the one definition of the\n\
         // binding ABI: do not edit. `PERCLASS_WRITE_ABI=1 cargo test -p perclass-core --test abi_ts`\n\
         // rewrites it; without the variable that test fails while this file differs.\n"
            .to_owned(),
        format!(
            "/** The most classes a call takes (`MAX_CLASSES`). */\nexport const MAX_CLASSES = {MAX_CLASSES};\n"
        ),
        format!(
            "/** The label an ignore index outside 0..=65535 takes in a narrowed 16-bit map (`NARROWED_IGNORE`). */\n\
             export const NARROWED_IGNORE = {NARROWED_IGNORE};\n"
        ),
        format!(
            "/** The same in a narrowed 8-bit map, at most 255 classes (`NARROWED_IGNORE_U8`). */\n\
             export const NARROWED_IGNORE_U8 = {NARROWED_IGNORE_U8};\n"
        ),
        format!(
            "/** The pixel sizes a thin-structure request takes, `[min, max]` (`SPACING_BOUNDS`). */\n\
             export const SPACING_BOUNDS = [{:e}, {:e}] as const;\n",
            SPACING_BOUNDS[0], SPACING_BOUNDS[1]
        ),
        object(
            "METRIC_BITS",
            "Each metric's bit in a thin-structure request (`Metrics::BITS`).",
            &Metrics::BITS,
        ),
        object(
            "DISTANCE_CODES",
            "The distance codes (`Distance::CODES`).",
            &named(&Distance::CODES),
        ),
        object(
            "DEPTH_AXIS_CODES",
            "The depth-axis codes (`DepthAxis::CODES`).",
            &named(&DepthAxis::CODES),
        ),
        object(
            "SCORE_LAYOUT_CODES",
            "The score-map layout codes (`ScoreLayout::CODES`).",
            &named(&ScoreLayout::CODES),
        ),
        object(
            "SCORE_RULE_CODES",
            "The score-decision rule codes (`ScoreRule::CODES`).",
            &ScoreRule::CODES,
        ),
        pairs(
            "CONFUSION_BLOCKS",
            "The flat confusion counts' blocks in order, each K^power cells (`Confusion::named_blocks`).",
            &confusion_blocks(),
        ),
        list(
            "TOLERANT_FIELDS",
            "A tolerant block of the flat thin counts, per τ (`TolerantCounts::named`).",
            &fields.tolerant,
        ),
        list(
            "TRACE_FIELDS",
            "A trace block's fixed fields; `covered` per τ follows (`TraceCounts::named`).",
            &fields.trace,
        ),
        list(
            "SKELETON_FIELDS",
            "A skeleton block (`SkeletonCounts::named`).",
            &fields.skeleton,
        ),
        list(
            "SURFACE_FIELDS",
            "A surface block: two sizes, then the lengths of its two histograms (`SurfaceCounts::named`).",
            &fields.surface,
        ),
        list(
            "CORNERS_FIELDS",
            "A corners block: two border sizes, then the lengths of its two histograms (`CornerSurfaceCounts::named`).",
            &fields.corners,
        ),
        list(
            "RUST_ERROR_CODES",
            "Every code the error types of perclass-core and perclass-io report.",
            &unique,
        ),
    ];
    sections.join("\n")
}

#[test]
fn generated_abi_matches_the_rust_definitions() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../src/generated/abi.ts");
    let text = generate();
    if std::env::var_os("PERCLASS_WRITE_ABI").is_some() {
        std::fs::write(&path, &text).expect("write src/generated/abi.ts");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} differs from the Rust definitions: run PERCLASS_WRITE_ABI=1 cargo test -p perclass-core --test abi_ts",
        path.display()
    );
}

#[test]
fn codes_and_bits_read_back_and_unknown_ones_are_internal_errors() {
    for (distance, code, _) in Distance::CODES {
        assert_eq!(Distance::from_code(code), Ok(distance));
        assert_eq!(distance.code(), code);
    }
    for (axis, code, _) in DepthAxis::CODES {
        assert_eq!(DepthAxis::from_code(code), Ok(axis));
        assert_eq!(axis.code(), code);
    }
    for bits in 0..32 {
        assert_eq!(Metrics::from_bits(bits).map(Metrics::bits), Ok(bits));
    }
    // Each named bit sets the field of that name and no other.
    for (name, bit) in Metrics::BITS {
        let m = Metrics::from_bits(bit).unwrap();
        let on = [
            ("tolerant", m.tolerant),
            ("trace", m.trace),
            ("skeleton", m.skeleton),
            ("surface", m.surface),
            ("corners", m.corners),
        ];
        for (field, set) in on {
            assert_eq!(set, field == name, "bit {bit} ({name}) and field {field}");
        }
    }
    for error in [
        // The first code past the table.
        Distance::from_code(Distance::CODES.len() as u32).unwrap_err(),
        DepthAxis::from_code(u32::MAX).unwrap_err(),
        Metrics::from_bits(32).unwrap_err(),
        Metrics::from_bits(1 | 64).unwrap_err(),
    ] {
        assert_eq!(error.code(), "E_INTERNAL");
        assert!(error
            .to_string()
            .starts_with("internal error: the binding passed "));
    }
}
